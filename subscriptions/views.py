import hashlib
import hmac
import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from subscriptions import services, tokens
from subscriptions.forms import PreferencesForm, SubscribeForm
from truthsite.abuse import client_ip, hash_ip, over_limit, too_many_requests
from truthsite.same_origin import same_origin_post


def _token_page(request, template, context, status=200):
    """Pages reached by a personal link: never cached, never indexed, no Referer to other sites
    (not "no-referrer": browsers then send "Origin: null" and CSRF checks fail)."""
    response = render(request, template, context, status=status)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


def _invalid_link(request, error):
    return _token_page(
        request, "subscriptions/link_invalid.html", {"expired": error.expired},
        status=410 if error.expired else 404,
    )  # fmt: skip


@same_origin_post  # no CSRF token: the compact form is on cached pages
@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method == "POST":
        ip_hash = hash_ip(client_ip(request))
        if over_limit("subscribe", ip_hash, limit=settings.SUBSCRIPTION_SIGNUPS_PER_HOUR,
                      window=3600):  # fmt: skip
            return too_many_requests(request)
        form = SubscribeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.request_subscription(
                    email=data["email"],
                    frequency=data["frequency"],
                    categories=data["categories"],
                    source=data["source"],
                    consent_text=services.CONSENT_TEXT,
                    ip_hash=ip_hash,
                )
            except ValidationError as error:
                form.add_error("email", error)
            else:
                return redirect("subscriptions:check_inbox")
    else:
        form = SubscribeForm(initial={"email": request.GET.get("email", "")[:254]})
    return render(
        request,
        "subscriptions/subscribe.html",
        {"form": form, "consent_text": services.CONSENT_TEXT},
    )


@require_GET
def check_inbox(request):
    return render(request, "subscriptions/check_inbox.html")


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows one button; only its POST confirms, so link scanners confirm nothing."""
    try:
        if request.method == "POST":
            subscriber = services.confirm_subscription(token=token)
            messages.success(request, _("Thank you: your subscription is confirmed."))
            return redirect("subscriptions:manage", token=tokens.manage_token(subscriber))
        subscriber = services.pending_for_confirm_token(token)
    except tokens.InvalidToken as error:
        return _invalid_link(request, error)
    return _token_page(request, "subscriptions/confirm.html", {"subscriber": subscriber})


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request, token):
    try:
        subscriber = services.subscriber_for_manage_token(token)
    except tokens.InvalidToken as error:
        return _invalid_link(request, error)
    form = PreferencesForm(
        initial={"frequency": subscriber.frequency, "categories": subscriber.categories.all()}
    )
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "unsubscribe":
            services.unsubscribe(subscriber=subscriber, reason="manage page")
            messages.success(request, _("You are unsubscribed. We will send you no more digests."))
            return redirect(request.path)
        if action == "resubscribe":
            services.resubscribe(subscriber=subscriber)
            messages.success(request, _("Welcome back: your digests start again."))
            return redirect(request.path)
        form = PreferencesForm(request.POST)
        if form.is_valid():
            services.update_preferences(
                subscriber=subscriber,
                frequency=form.cleaned_data["frequency"],
                categories=form.cleaned_data["categories"],
            )
            messages.success(request, _("Your choices are saved."))
            return redirect(request.path)
    return _token_page(
        request,
        "subscriptions/manage.html",
        {
            "subscriber": subscriber,
            "form": form,
            "unsubscribe_url": reverse(
                "subscriptions:unsubscribe", args=[tokens.unsubscribe_token(subscriber)]
            ),
        },
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """RFC 8058 one-click: a POST (body List-Unsubscribe=One-Click, no cookies, no CSRF
    token, as mail providers send it) unsubscribes at once and answers 200, no redirect.
    A GET only shows the button, since mail scanners follow links."""
    try:
        subscriber = services.subscriber_for_unsubscribe_token(token)
    except tokens.InvalidToken as error:
        return _invalid_link(request, error)
    if request.method == "POST":
        services.unsubscribe(subscriber=subscriber, reason="one-click link")
        return _token_page(request, "subscriptions/unsubscribed.html", {"subscriber": subscriber})
    return _token_page(request, "subscriptions/unsubscribe.html", {"subscriber": subscriber})


def _webhook_authorised(request):
    secret = settings.SUBSCRIPTION_WEBHOOK_SECRET
    bearer = request.headers.get("Authorization", "")
    if bearer.startswith("Bearer ") and hmac.compare_digest(
        bearer.removeprefix("Bearer ").strip().encode(), secret.encode()
    ):
        return True
    signature = request.headers.get("X-Signature", "").removeprefix("sha256=")
    expected = hmac.new(secret.encode(), request.body, hashlib.sha256).hexdigest()
    return bool(signature) and hmac.compare_digest(signature.encode(), expected.encode())


@csrf_exempt
@require_POST
def bounce_webhook(request):
    """A mail provider reports a bounce or complaint: {"email": ..., "type": ...}."""
    if not settings.SUBSCRIPTION_WEBHOOK_SECRET:
        raise Http404("webhook not configured")
    if not _webhook_authorised(request):
        return HttpResponse("unauthorised", status=401, content_type="text/plain")
    try:
        payload = json.loads(request.body)
        email, kind = str(payload["email"]), str(payload.get("type", "bounce"))
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": "expected JSON with email and type"}, status=400)
    if kind not in {"bounce", "complaint"}:
        return JsonResponse({"error": "type must be bounce or complaint"}, status=400)
    subscriber = services.mark_bounced(email=email, reason=f"{kind} reported by webhook")
    return JsonResponse({"ok": True, "known": subscriber is not None})
