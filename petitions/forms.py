from django import forms
from django.conf import settings
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from petitions.models import Signature
from truthsite.abuse import HumanCheckFormMixin


class PlainSelect(forms.Select):
    """The HTML Django's Select draws, its options written once for each choice list and
    selection: Django renders a template per <option>, which for some 250 countries was
    most of the cost of a petition's page."""

    _options_html = {}

    def render(self, name, value, attrs=None, renderer=None):
        key = (tuple(self.choices), tuple(self.format_value(value)))
        options = self._options_html.get(key)
        if options is None:
            groups = self.get_context(name, value, attrs)["widget"]["optgroups"]
            options = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (option["value"], " selected" if option["selected"] else "", option["label"])
                    for _group, group_options, _index in groups
                    for option in group_options
                ),
            )
            if len(self._options_html) > 300:  # one per country chosen: bounded anyway
                self._options_html.clear()
            self._options_html[key] = options
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final_attrs), options)


class SignatureForm(HumanCheckFormMixin, forms.ModelForm):
    """What a signer types; the model's validators give the messages. Never saved
    itself: the view hands cleaned_data to services.sign_petition()."""

    class Meta:
        model = Signature
        fields = ["name", "email", "postcode", "country", "comment", "show_name",
                  "wants_newsletter"]  # fmt: skip
        labels = {
            "name": _("Your full name"),
            "email": _("Email address"),
            "postcode": _("Postcode or ZIP code (if you have one)"),
            "country": _("Country"),
            "comment": _("Comment (optional)"),
            "show_name": _("Show my first name and country in the list of recent signers"),
            "wants_newsletter": _("Send me the newsletter"),
        }
        help_texts = {
            "email": _("We send you one email with a link to confirm your signature."),
            "comment": _("Up to 500 characters. Only the petition's organisers read it."),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name", "maxlength": 100}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "maxlength": 254}),
            "postcode": forms.TextInput(attrs={"autocomplete": "postal-code", "maxlength": 12}),
            "country": PlainSelect(attrs={"autocomplete": "country"}),
            "comment": forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.min_fill_seconds = settings.PETITION_MIN_FILL_SECONDS
        self.fields["country"].initial = settings.PETITION_DEFAULT_COUNTRY
        for name in ("name", "email", "postcode", "comment"):
            self.fields[name].widget.attrs.setdefault("class", "form-control")
        self.fields["country"].widget.attrs["class"] = "form-select"
        for name in ("show_name", "wants_newsletter"):
            self.fields[name].widget.attrs["class"] = "form-check-input"
        self.fields["website"].widget.attrs["class"] = "form-control"


class ResendForm(forms.Form):
    """The expired link itself, posted back to ask for a fresh email."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=500)
