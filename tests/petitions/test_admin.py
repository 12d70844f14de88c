"""Editors manage petitions and signatures through /admin/ without breaking the counts."""

import csv
import io
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from petitions.models import Petition, Signature
from tests.factories import make_editor
from tests.petitions.factories import make_petition, make_signature

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/petitions/petition/"
SIGNATURES = "/admin/petitions/signature/"


def action(client, url, name, objects):
    return client.post(
        url, {"action": name, "_selected_action": [obj.pk for obj in objects]}, follow=False
    )


def export_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def editor(client):
    user = make_editor()
    client.force_login(user)
    return user


def test_editors_group_has_the_petition_permissions():
    codenames = set(
        Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    )
    assert {"add_petition", "change_petition", "view_signature", "export_signatures",
            "invalidate_signatures"} <= codenames  # fmt: skip
    assert "delete_signature" not in codenames and "add_signature" not in codenames


def test_petition_list_shows_live_counts(client, editor):
    petition = make_petition(title="Counted petition")
    make_signature(petition, confirmed=True)
    make_signature(petition, confirmed=True)
    make_signature(petition)
    html = client.get(CHANGELIST).content.decode()
    assert "Counted petition" in html
    assert '<td class="field-signature_count">2</td>' in html
    assert '<td class="field-awaiting">1</td>' in html


def test_editor_creates_a_petition(client, editor):
    response = client.post(
        "/admin/petitions/petition/add/",
        {
            "title": "Fund the lifeboats", "slug": "fund-the-lifeboats",
            "recipient": "The council", "summary": "Please.", "body": "**Now**",
            "status": "open", "opens_at_0": "2025-01-01", "opens_at_1": "10:00:00",
            "closes_at_0": "", "closes_at_1": "", "goal": "500",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    petition = Petition.objects.get(slug="fund-the-lifeboats")
    assert petition.is_open and "<strong>Now</strong>" in petition.body_html


def test_close_and_reopen_actions(client, editor):
    petition = make_petition()
    action(client, CHANGELIST, "close", [petition])
    petition.refresh_from_db()
    assert petition.status == "closed" and not petition.is_open
    action(client, CHANGELIST, "reopen", [petition])
    petition.refresh_from_db()
    assert petition.is_open


def test_csv_export_is_formula_safe_and_only_confirmed(client, editor):
    petition = make_petition(title="Export me")
    make_signature(petition, confirmed=True, name="Safe Name", comment="=cmd|' /C calc'!A0")
    make_signature(petition, confirmed=True, name="Other", postcode="SW1A 1AA",
                   comment="@SUM(1+1)*cmd")  # fmt: skip
    make_signature(petition, name="Pending Person")
    response = action(client, CHANGELIST, "export_signatures", [petition])
    rows = export_rows(response)
    assert rows[0][:3] == ["Petition", "Name", "Email"]
    assert len(rows) == 3 and "Pending Person" not in str(rows)
    comments = {row[1]: row[5] for row in rows[1:]}
    assert comments == {"Safe Name": "'=cmd|' /C calc'!A0", "Other": "'@SUM(1+1)*cmd"}


def test_csv_export_needs_its_own_permission(client):
    user = make_editor()
    user.groups.first().permissions.remove(Permission.objects.get(codename="export_signatures"))
    client.force_login(user)
    petition = make_petition()
    make_signature(petition, confirmed=True)
    page = client.get(CHANGELIST).content.decode()
    assert 'value="export_signatures"' not in page and 'value="close"' in page
    response = action(client, CHANGELIST, "export_signatures", [petition])
    assert not response.get("Content-Type", "").startswith("text/csv")


def test_bulk_invalidation_form(client, editor):
    petition = make_petition()
    for _ in range(3):
        make_signature(petition, confirmed=True, ip_hash="floodnet")
    make_signature(petition, confirmed=True, ip_hash="othernet")
    url = f"/admin/petitions/petition/{petition.pk}/invalidate/"

    assert client.get(f"/admin/petitions/petition/{petition.pk}/change/").status_code == 200
    assert "Hashed network" in client.get(url).content.decode()
    empty = client.post(url, {"reason": "nothing chosen"})
    assert empty.status_code == 200 and "Choose at least one" in empty.content.decode()
    response = client.post(url, {"ip_hash": "floodnet", "reason": "one network"}, follow=True)
    assert "3 confirmed and 0 unconfirmed signatures invalidated" in response.content.decode()
    assert Petition.objects.get(pk=petition.pk).signature_count == 1


def test_signatures_are_filterable_searchable_and_read_only(client, editor):
    petition = make_petition(title="Filter me")
    wanted = make_signature(petition, confirmed=True, name="Findable Person", country="UA",
                            email="findme@example.org")  # fmt: skip
    make_signature(petition, name="Someone Pending", country="US")
    earlier = timezone.now() - timedelta(days=3)
    make_signature(make_petition(), name="Old Elsewhere", created_at=earlier)

    since_yesterday = urlencode(
        {"created_at__gte": (timezone.now() - timedelta(days=1)).isoformat()}
    )
    for query, shown, hidden in [
        ("?q=findme", "Findable Person", "Someone Pending"),
        ("?q=Findable", "Findable Person", "Someone Pending"),
        ("?state__exact=pending", "Someone Pending", "Findable Person"),
        ("?country=UA", "Findable Person", "Someone Pending"),
        (f"?petition__id__exact={petition.pk}", "Findable Person", "Old Elsewhere"),
        (f"?{since_yesterday}", "Findable Person", "Old Elsewhere"),
    ]:
        html = client.get(SIGNATURES + query).content.decode()
        assert shown in html and hidden not in html, query

    filters = client.get(SIGNATURES).content.decode()
    assert "?country=UA" in filters and "Ukraine" in filters and "Afghanistan" not in filters
    page = client.get(f"{SIGNATURES}{wanted.pk}/change/").content.decode()
    assert "findme@example.org" in page and 'name="name"' not in page  # nothing editable
    assert wanted.nonce not in page
    assert client.post(f"{SIGNATURES}{wanted.pk}/delete/").status_code == 403


def test_invalidate_selected_signatures_action(client, editor):
    petition = make_petition()
    chosen = [make_signature(petition, confirmed=True) for _ in range(2)]
    make_signature(petition, confirmed=True)
    action(client, SIGNATURES, "invalidate_selected", chosen)
    assert Petition.objects.get(pk=petition.pk).signature_count == 1
    assert set(Signature.objects.filter(state="invalidated").values_list("pk", flat=True)) == {
        s.pk for s in chosen
    }


def test_article_admin_offers_the_petition_field(client, editor):
    make_petition(title="Linkable petition")
    page = client.get("/admin/articles/article/add/").content.decode()
    assert 'name="petition"' in page
    found = client.get(
        "/admin/autocomplete/",
        {"term": "Linkable", "app_label": "articles", "model_name": "article",
         "field_name": "petition"},
    )  # fmt: skip
    assert found.status_code == 200
    assert [item["text"] for item in found.json()["results"]] == ["Linkable petition"]
