from django import forms
from django.utils.translation import gettext_lazy as _

from articles.models import Category
from subscriptions.models import Subscriber
from truthsite.abuse import HumanCheckFormMixin

SIGNUP_SOURCES = [
    Subscriber.Source.PAGE,
    Subscriber.Source.FOOTER,
    Subscriber.Source.ARTICLE,
]


def category_choice_field():
    """The categories a subscriber picks; none picked means every category."""
    return forms.ModelMultipleChoiceField(
        label=_("Only these categories"),
        queryset=Category.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose none to get every category."),
    )


class CompactSubscribeForm(HumanCheckFormMixin):
    """The small form in every page's footer and on article pages: no query to build."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "placeholder": "you@example.org"}),
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Subscriber.Frequency.choices,
        initial=Subscriber.Frequency.WEEKLY,
    )
    source = forms.ChoiceField(
        choices=[(value, value) for value in SIGNUP_SOURCES],
        initial=Subscriber.Source.PAGE,
        widget=forms.HiddenInput,
    )


class SubscribeForm(CompactSubscribeForm):
    """The full form on /subscribe/: adds the (optional) category choice."""

    field_order = ["email", "frequency", "categories"]

    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Subscriber.Frequency.choices,
        initial=Subscriber.Frequency.WEEKLY,
        widget=forms.RadioSelect,
    )
    categories = category_choice_field()


class PreferencesForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("How often"), choices=Subscriber.Frequency.choices, widget=forms.RadioSelect
    )
    categories = category_choice_field()


class CsvImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8, first line naming the columns: email, frequency, categories "
            "(slugs separated by |), consented_at, consent_text, status. "
            "The export writes this format."
        ),
    )

    max_bytes = 20 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_bytes:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from None
