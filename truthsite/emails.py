"""Build and send the site's emails from a pair of templates (plain text and HTML)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def build_email(*, to, template, context, subject, headers=None, from_email=None):
    """templates/emails/<template>.txt and .html, with the site's common context.

    The subject is flattened to one line so nothing typed by a visitor can add a
    header; Django also refuses newlines in any header value.
    """
    context = {"site_url": settings.SITE_URL, **context}
    text = render_to_string(f"emails/{template}.txt", context)
    html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(str(subject).split()),
        body=text,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers or {},
    )
    message.attach_alternative(html, "text/html")
    return message


def send_email(**kwargs):
    """Build and send one email; raises on failure so a task can retry it."""
    build_email(**kwargs).send()
