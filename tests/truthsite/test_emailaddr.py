import pytest

from truthsite.emailaddr import normalise_email


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("  Jane.Doe@Example.ORG ", "jane.doe@example.org"),
        ("Jane.Doe+news@GMail.com", "janedoe@gmail.com"),
        ("j.a.n.e@googlemail.com", "jane@gmail.com"),
        ("jane+tag@example.org", "jane+tag@example.org"),
        ("no-at-sign", ""),
        ("@example.org", ""),
        ("jane@", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_normalise_email(given, expected):
    assert normalise_email(given) == expected
