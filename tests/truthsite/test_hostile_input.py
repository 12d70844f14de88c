"""Hostile input through every public form, query string and header: a clear form
error or an accepted submission, never a 500; nothing typed comes back as markup or
becomes an email header.

Run on PostgreSQL too (CI does): it refuses NUL characters in text, so a NUL that got
as far as the database would show here as a 500.

Adding a public form is one line in FORMS.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import pytest
from django.core import mail
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from subscriptions import tokens as subscription_tokens
from tests.factories import make_category
from tests.page_types import PAGE_TYPES, build_site
from tests.petitions.factories import make_petition, sign_form_data
from tests.subscriptions.factories import make_subscriber, signup_data

pytestmark = pytest.mark.django_db


def _manage_path():
    return f"/subscribe/manage/{subscription_tokens.manage_token(make_subscriber())}/"


@dataclass(frozen=True)
class PublicForm:
    name: str
    path: Callable[[], str]  # makes what the form needs; returns where it is sent
    valid: Callable[[], dict]  # a submission the form accepts
    method: str = "post"


FORMS = [
    PublicForm("petition sign", lambda: f"/petitions/{make_petition().slug}/sign/",
               lambda: sign_form_data(comment="Fine.", wants_newsletter="on")),
    PublicForm("subscribe page", lambda: "/subscribe/",
               lambda: signup_data(source="page", categories=[make_category().pk])),
    PublicForm("footer subscribe", lambda: "/subscribe/", lambda: signup_data(source="footer")),
    PublicForm("manage preferences", _manage_path,
               lambda: {"frequency": "weekly", "categories": [make_category().pk]}),
    PublicForm("search", lambda: "/search/", lambda: {"q": "peace"}, method="get"),
]  # fmt: skip

VICTIM = "victim@example.net"
HOSTILE = {
    "over-long": "x" * 5000,
    "over-long words": "word " * 2000,
    "NUL": "Jane\x00Doe",
    "only NUL": "\x00",
    "control characters": "Jane\x01\x08\x0b\x1b\x7fDoe",
    "header injection": f"Jane Doe\r\nBcc: {VICTIM}",
    "email header injection": f"jane@example.org\r\nBcc: {VICTIM}",
    "email with NUL": "jane\x00@example.org",
    "script": "<script>alert(1)</script>",
    "attribute breakout": '"><img src=x onerror=alert(1)>',
    "mixed scripts": "Jаne Ωmega مرحبا 漢字",  # the first а is Cyrillic
    "bidi override": "\u202eenoD enaJ\u202c",
    "zero width": "Ja\u200bne\ufeff",
    "combining and emoji": "Z\u0337\u0322algo 🙂",
    "template syntax": "{{ request }}{% debug %}",
    "formula": '=HYPERLINK("http://evil.example")',
}
# What must never come back from the server as live markup.
UNESCAPED = ["<script>alert(1)", "onerror=alert(1)>", "<img src=x"]


@pytest.fixture(autouse=True)
def _limits_out_of_the_way(settings):
    """The per-network limits would turn these many posts into 429s, testing nothing."""
    settings.PETITION_SIGNATURES_PER_IP_PER_HOUR = 10**6
    settings.SUBSCRIPTION_SIGNUPS_PER_HOUR = 10**6
    settings.PETITION_RESENDS_PER_IP_PER_HOUR = 10**6


def send(client, form, path, data, **extra):
    if form.method == "get":
        return client.get(path, data, **extra)
    return client.post(path, data, **extra)


def assert_survived(response, what):
    assert response.status_code < 500, f"{what}: {response.status_code}"
    if response["Content-Type"].startswith("text/html"):
        page = response.content.decode()
        for raw in UNESCAPED:
            assert raw not in page, f"{what}: {raw!r} came back unescaped"


def assert_no_injected_headers():
    for message in mail.outbox:
        assert VICTIM not in message.recipients(), message.recipients()
        raw = message.message().as_bytes()
        head = raw.split(b"\n\n", 1)[0]
        assert b"\nBcc:" not in head and VICTIM.encode() not in head, head


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.name)
@pytest.mark.parametrize("kind", HOSTILE, ids=str)
def test_hostile_value_in_every_field(client, django_capture_on_commit_callbacks, form, kind):
    path, valid = form.path(), form.valid()
    for field in [*valid, "unexpected_field"]:
        data = {**valid, field: HOSTILE[kind]}
        with django_capture_on_commit_callbacks(execute=True):
            response = send(client, form, path, data)
        assert_survived(response, f"{form.name}.{field} = {kind}")
    assert_no_injected_headers()


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.name)
def test_the_valid_submission_is_accepted(client, form):
    """So that the hostile tests above start from a submission that gets through."""
    response = send(client, form, form.path(), form.valid())
    assert response.status_code in (200, 302)
    if form.method == "post":
        assert response.status_code == 302, response.content.decode()[:2000]


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.name)
def test_hostile_headers_and_undecodable_bodies(client, form):
    path, valid = form.path(), form.valid()
    for header, value in {
        "HTTP_USER_AGENT": "Mozilla\x00/5.0\r\nX-Evil: 1" + "x" * 2000,
        "HTTP_X_FORWARDED_FOR": "\x00, 999.1.1.1, <script>",
        "HTTP_ACCEPT_LANGUAGE": "\x00;q=<script>",
        "REMOTE_ADDR": "not-an-address\x00",
    }.items():
        assert_survived(send(client, form, path, valid, **{header: value}), f"{header}")
    if form.method == "post":
        body = urlencode(valid, doseq=True).encode() + b"&name=%FF%FE%00&email=\xff\xfe\x00"
        response = client.generic(
            "POST", path, body, content_type="application/x-www-form-urlencoded"
        )
        assert_survived(response, "undecodable body")


def test_hostile_query_strings_and_links_on_every_page(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    site = build_site()
    query = urlencode(
        {"page": "\x00", "q": "<script>alert(1)</script>\x00", "email": f"a\r\nBcc: {VICTIM}",
         "next": "javascript:alert(1)", "x" * 300: "y" * 5000}
    )  # fmt: skip
    client.raise_request_exception = False
    for page_type in PAGE_TYPES:
        if page_type.post or page_type.status >= 500:  # shown by a form; or the site down
            continue
        with page_type.state():
            response = client.get(f"{page_type.path(site)}?{query}&page=99999999999999999999")
        # A list page answers an impossible ?page= with its 404 page.
        assert response.status_code in (page_type.status, 404), page_type.name
        assert_survived(response, page_type.name)
    for prefix in ("/subscribe/confirm/", "/subscribe/manage/", "/unsubscribe/",
                   "/petitions/confirm/", "/petitions/withdraw/", "/petitions/"):  # fmt: skip
        for value in ("\x00", "WzEsIngiXQ:\x00", "<script>", "a" * 3000, "..%2F..%2F"):
            assert_survived(client.get(f"{prefix}{quote(value, safe='')}/"), prefix)
            assert_survived(client.post(f"{prefix}{quote(value, safe='')}/"), prefix)


# Property-based: generated text in every field of every form. -------------------------

# Any text, weighted towards the characters and fragments that break things.
FRAGMENTS = st.sampled_from(
    ["\x00", "\r\n", "\n", "<", ">", "\"", "'", "&", "<script>", "javascript:", "onerror=",
     "@", "=", "\u202e", "\u200b", "%00", "{{", "}}", "Ω", "я", "漢", "🙂", " "]
)  # fmt: skip
GENERATED_TEXT = st.lists(
    st.one_of(FRAGMENTS, st.text(st.characters(exclude_categories=["Cs"]), max_size=20)),
    max_size=15,
).map("".join) | st.text(max_size=400)

FORM_PROPERTY = hypothesis_settings(
    max_examples=40, deadline=None, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.name)
@FORM_PROPERTY
@given(values=st.lists(GENERATED_TEXT, min_size=12, max_size=12))
def test_generated_text_in_every_field_never_breaks_a_form(
    client, django_capture_on_commit_callbacks, form, values
):
    mail.outbox = []
    path, valid = form.path(), form.valid()
    data = dict(valid)
    for field, value in zip(valid, values, strict=False):
        if field not in ("form_started",):  # the signed start time stays valid
            data[field] = value
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, form, path, data)
    assert_survived(response, f"{form.name} with {data!r}")
    assert_no_injected_headers()
