from babel.dates import get_timezone_name
from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format

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
