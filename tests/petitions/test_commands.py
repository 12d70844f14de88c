"""manage.py recount_signatures, purge_signatures, seed_petitions."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from petitions.models import Petition, Signature
from tests.petitions.factories import make_petition, make_signature

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_recount_signatures_reports_drifted_petitions_and_fixes_them():
    fine = make_petition(slug="fine")
    drifted = make_petition(slug="drifted")
    make_signature(fine, confirmed=True)
    make_signature(drifted, confirmed=True)
    Petition.objects.filter(pk=drifted.pk).update(signature_count=40)

    output = run("recount_signatures")

    assert "drifted: stored 40, actual 1 (fixed)" in output
    assert "fine:" not in output and "Checked 2 petitions; 1 had drifted." in output
    assert Petition.objects.get(pk=drifted.pk).signature_count == 1
    assert "0 had drifted" in run("recount_signatures", "drifted")


def test_purge_signatures_deletes_old_unconfirmed_and_anonymises_closed_petitions():
    petition = make_petition(opens_at=timezone.now() - timedelta(days=100))
    make_signature(petition, created_at=timezone.now() - timedelta(days=40))
    make_signature(petition, confirmed=True, name="Kept Count")
    Petition.objects.filter(pk=petition.pk).update(
        status="closed", closes_at=timezone.now() - timedelta(days=91)
    )

    output = run("purge_signatures", "--unconfirmed-days", "30", "--anonymise-after-days", "90")

    assert (
        "Deleted 1 unconfirmed" in output and f"Anonymised the signers of {petition.slug}" in output
    )
    remaining = Signature.objects.get()
    assert remaining.name == "" and remaining.state == "confirmed"
    assert Petition.objects.get(pk=petition.pk).signature_count == 1


def test_purge_signatures_can_skip_anonymising():
    petition = make_petition(opens_at=timezone.now() - timedelta(days=100))
    make_signature(petition, confirmed=True, name="Still Here")
    Petition.objects.filter(pk=petition.pk).update(closes_at=timezone.now() - timedelta(days=200))
    output = run("purge_signatures", "--no-anonymise")
    assert "Anonymised" not in output and Signature.objects.get().name == "Still Here"


def test_seed_petitions_is_idempotent():
    assert "(4 created)" in run("seed_petitions")
    counts = dict(Petition.objects.values_list("slug", "signature_count"))
    assert "(0 created)" in run("seed_petitions")
    assert dict(Petition.objects.values_list("slug", "signature_count")) == counts
    assert Petition.objects.featured().count() == 1
    assert Petition.objects.open().count() == 3
    for petition in Petition.objects.all():
        assert petition.signature_count == petition.signatures.filter(state="confirmed").count() > 0
