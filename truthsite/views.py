import hashlib
import sys

from django.conf import settings
from django.contrib import admin
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_http_methods

from articles.views import ArticleListView
from truthsite.abuse import client_ip, hash_ip, over_limit, too_many_requests

# Errors that mean "the database cannot be reached now", not "the code is wrong".
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


class HomeView(ArticleListView):
    template_name = "home.html"


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", f"Disallow: {reverse('articles:search')}", ""]
    lines += [
        f"Sitemap: {settings.SITE_URL}{reverse(name)}" for name in ("sitemap", "sitemap_news")
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@never_cache
def healthz(request):
    """Liveness: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure to reach the database is "down"
        return JsonResponse({"status": "error", "database": str(error)[:200]}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def privacy(request):
    """What the site keeps and for how long, every number read from the settings
    that the retention code itself uses (truthsite.tasks.apply_retention)."""
    day = 24 * 60 * 60
    return render(
        request,
        "privacy.html",
        {
            "petition_confirm_days": max(1, settings.PETITION_CONFIRM_MAX_AGE // day),
            "petition_unconfirmed_days": settings.PETITION_UNCONFIRMED_RETENTION_DAYS,
            "petition_anonymise_days": settings.PETITION_ANONYMISE_AFTER_DAYS,
            "subscription_confirm_days": settings.SUBSCRIPTION_CONFIRM_DAYS,
            "subscription_pending_days": settings.SUBSCRIPTION_PENDING_DAYS,
            "retention_hours": max(1, settings.RETENTION_INTERVAL // 3600),
            "rate_limit_minutes": max(1, max(3600, settings.ADMIN_LOGIN_WINDOW) // 60),
            "contact_email": settings.PRIVACY_CONTACT_EMAIL,
        },
    )


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without the request's context processors: the database may be
    # what failed, and this page must not depend on it.
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_UNAVAILABLE):
        # Django reconnects on the next request once the database is back.
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(render_to_string("500.html"))


@require_http_methods(["GET", "POST"])
def admin_login(request, **kwargs):
    """The admin's login, limited per network and per username against guessing."""
    if request.method == "POST":
        ip_key = hash_ip(client_ip(request))
        username = request.POST.get("username", "")[:150].lower()
        user_key = hashlib.sha256(username.encode()).hexdigest()[:32]
        limit, window = settings.ADMIN_LOGIN_ATTEMPTS, settings.ADMIN_LOGIN_WINDOW
        if over_limit("admin-login-ip", ip_key, limit=limit, window=window) or over_limit(
            "admin-login-user", user_key, limit=limit, window=window
        ):
            return too_many_requests(
                request, _("Too many sign-in attempts. Please wait a while and try again.")
            )
    return admin.site.login(request, **kwargs)
