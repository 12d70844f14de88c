"""One person, one address: the normalised form used to tell signers and subscribers apart.

Every provider treats the domain without regard to case, and in practice every big
provider also treats the local part so; some also ignore dots (Gmail) or anything
after a "+" (sub-addressing). Normalising by those rules counts one mailbox once.
The address as typed is still what mail is sent to.
"""

# Domains whose mailboxes ignore dots in the local part, mapped to their canonical domain.
DOT_INSENSITIVE_DOMAINS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}
# Domains that deliver "name+anything@" to "name@".
PLUS_TAG_DOMAINS = {
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
    "icloud.com", "me.com", "mac.com", "proton.me", "protonmail.com", "pm.me",
    "fastmail.com", "fastmail.fm", "yandex.ru", "yandex.com", "zoho.com",
}  # fmt: skip


def normalise_email(address):
    """'John.Smith+news@GoogleMail.com ' -> 'johnsmith@gmail.com'; "" if not an address."""
    address = (address or "").strip().lower()
    local, at, domain = address.rpartition("@")
    domain = domain.rstrip(".")
    if not at or not local or not domain:
        return ""
    if domain in PLUS_TAG_DOMAINS:
        local = local.split("+", 1)[0]
    if domain in DOT_INSENSITIVE_DOMAINS:
        local = local.replace(".", "")
        domain = DOT_INSENSITIVE_DOMAINS[domain]
    return f"{local}@{domain}"


def email_domain(address):
    """The domain part, lower case: what editors filter by."""
    return (address or "").strip().lower().rpartition("@")[2]
