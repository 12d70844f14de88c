from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class SearchForm(forms.Form):
    """The reader's search: words plus optional category and date range (GET)."""

    q = forms.CharField(
        label=_("Search for"),
        required=False,
        help_text=_('Use "quotes" for a phrase, or between alternatives, -word to exclude.'),
        # Longer queries are shortened by the search (and the reader told), not refused.
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "class": "form-control",
                "maxlength": settings.SEARCH_MAX_QUERY_LENGTH,
            }
        ),
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    date_from = forms.DateField(
        label=_("Published from"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "form-control"}),
    )
    date_to = forms.DateField(
        label=_("Published until"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "form-control"}),
    )

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [
            ("", _("All categories")),
            *((category.slug, category.name) for category in categories),
        ]

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return cleaned

    def show_query(self, query):
        """Show `query` (as actually searched, e.g. shortened) in the search box."""
        self.data = self.data.copy()
        self.data["q"] = query
