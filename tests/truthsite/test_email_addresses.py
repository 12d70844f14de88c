import pytest

from truthsite.email_addresses import email_domain, normalise_email


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("Jane@Example.org", "jane@example.org"),
        ("  jane@example.org ", "jane@example.org"),
        ("john.smith@gmail.com", "johnsmith@gmail.com"),
        ("John.Smith+petitions@GoogleMail.com", "johnsmith@gmail.com"),
        ("j.smith+x@outlook.com", "j.smith@outlook.com"),  # Outlook: tags, not dots
        ("j.smith+x@example.org", "j.smith+x@example.org"),  # unknown provider: as is
        ("no-at-sign", ""),
        ("@example.org", ""),
        ("jane@", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_normalise_email(typed, normalised):
    assert normalise_email(typed) == normalised


def test_email_domain():
    assert email_domain("Someone@Mail.Example.ORG") == "mail.example.org"
