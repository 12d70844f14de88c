"""Demo petitions for `make run`: idempotent, so running it again changes nothing."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from petitions.models import Petition, Signature
from petitions.services import recount
from truthsite.email_addresses import normalise_email

PETITIONS = [
    {
        "slug": "protect-ukraines-sovereignty",
        "title": "Protect Ukraine's sovereignty in any peace deal",
        "recipient": "the U.S. Congress",
        "summary": "Any agreement must be one Ukrainians can accept, with guarantees that hold.",
        "body": (
            "Peace talks are moving quickly. We ask Congress to insist that:\n\n"
            "1. Ukraine takes part in every negotiation about its territory;\n"
            "2. security guarantees are written down and ratified;\n"
            "3. humanitarian aid continues while talks go on.\n\n"
            "A peace that lasts is one that the people who live with it can accept."
        ),
        "goal": 10000,
        "is_featured": True,
        "signers": 57,
    },
    {
        "slug": "fund-independent-local-news",
        "title": "Fund independent local news",
        "recipient": "State legislatures",
        "summary": "Create public-interest journalism funds that no politician controls.",
        "body": "Local papers are closing every week. **Fund the reporting, not the owners.**",
        "goal": 2500,
        "signers": 23,
    },
    {
        "slug": "open-the-peace-talks-to-the-press",
        "title": "Open the peace talks to the press",
        "recipient": "the State Department",
        "summary": "Publish the agenda and the outcome of every round of talks.",
        "body": "Secret deals age badly. Let reporters see what is agreed in our name.",
        "goal": 1000,
        "signers": 8,
        "closes_in_days": 3,
    },
    {
        "slug": "a-ceasefire-before-winter",
        "title": "A ceasefire before winter",
        "recipient": "the United Nations Security Council",
        "summary": "Call for a ceasefire to protect power plants and homes before the cold.",
        "body": "This petition has closed. Thank you to everyone who signed.",
        "goal": 500,
        "signers": 31,
        "closed": True,
    },
]

NAMES = ["Anna Kovalenko", "James Miller", "Maria Garcia", "Oleh Shevchenko", "Sarah Johnson",
         "David Chen", "Emma Wilson", "Lukas Schmidt", "Priya Patel", "Tom O'Brien"]  # fmt: skip
COUNTRIES = ["US", "US", "US", "UA", "GB", "CA", "DE", "PL", "FR", "US"]


class Command(BaseCommand):
    help = "Create demo petitions (one featured) with some confirmed signatures; idempotent."

    @transaction.atomic
    def handle(self, *args, **options):
        now = timezone.now()
        created = 0
        for spec in PETITIONS:
            spec = dict(spec)
            signers = spec.pop("signers")
            closed = spec.pop("closed", False)
            closes_in_days = spec.pop("closes_in_days", None)
            petition, is_new = Petition.objects.get_or_create(
                slug=spec["slug"],
                defaults={
                    **spec,
                    "status": Petition.Status.CLOSED if closed else Petition.Status.OPEN,
                    "opens_at": now - timedelta(days=40 if closed else 10),
                    "closes_at": (
                        now - timedelta(days=2) if closed
                        else now + timedelta(days=closes_in_days) if closes_in_days else None
                    ),
                },
            )  # fmt: skip
            created += is_new
            if petition.signatures.exists():
                continue
            Signature.objects.bulk_create(
                Signature(
                    petition=petition,
                    state=Signature.State.CONFIRMED,
                    name=NAMES[n % len(NAMES)],
                    email=f"demo-signer-{n}@example.org",
                    email_normalised=normalise_email(f"demo-signer-{n}@example.org"),
                    country=COUNTRIES[n % len(COUNTRIES)],
                    show_name=n % 3 != 0,
                    created_at=now - timedelta(hours=signers - n + 1),
                    confirmed_at=now - timedelta(hours=signers - n),
                )
                for n in range(signers)
            )
        recount(petitions=Petition.objects.filter(slug__in=[spec["slug"] for spec in PETITIONS]))
        self.stdout.write(f"Demo petitions ready ({created} created).")
