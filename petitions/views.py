from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_POST

from petitions import services
from petitions.forms import ResendForm, SignatureForm
from petitions.models import Petition, Signature
from petitions.tokens import CONFIRM, WITHDRAW, ExpiredLink, InvalidLink, signature_for_token
from truthsite.abuse import client_ip, hash_ip, over_limit, too_many_requests, user_agent
from truthsite.same_origin import same_origin_post

PETITIONS_PER_PAGE = 20


def can_preview(user):
    return user.is_authenticated and user.has_perm("petitions.change_petition")


def visible_petitions(request):
    return Petition.objects.all() if can_preview(request.user) else Petition.objects.public()


def petition_list(request):
    page = Paginator(Petition.objects.for_listing(), PETITIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "petitions/petition_list.html",
        {
            "page_obj": page,
            "paginator": page.paginator,
            "is_paginated": page.has_other_pages(),
            "petitions": page.object_list,
        },
    )


def petition_detail(request, slug, form=None):
    petition = get_object_or_404(visible_petitions(request), slug=slug)
    response = render(
        request,
        "petitions/petition_detail.html",
        {
            "petition": petition,
            "form": form or (SignatureForm() if petition.is_open else None),
            "recent_signers": services.recent_signers(petition),
            "share_url": settings.SITE_URL + petition.get_absolute_url(),
            "is_preview": not petition.is_public,
        },
    )
    if not petition.is_public:
        add_never_cache_headers(response)
    return response


@never_cache  # a form with the visitor's own errors
@same_origin_post  # no CSRF token: the form is on a cached page
def sign(request, slug):
    petition = get_object_or_404(visible_petitions(request), slug=slug)
    if request.method != "POST":
        return redirect(petition.get_absolute_url() + "#sign")
    if not petition.is_open:
        messages.info(request, _("This petition is not taking signatures."))
        return redirect(petition)
    ip_hash = hash_ip(client_ip(request))
    if over_limit(f"petition-sign:{petition.pk}", ip_hash,
                  limit=settings.PETITION_SIGNATURES_PER_IP_PER_HOUR, window=3600):  # fmt: skip
        return too_many_requests(
            request, _("Too many signatures from your network. Please try again later.")
        )
    form = SignatureForm(request.POST)
    if form.is_valid():
        details = {name: form.cleaned_data[name] for name in SignatureForm.Meta.fields}
        try:
            services.sign_petition(
                petition=petition,
                ip_hash=ip_hash,
                user_agent=user_agent(request),
                **details,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return redirect("petitions:thanks", slug=petition.slug)
    return petition_detail(request, slug, form=form)


def thanks(request, slug):
    petition = get_object_or_404(visible_petitions(request), slug=slug)
    return render(request, "petitions/check_email.html", {"petition": petition})


@never_cache
def confirm(request, token):
    """GET shows one button; only its POST confirms, so a mail scanner that fetches
    the link confirms nothing."""
    try:
        if request.method == "POST":
            signature = services.confirm_signature(token=token).signature
        else:
            signature = signature_for_token(token, purpose=CONFIRM)
    except ExpiredLink:
        return render(
            request, "petitions/link_expired.html", {"form": ResendForm(initial={"token": token})}
        )
    except InvalidLink:
        return render(request, "petitions/link_invalid.html", status=404)
    if request.method == "POST" and signature.state == Signature.State.CONFIRMED:
        messages.success(request, _("Thank you: your signature is confirmed and counted."))
        return redirect(signature.petition.get_absolute_url() + "#count")
    return render(request, "petitions/confirm.html", {"signature": signature, "token": token})


@require_POST
def resend(request):
    if over_limit("petition-resend", hash_ip(client_ip(request)),
                  limit=settings.PETITION_RESENDS_PER_IP_PER_HOUR, window=3600):  # fmt: skip
        return too_many_requests(request)
    form = ResendForm(request.POST)
    try:
        if not form.is_valid():
            raise InvalidLink
        signature = services.resend_confirmation(token=form.cleaned_data["token"])
    except InvalidLink:
        return render(request, "petitions/link_invalid.html", status=404)
    return render(request, "petitions/check_email.html", {"petition": signature.petition})


@never_cache
def withdraw(request, token):
    try:
        if request.method == "POST":
            signature = services.withdraw_signature(token=token)
        else:
            signature = signature_for_token(token, purpose=WITHDRAW)
    except InvalidLink:
        return render(request, "petitions/link_invalid.html", status=404)
    return render(request, "petitions/withdraw.html", {"signature": signature, "token": token})


@require_GET
@cache_control(public=True, max_age=10)
def count_json(request, slug):
    petition = get_object_or_404(Petition.objects.public(), slug=slug)
    return JsonResponse(services.count_summary(petition))
