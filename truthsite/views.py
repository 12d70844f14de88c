from django.conf import settings
from django.db import connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from articles.views import ArticleListView


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


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without the request's context processors: the database may be
    # what failed, and this page must not depend on it.
    return HttpResponseServerError(render_to_string("500.html"))
