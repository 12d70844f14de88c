"""Email addresses in one canonical form, so one mailbox is one row everywhere.

Shared by every app that stores addresses (subscribers, petition signatures):
lower case throughout, and for Gmail, whose mailboxes ignore dots and "+tags" in
the local part, those are dropped too, so "Jane.Doe+news@GoogleMail.com" and
"janedoe@gmail.com" are the same person.
"""

GMAIL_DOMAINS = {"gmail.com", "googlemail.com"}


def normalise_email(address):
    """The canonical form of an address; "" for anything without a local part and domain."""
    address = (address or "").strip()
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain:
        return ""
    local, domain = local.lower(), domain.lower().rstrip(".")
    if domain in GMAIL_DOMAINS:
        local = local.split("+", 1)[0].replace(".", "")
        domain = "gmail.com"
    return f"{local}@{domain}"
