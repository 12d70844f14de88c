"""Background work for subscriptions (Django's tasks framework).

In development and tests tasks run in process; in production a `db_worker`
drains them. django.tasks has no retries or schedules of its own: a failed email
re-enqueues itself with a back-off and a bounded attempt count, and the periodic
digest run re-enqueues itself for the next tick (truthsite.periodic).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from subscriptions import digests, tokens
from subscriptions.digests import SEND_ERRORS
from subscriptions.models import Subscriber
from truthsite.emails import send_email
from truthsite.models import SiteSettings
from truthsite.periodic import start_tick

logger = logging.getLogger(__name__)

EMAIL_ATTEMPTS = 5
EMAIL_RETRY_SECONDS = 60


def _supports_defer(task_object):
    return task_object.get_backend().supports_defer


def links_for(subscriber):
    """Absolute manage and unsubscribe links of one subscriber."""
    return {
        "manage_url": settings.SITE_URL
        + reverse("subscriptions:manage", args=[tokens.manage_token(subscriber)]),
        "unsubscribe_url": settings.SITE_URL
        + reverse("subscriptions:unsubscribe", args=[tokens.unsubscribe_token(subscriber)]),
    }


@task
def send_subscription_email(subscriber_id, kind, attempt=1):
    """kind "confirm": the double opt-in link; "manage": an active subscriber's links."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return "gone"
    site = SiteSettings.current()
    context = {"site": site, "subscriber": subscriber, **links_for(subscriber)}
    if kind == "confirm":
        if subscriber.status != Subscriber.Status.PENDING:
            return "not pending"
        context["confirm_url"] = settings.SITE_URL + reverse(
            "subscriptions:confirm", args=[tokens.confirm_token(subscriber)]
        )
        context["confirm_days"] = settings.SUBSCRIPTION_CONFIRM_DAYS
        template, subject = "subscribe_confirm", _("Please confirm your subscription")
    else:
        template, subject = "subscription_links", _("Your subscription")
    try:
        send_email(
            to=subscriber.email,
            template=template,
            context=context,
            subject=f"{site.name}: {subject}",
        )
    except SEND_ERRORS as error:
        if attempt >= EMAIL_ATTEMPTS or not _supports_defer(send_subscription_email):
            logger.error("subscription email to #%s failed for good: %s", subscriber_id, error)
            raise
        delay = EMAIL_RETRY_SECONDS * 2 ** (attempt - 1)
        send_subscription_email.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(
            subscriber_id, kind, attempt + 1
        )
        return "retrying"
    if kind == "confirm":
        Subscriber.objects.filter(pk=subscriber_id).update(confirmation_sent_at=timezone.now())
    return "sent"


@task
def send_digest_batch(limit=500):
    """Send up to `limit` due digests; enqueue another batch while work remains.

    Several workers may run this at once: each takes its own locked rows.
    """
    counts = digests.send_queued_digests(limit=limit)
    if sum(counts.values()) >= limit and not digests.STOP.is_set():
        send_digest_batch.enqueue(limit)
    elif _supports_defer(send_digest_batch) and (retry_at := digests.next_retry_at()):
        # One wake-up per minute is enough for every back-off that ends then.
        slot = int(retry_at.timestamp() // 60)
        if cache.add(f"subscriptions:retry-wakeup:{slot}", 1, 3600):
            send_digest_batch.using(run_after=retry_at).enqueue(limit)
    return dict(counts)


def start_digest_run(*, now=None, workers=None, batch_size=500):
    """Plan this period's digests and hand the sending to `workers` parallel batches."""
    planned = digests.plan_digests(now=now)
    for _worker in range(workers or settings.SUBSCRIPTION_DIGEST_WORKERS):
        send_digest_batch.enqueue(batch_size)
    return planned


@task
def run_digests():
    """The periodic digest run: plan and fan out, every SUBSCRIPTION_DIGEST_INTERVAL.

    Started once (`manage.py send_digests --schedule`); truthsite.periodic keeps one
    chain going. Unconfirmed sign-ups are purged by truthsite.tasks.run_retention.
    """
    if not start_tick(run_digests, name="subscriptions:digest-tick",
                      interval=settings.SUBSCRIPTION_DIGEST_INTERVAL):  # fmt: skip
        return "tick already taken"
    return {"planned": start_digest_run()}
