import json

from babel.dates import get_timezone_name
from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def full_datetime(value):
    """'Sunday, August 17, 2025, 11:57:16 AM Eastern Daylight Time' in the site's zone."""
    if not value:
        return ""
    local = timezone.localtime(value)
    zone_name = get_timezone_name(local, width="long", locale="en_US")
    return f"{date_format(local, 'l, F j, Y, g:i:s A')} {zone_name}"


@register.filter
def machine_datetime(value):
    """For <time datetime>: ISO 8601 in the site's zone, whole seconds (HTML allows
    at most three fractional digits; Python writes six)."""
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


@register.simple_tag(takes_context=True)
def page_url(context, page_number):
    """The current URL with ?page= set, keeping the other query parameters."""
    query = context["request"].GET.copy()
    query["page"] = page_number
    return "?" + query.urlencode()


# As django.utils.html.json_script: no "</script>" or "<!--" can end the data block.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(value):
    """Structured data for crawlers: <script type="application/ld+json"> (never run)."""
    data = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(data.translate(_JSON_SCRIPT_ESCAPES)),  # noqa: S308  # nosec B308 B703 - escaped above
    )
