"""What a visitor does: read, sign, open the emailed link, confirm, withdraw."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from petitions.models import Petition, Signature
from tests.factories import make_article, make_editor
from tests.petitions.factories import (
    committed,
    count_of,
    email_links,
    make_petition,
    make_signature,
    sign_form_data,
)

pytestmark = pytest.mark.django_db


def post(client, url, data=None, **extra):
    with committed():
        return client.post(url, data or {}, **extra)


def sign_url(petition):
    return f"/petitions/{petition.slug}/sign/"


def test_the_whole_flow_sign_email_link_button_counted(client, mailoutbox):
    petition = make_petition(title="Light the harbour", goal=10)
    page = client.get(petition.get_absolute_url())
    assert page.status_code == 200 and 'id="sign"' in page.content.decode()

    response = post(client, sign_url(petition), sign_form_data())
    assert response.status_code == 302
    assert response["Location"] == f"/petitions/{petition.slug}/thanks/"
    assert "Check your email" in client.get(response["Location"]).content.decode()
    assert count_of(petition) == 0

    confirm_path = email_links(mailoutbox[0])["confirm"]
    # A mail scanner, or the signer, opening the link: a page with one button, no count.
    for _ in range(3):
        page = client.get(confirm_path)
        assert page.status_code == 200
        assert "Confirm my signature" in page.content.decode()
    assert count_of(petition) == 0 and Signature.objects.get().state == "pending"

    response = post(client, confirm_path)
    assert response.status_code == 302
    assert response["Location"] == petition.get_absolute_url() + "#count"
    page = client.get(response["Location"]).content.decode()
    assert "confirmed and counted" in page
    assert re.search(r"<strong>1</strong>\s*signature\b", page)
    assert 'value="1"' in page and "Jane, United States" in page  # progress bar, recent signer
    assert count_of(petition) == 1

    # Reused link: harmless, says so, counts nothing more.
    post(client, confirm_path)
    assert "already confirmed" in client.get(confirm_path).content.decode()
    assert count_of(petition) == 1


def test_signing_again_in_other_letter_case_looks_the_same_and_counts_once(client, mailoutbox):
    petition = make_petition()
    first = post(client, sign_url(petition), sign_form_data(email="Anna@Example.org"))
    post(client, email_links(mailoutbox[0])["confirm"])
    second = post(client, sign_url(petition), sign_form_data(email="anna@EXAMPLE.ORG"))

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Signature.objects.count() == 1 and count_of(petition) == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "Visit www.example.com", "leave out web addresses"),
        ("name", "=SUM(A1:A9)", "do not start with"),
        ("name", "@jane", "do not start with"),
        ("name", "", "This field is required"),
        ("email", "jane@", "valid email address"),
        ("postcode", "+44 1", "letters, numbers, spaces or hyphens"),
        ("comment", "x" * 501, "at most 500 characters"),
    ],
)
def test_bad_input_gets_a_clear_message_on_the_form(client, field, value, message):
    petition = make_petition()
    response = post(client, sign_url(petition), sign_form_data(**{field: value}))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html.replace("&#x27;", "'")
    assert f'id="id_{field}_error"' in html
    assert re.search(rf'<[^>]+name="{field}"[^>]*aria-invalid="true"', html)
    assert re.search(rf'<[^>]+name="{field}"[^>]*aria-describedby="[^"]*id_{field}_error', html)
    assert 'role="alert"' in html
    assert not Signature.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"website": "http://bot.example"},  # the honeypot
        {"form_started": None},  # no form timestamp at all
        {"form_started": "tampered"},
    ],
)
def test_bots_are_turned_away_without_a_signature(client, mailoutbox, data):
    petition = make_petition()
    response = post(client, sign_url(petition), sign_form_data(**data))
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert not Signature.objects.exists() and mailoutbox == []


def test_a_form_sent_faster_than_a_person_types_is_refused(client, settings):
    settings.PETITION_MIN_FILL_SECONDS = 5
    from django.core import signing

    started = signing.dumps(timezone.now().timestamp(), salt="form-started")
    response = post(client, sign_url(make_petition()), sign_form_data(form_started=started))
    assert "quicker than we expected" in response.content.decode()
    assert not Signature.objects.exists()


def test_flooding_from_one_network_gets_the_clear_limit_page(client, settings, mailoutbox):
    settings.PETITION_SIGNATURES_PER_IP_PER_HOUR = 3
    petition = make_petition()
    for n in range(3):
        response = post(client, sign_url(petition), sign_form_data(email=f"p{n}@example.org"))
        assert response.status_code == 302
    response = post(client, sign_url(petition), sign_form_data(email="p9@example.org"))
    assert response.status_code == 429
    assert "Too many signatures from your network" in response.content.decode()
    assert response["Retry-After"]
    assert Signature.objects.count() == 3
    # Another network, and the same network on another petition, are not limited.
    other = post(client, sign_url(petition), sign_form_data(email="x@example.org"),
                 REMOTE_ADDR="203.0.113.9")  # fmt: skip
    assert other.status_code == 302
    assert post(client, sign_url(make_petition()), sign_form_data()).status_code == 302
    # Only hashes are kept.
    assert not Signature.objects.filter(ip_hash__contains="127.0.0.1").exists()
    assert len(Signature.objects.first().ip_hash) == 32


def test_expired_link_page_offers_a_fresh_email(client, settings, mailoutbox):
    petition = make_petition()
    post(client, sign_url(petition), sign_form_data())
    confirm_path = email_links(mailoutbox[0])["confirm"]
    settings.PETITION_CONFIRM_MAX_AGE = -1

    page = client.get(confirm_path)
    assert page.status_code == 200 and "This link has expired" in page.content.decode()
    assert post(client, confirm_path).status_code == 200  # the same page; nothing counted
    assert count_of(petition) == 0

    token = confirm_path.split("/")[3]
    response = post(client, "/petitions/confirm/resend/", {"token": token})
    assert response.status_code == 200 and "Check your email" in response.content.decode()
    assert len(mailoutbox) == 2


def test_tampered_link_gets_a_clear_page_and_changes_nothing(client, mailoutbox):
    petition = make_petition()
    post(client, sign_url(petition), sign_form_data())
    confirm_path = email_links(mailoutbox[0])["confirm"]
    tampered = confirm_path.replace(":", ":x", 1)
    for response in (client.get(tampered), post(client, tampered)):
        assert response.status_code == 404
        assert "This link does not work" in response.content.decode()
    resend = post(client, "/petitions/confirm/resend/", {"token": "nonsense"})
    assert resend.status_code == 404
    assert count_of(petition) == 0 and len(mailoutbox) == 1


def test_withdrawing_from_the_email_link(client, mailoutbox):
    petition = make_petition()
    post(client, sign_url(petition), sign_form_data())
    links = email_links(mailoutbox[0])
    post(client, links["confirm"])
    assert count_of(petition) == 1

    page = client.get(links["withdraw"])
    assert "Withdraw my signature" in page.content.decode()
    assert count_of(petition) == 1  # GET changes nothing
    page = post(client, links["withdraw"])
    assert "Your signature is withdrawn" in page.content.decode()
    assert count_of(petition) == 0


def test_count_json(client, mailoutbox):
    petition = make_petition(goal=50)
    make_signature(petition, confirmed=True, country="UA")
    response = client.get(f"/petitions/{petition.slug}/count.json")
    assert response.status_code == 200 and "max-age=10" in response["Cache-Control"]
    assert response.json()["count"] == 1 and response.json()["goal"] == 50
    assert response.json()["by_country"] == [{"code": "UA", "name": "Ukraine", "count": 1}]

    post(client, sign_url(petition), sign_form_data())
    post(client, email_links(mailoutbox[0])["confirm"])
    assert client.get(f"/petitions/{petition.slug}/count.json").json()["count"] == 2
    draft = make_petition(status=Petition.Status.DRAFT)
    assert client.get(f"/petitions/{draft.slug}/count.json").status_code == 404


def test_list_shows_open_petitions_first_then_closed_never_drafts(client):
    closed = make_petition(title="Closed one", status=Petition.Status.CLOSED)
    by_time = make_petition(title="Closed by time", closes_at=timezone.now() - timedelta(hours=1))
    make_petition(title="Draft one", status=Petition.Status.DRAFT)
    make_petition(title="Not yet", opens_at=timezone.now() + timedelta(days=1))
    older = make_petition(title="Older open", opens_at=timezone.now() - timedelta(days=5))
    newer = make_petition(title="Newer open")
    featured = make_petition(title="Featured open", is_featured=True,
                             opens_at=timezone.now() - timedelta(days=9))  # fmt: skip

    html = client.get("/petitions/").content.decode()
    titles = re.findall(r'petition-summary__title"><a href="[^"]+">([^<]+)</a>', html)
    assert titles == [featured.title, newer.title, older.title, by_time.title, closed.title]
    assert html.index("Open for signatures") < html.index(">Closed<")


@pytest.mark.usefixtures("uncached_pages")
def test_reader_pages_cost_a_constant_number_of_queries(client, django_assert_max_num_queries):
    petitions = [make_petition() for _ in range(3)]
    for petition in petitions:
        for _ in range(3):
            make_signature(petition, confirmed=True, show_name=True)
    client.get("/")  # warm the site-wide caches (site settings, last updated)
    with django_assert_max_num_queries(2):  # count, page
        assert client.get("/petitions/").status_code == 200
    with django_assert_max_num_queries(2):  # petition, recent signers
        assert client.get(petitions[0].get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get(f"/petitions/{petitions[0].slug}/count.json").status_code == 200
    with django_assert_max_num_queries(1):  # warm: the petition only
        assert client.get(f"/petitions/{petitions[0].slug}/count.json").status_code == 200


def test_closed_petition_shows_the_result_and_refuses_signatures(client, mailoutbox):
    petition = make_petition(closes_at=timezone.now() - timedelta(minutes=5))
    html = client.get(petition.get_absolute_url()).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert "This petition is closed" in main and 'name="email"' not in main
    response = post(client, sign_url(petition), sign_form_data())
    assert response.status_code == 302 and not Signature.objects.exists()


def test_drafts_are_hidden_from_readers_and_previewed_by_editors(client):
    draft = make_petition(status=Petition.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(make_editor())
    page = client.get(draft.get_absolute_url())
    assert (
        page.status_code == 200 and "Preview: this petition is not public" in page.content.decode()
    )
    assert "no-cache" in page["Cache-Control"]


def test_recent_signers_show_first_name_and_country_only_when_chosen(client):
    petition = make_petition()
    make_signature(petition, confirmed=True, name="Olena Petrenko", country="UA", show_name=True)
    make_signature(petition, confirmed=True, name="Hidden Person", show_name=False)
    make_signature(petition, name="Pending Person", show_name=True)
    html = client.get(petition.get_absolute_url()).content.decode()
    assert "Olena, Ukraine" in html and "Petrenko" not in html
    assert "Hidden" not in html and "Pending" not in html


def test_signer_text_is_escaped_everywhere(client):
    petition = make_petition(body="<img src=x onerror=alert(1)> [x](javascript:alert(2))")
    make_signature(petition, confirmed=True, name='Jo "><b>bold', show_name=True)
    html = client.get(petition.get_absolute_url()).content.decode()
    assert "onerror" not in html and "javascript:" not in html
    assert "<b>bold" not in html


def test_sign_get_goes_to_the_form(client):
    petition = make_petition()
    response = client.get(sign_url(petition))
    assert response.status_code == 302 and response["Location"].endswith("#sign")
    assert client.get("/petitions/no-such-petition/sign/").status_code == 404


def test_article_call_to_action_links_its_petition_or_the_featured_one(client):
    featured = make_petition(title="The featured one", is_featured=True)
    own = make_petition(title="The article's own")
    with_own = make_article(petition=own)
    without = make_article()

    assert (
        f'href="{own.get_absolute_url()}"'
        in client.get(with_own.get_absolute_url()).content.decode()
    )
    html = client.get(without.get_absolute_url()).content.decode()
    assert f'href="{featured.get_absolute_url()}"' in html and "Sign Our Petition" in html
    Petition.objects.filter(pk=featured.pk).update(status=Petition.Status.DRAFT)
    from django.core.cache import cache

    cache.clear()
    assert "Sign Our Petition" not in client.get(without.get_absolute_url()).content.decode()


@pytest.mark.usefixtures("uncached_pages")
def test_the_petition_call_costs_the_article_page_no_query_once_warm(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.articles.test_query_counts import BUDGETS

    def queries(url):
        client.get(url)  # warm
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    bare = make_article(sections=["opinion"])
    before = queries(bare.get_absolute_url())
    make_petition(is_featured=True)
    linked = make_article(petition=make_petition(), sections=["opinion"])
    assert queries(bare.get_absolute_url()) == before  # featured petition
    assert queries(linked.get_absolute_url()) == before <= BUDGETS["article"]  # its own


def test_petitions_sitemap_lists_public_petitions_only(client):
    shown = make_petition(title="Shown petition")
    make_petition(title="Draft petition", status="draft")
    body = client.get("/sitemap-petitions.xml").content.decode()
    assert f"http://testserver{shown.get_absolute_url()}" in body
    assert "draft-petition" not in body
