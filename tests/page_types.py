"""Every page type of the public site, in one list, for the tests that must cover them
all: the accessibility scan and keyboard tests (tests/browser/), the HTML checker and
the hostile query strings (tests/truthsite/).

Adding a page type is one line in PAGE_TYPES. `build_site()` makes one of everything
a page may need; each entry turns that into a path, and optionally a POST (for pages
that only a form submission shows) and a context that puts the site in the state the
page needs (a spent rate limit, an unreachable database).
"""

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from unittest import mock

from django.core import signing
from django.db import OperationalError
from django.test import override_settings

from petitions.models import Signature
from petitions.tokens import CONFIRM, make_token
from subscriptions import tokens as subscription_tokens
from tests.factories import make_article, make_category
from tests.petitions.factories import make_petition, make_signature
from tests.subscriptions.factories import make_subscriber


def build_site():
    """One of everything the public pages show; returns the objects by name."""
    category = make_category(name="U.S.–Russia Relations & Peace Talks")
    petition = make_petition(
        title="Protect the talks", summary="Keep them open.", goal=100, body="**Why** it matters."
    )
    article = make_article(
        title="Russians made some concessions on all five regions",
        categories=[category],
        tags=["Witkoff"],
        sections=("opinion", "action", "todo"),
        petition=petition,
    )
    make_signature(petition, confirmed=True, show_name=True)
    pending_signature = make_signature(petition, state=Signature.State.PENDING)
    subscriber = make_subscriber(email="reader@example.org", categories=[category])
    pending_subscriber = make_subscriber(
        email="pending@example.org", status="pending", confirm_nonce="a-nonce-for-the-link"
    )
    return SimpleNamespace(
        article=article,
        category=category,
        tag_slug=article.tags.get().slug,
        petition=petition,
        pending_signature=pending_signature,
        subscriber=subscriber,
        pending_subscriber=pending_subscriber,
    )


def started_long_ago():
    """A form_started value old enough to pass the human check."""
    return signing.dumps(time.time() - 60, salt="form-started")


@contextlib.contextmanager
def _database_down():
    """Every article list query fails as when the database is unreachable (and the
    page cache holds nothing that would answer instead)."""
    from django.core.cache import cache

    from articles.views import ArticleListView

    error = OperationalError("could not connect to server: Connection refused")
    cache.clear()
    with mock.patch.object(ArticleListView, "get_queryset", side_effect=error):
        yield


@dataclass(frozen=True)
class PageType:
    name: str
    path: Callable[[SimpleNamespace], str]
    post: Callable[[SimpleNamespace], dict] | None = None  # shown by submitting a form
    status: int = 200
    state: Callable[[], contextlib.AbstractContextManager] = field(default=contextlib.nullcontext)


PAGE_TYPES = [
    PageType("home", lambda s: "/"),
    PageType("article", lambda s: s.article.get_absolute_url()),
    PageType("categories", lambda s: "/categories/"),
    PageType("category", lambda s: s.category.get_absolute_url()),
    PageType("tag", lambda s: f"/tags/{s.tag_slug}/"),
    PageType("search", lambda s: "/search/?q=concessions"),
    PageType("petitions", lambda s: "/petitions/"),
    PageType("petition", lambda s: s.petition.get_absolute_url()),
    PageType(
        "sign with errors",
        lambda s: f"/petitions/{s.petition.slug}/sign/",
        post=lambda s: {
            "name": "<b>",
            "email": "not an address",
            "country": "US",
            "form_started": started_long_ago(),
        },
    ),  # fmt: skip
    PageType(
        "petition confirm",
        lambda s: "/petitions/confirm/" + make_token(s.pending_signature, purpose=CONFIRM) + "/",
    ),  # fmt: skip
    PageType("subscribe", lambda s: "/subscribe/"),
    PageType(
        "subscribe with errors",
        lambda s: "/subscribe/",
        post=lambda s: {
            "email": "not an address",
            "frequency": "weekly",
            "source": "page",
            "form_started": started_long_ago(),
        },
    ),  # fmt: skip
    PageType("subscribe check inbox", lambda s: "/subscribe/check-your-inbox/"),
    PageType(
        "subscribe confirm",
        lambda s: (
            "/subscribe/confirm/" + subscription_tokens.confirm_token(s.pending_subscriber) + "/"
        ),
    ),  # fmt: skip
    PageType(
        "manage",
        lambda s: "/subscribe/manage/" + subscription_tokens.manage_token(s.subscriber) + "/",
    ),  # fmt: skip
    PageType(
        "unsubscribe",
        lambda s: "/unsubscribe/" + subscription_tokens.unsubscribe_token(s.subscriber) + "/",
    ),  # fmt: skip
    PageType("privacy", lambda s: "/privacy/"),
    PageType("404", lambda s: "/no-such-page/", status=404),
    PageType("link invalid", lambda s: "/subscribe/manage/not-a-link/", status=404),
    PageType("petition link invalid", lambda s: "/petitions/confirm/not-a-link/", status=404),
    PageType(
        "429",
        lambda s: "/subscribe/",
        post=lambda s: {"email": "reader@example.org", "frequency": "weekly"},
        status=429,
        state=lambda: override_settings(SUBSCRIPTION_SIGNUPS_PER_HOUR=0),
    ),
    PageType("503", lambda s: "/", status=503, state=_database_down),
]
