"""Petition.objects.open(): the one rule for taking signatures, used everywhere."""

from datetime import timedelta

import pytest
from django.utils import timezone

from petitions.models import Petition, country_choices
from tests.petitions.factories import make_petition

pytestmark = pytest.mark.django_db


def test_open_means_open_status_opened_and_not_yet_closed():
    now = timezone.now()
    open_ = make_petition(title="Open")
    closing_later = make_petition(title="Closes later", closes_at=now + timedelta(hours=1))
    make_petition(title="Draft", status=Petition.Status.DRAFT)
    make_petition(title="Closed", status=Petition.Status.CLOSED)
    not_yet = make_petition(title="Not yet", opens_at=now + timedelta(hours=1))
    make_petition(title="Past its time", closes_at=now - timedelta(seconds=1))

    assert set(Petition.objects.open()) == {open_, closing_later}
    assert {p for p in Petition.objects.all() if p.is_open} == {open_, closing_later}
    # Opening and closing happen on their own, with no job run: two hours later.
    assert set(Petition.objects.open(now=now + timedelta(hours=2))) == {open_, not_yet}


def test_closing_records_the_closing_time():
    petition = make_petition(closes_at=timezone.now() + timedelta(days=5))
    petition.status = Petition.Status.CLOSED
    petition.save()
    assert petition.closes_at <= timezone.now()


def test_body_is_rendered_and_sanitised_and_slug_made():
    petition = make_petition(
        title="Stop the “cuts” – now!",
        body='**Bold** <script>alert(1)</script> [x](javascript:alert(1)) <a onclick="x">y</a>',
    )
    assert petition.slug == "stop-the-cuts-now"
    assert "<strong>Bold</strong>" in petition.body_html
    for bad in ("<script", "javascript:", "onclick"):
        assert bad not in petition.body_html


@pytest.mark.parametrize(
    ("count", "goal", "percent"), [(0, 100, 0), (1, 300, 0.3), (57, 100, 57), (500, 100, 100)]
)
def test_progress_percent(count, goal, percent):
    assert Petition(signature_count=count, goal=goal).progress_percent == percent


def test_country_choices_are_real_countries():
    codes = dict(country_choices())
    assert codes["US"] == "United States" and codes["UA"] == "Ukraine"
    assert "EU" not in codes and "ZZ" not in codes and "001" not in codes
