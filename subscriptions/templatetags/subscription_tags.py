from django import template

from subscriptions.forms import CompactSubscribeForm
from subscriptions.services import CONSENT_TEXT

register = template.Library()


@register.inclusion_tag("subscriptions/_compact_form.html", takes_context=True)
def subscribe_form(context, source):
    """The compact sign-up form (footer, article page); builds without a query."""
    if "request" not in context:  # e.g. the bare 500 page
        return {"form": None}
    return {
        "form": CompactSubscribeForm(initial={"source": source}, auto_id=f"{source}-subscribe-%s"),
        "source": source,
        "consent_text": CONSENT_TEXT,
    }
