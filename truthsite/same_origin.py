"""Cross-site request protection for the public forms that sit on cached pages.

The footer sign-up form and the petition form are on pages served whole from the
cache to every anonymous reader (truthsite.page_cache), so they cannot carry Django's
per-visitor CSRF token (one visitor's token would be served to all, and setting the
token's cookie would make the page uncacheable). These forms need no signed-in
user, so what CSRF protection guards against here is another site making visitors'
browsers post them. Browsers say where a request comes from: `Sec-Fetch-Site` (every
current browser) or else `Origin` (on every cross-site POST since 2020). A POST that
either header marks as cross-site is refused with Django's CSRF failure page; one with
neither header is not from a browser a page could have made to post (the same rule as
Go's net/http CrossOriginProtection). The forms keep their other defences: honeypot,
signed start time, per-network limits and double opt-in by email.
"""

from functools import wraps

from django.conf import settings
from django.utils.module_loading import import_string
from django.views.decorators.csrf import csrf_exempt

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


def is_same_origin(request):
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        # "none": typed or bookmarked by the person themselves.
        return fetch_site in {"same-origin", "none"}
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    return origin in {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}


def same_origin_post(view):
    """Instead of the CSRF token: POSTs only from this site's own pages (see above)."""

    @csrf_exempt
    @wraps(view)
    def checked(request, *args, **kwargs):
        if request.method not in SAFE_METHODS and not is_same_origin(request):
            failure = import_string(settings.CSRF_FAILURE_VIEW)
            return failure(request, reason="Cross-site form submission refused.")
        return view(request, *args, **kwargs)

    return checked
