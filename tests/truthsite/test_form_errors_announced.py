"""On every page that shows a form with errors, each invalid field names its error
(aria-invalid + aria-describedby pointing at the message) and the page announces that
something needs correcting (role="alert"). axe checks labels; this checks the ties."""

import re

import pytest

from tests.page_types import PAGE_TYPES, build_site

pytestmark = pytest.mark.django_db

FORM_ERROR_PAGES = [p for p in PAGE_TYPES if p.post and p.status == 200]
TAG = re.compile(r"<[^>]+>")


def element_text(page, element_id):
    found = re.search(
        rf'<(\w+)[^>]*\bid="{re.escape(element_id)}"[^>]*>(.*?)</\1>', page, re.DOTALL
    )
    return " ".join(TAG.sub(" ", found.group(2)).split()) if found else None


def test_there_are_form_error_pages_to_check():
    assert len(FORM_ERROR_PAGES) >= 2


@pytest.mark.parametrize("page_type", FORM_ERROR_PAGES, ids=lambda page_type: page_type.name)
def test_errors_are_tied_to_their_fields_and_announced(client, page_type):
    site = build_site()
    with page_type.state():
        page = client.post(page_type.path(site), page_type.post(site)).content.decode()
    assert 'role="alert"' in page
    invalid = re.findall(r"<(?:input|select|textarea)\b[^>]*aria-invalid=\"true\"[^>]*>", page)
    assert invalid, "the page should show at least one invalid field"
    for field in invalid:
        described = re.search(r'aria-describedby="([^"]+)"', field)
        assert described, f"no aria-describedby on {field}"
        errors = [
            element_text(page, element_id)
            for element_id in described.group(1).split()
            if "error" in element_id
        ]
        assert any(errors), f"{field}: aria-describedby names no error message ({errors})"
