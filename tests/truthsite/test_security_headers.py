"""Security headers and cookies as production sends them.

The production values are read from truthsite.settings in a fresh interpreter with a
production environment (DEBUG off, as on a real host), then applied to this test's
settings, so the test checks what production really configures, not a copy of it.
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings

pytestmark = pytest.mark.django_db

PRODUCTION_KEYS = [
    "DEBUG", "SECURE_PROXY_SSL_HEADER", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY", "SECURE_CROSS_ORIGIN_OPENER_POLICY", "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE", "CSRF_COOKIE_SAMESITE", "PERMISSIONS_POLICY",
]  # fmt: skip
# Every source a policy may name: this site, nothing, or the per-response nonce.
OWN_SOURCES = {"'self'", "'none'", "data:"}


@pytest.fixture(scope="module")
def production_values():
    script = (
        "import json; from truthsite import settings as s; "
        f"print(json.dumps({{k: getattr(s, k, None) for k in {PRODUCTION_KEYS!r}}}))"
    )
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SECURE_", "SESSION_", "CSRF_", "DJANGO_"))
    }
    environment.update(DEBUG="0", SECRET_KEY="x" * 60, ALLOWED_HOSTS="example.org")
    output = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True, text=True, check=True, env=environment,
        cwd=django_settings.BASE_DIR,
    ).stdout  # fmt: skip
    return json.loads(output)


@pytest.fixture
def production(settings, production_values):
    for key, value in production_values.items():
        setattr(settings, key, tuple(value) if key == "SECURE_PROXY_SSL_HEADER" else value)
    return production_values


def test_production_settings_are_strict(production):
    assert production["DEBUG"] is False
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] >= 31536000
    assert production["SESSION_COOKIE_SECURE"] and production["CSRF_COOKIE_SECURE"]
    assert production["SESSION_COOKIE_HTTPONLY"] is True


def test_plain_http_is_redirected_to_https(client, production):
    response = client.get("/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_every_security_header_on_a_page(client, production):
    response = client.get("/subscribe/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions


def test_content_security_policy_names_no_other_host_and_no_inline(client, production):
    policy = client.get("/", secure=True)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    for name, sources in directives.items():
        for source in sources.split():
            assert source in OWN_SOURCES or source.startswith("'nonce-"), (name, source)
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_error_pages_carry_the_headers_too(client, production):
    response = client.get("/no-such-page/", secure=True)
    assert response.status_code == 404
    assert "Content-Security-Policy" in response and "Permissions-Policy" in response


def test_cookies_are_secure_httponly_and_samesite(client, production):
    from tests.factories import make_editor

    # Public pages set no cookie at all (their forms are checked by origin); the
    # admin's sign-in form is where the CSRF cookie is set.
    assert not client.get("/subscribe/", secure=True).cookies
    response = client.get("/admin/login/", secure=True)
    csrf = response.cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"
    make_editor(username="cookies", password="a-long-password-1")
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "cookies", "password": "a-long-password-1"},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
