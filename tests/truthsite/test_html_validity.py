"""Every page type is valid HTML: the Nu HTML checker finds no error.

The pages are fetched with Django's test client into temporary files and checked in
one run of the checker, since the JVM takes a while to start.
"""

import json
import subprocess

import pytest

from tests.checkers import vnu_command
from tests.page_types import PAGE_TYPES, build_site

pytestmark = pytest.mark.django_db


def fetch(client, page_type, site):
    client.raise_request_exception = False
    with page_type.state():
        path = page_type.path(site)
        if page_type.post:
            return client.post(path, page_type.post(site))
        return client.get(path)


def test_every_page_type_is_valid_html(client, tmp_path):
    command = vnu_command()
    site = build_site()
    files = {}
    for number, page_type in enumerate(PAGE_TYPES):
        response = fetch(client, page_type, site)
        assert response.status_code == page_type.status, page_type.name
        assert response["Content-Type"].startswith("text/html"), page_type.name
        path = tmp_path / f"{number:02d}.html"
        path.write_bytes(response.content)
        files[path.as_uri()] = page_type.name
    result = subprocess.run(
        [*command, "--format", "json", "--stdout", *sorted(str(p) for p in tmp_path.iterdir())],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    messages = json.loads(result.stdout)["messages"]
    errors = [
        f"{files.get(m.get('url'), m.get('url'))}: line {m.get('lastLine')}: {m['message']}"
        f" [{m.get('extract', '').strip()}]"
        for m in messages
        if m["type"] in {"error", "non-document-error"}
    ]
    assert not errors, "\n".join(errors)
    assert result.returncode == 0
