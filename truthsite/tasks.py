"""Site-wide background work: the one periodic privacy-retention run."""

from django.conf import settings
from django.tasks import task

from petitions.services import anonymise_closed, purge_unconfirmed
from subscriptions.services import purge_pending
from truthsite.periodic import start_tick


def apply_retention():
    """Every retention rule of the site, once: what the privacy page promises.

    - petition signatures never confirmed: deleted after PETITION_UNCONFIRMED_RETENTION_DAYS;
    - signers of petitions closed PETITION_ANONYMISE_AFTER_DAYS ago: personal data erased;
    - newsletter sign-ups never confirmed: deleted after SUBSCRIPTION_PENDING_DAYS.
    """
    return {
        "unconfirmed_signatures_deleted": purge_unconfirmed(),
        "petitions_anonymised": len(anonymise_closed()),
        "unconfirmed_subscribers_deleted": purge_pending(),
    }


@task
def run_retention():
    """The periodic run (every RETENTION_INTERVAL seconds); start it once with
    `manage.py run_retention --schedule` on a worker backend."""
    if not start_tick(run_retention, name="truthsite:retention-tick",
                      interval=settings.RETENTION_INTERVAL):  # fmt: skip
        return "tick already taken"
    return apply_retention()
