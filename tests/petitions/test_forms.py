"""The sign form's country list: the same HTML Django's Select would draw, faster."""

from html.parser import HTMLParser

from django import forms

from petitions.forms import PlainSelect, SignatureForm


class Parsed(HTMLParser):
    """Tags with their attributes (as sets) and text, whitespace between tags dropped."""

    def __init__(self, html):
        super().__init__()
        self.items = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.items.append((tag, frozenset(attrs)))

    def handle_data(self, data):
        if data.strip():
            self.items.append(("text", data))


def test_plain_select_draws_what_djangos_select_draws():
    choices = [("", "---------"), ("US", "United States"), ("XX", "Fish & <Chips>")]
    attrs = {"class": "form-select", "autocomplete": "country", "required": True}
    for value in ("XX", None, ""):
        ours = PlainSelect(attrs=attrs, choices=choices).render("country", value, {"id": "c"})
        django = forms.Select(attrs=attrs, choices=choices).render("country", value, {"id": "c"})
        assert Parsed(ours).items == Parsed(django).items
        assert "Fish &amp; &lt;Chips&gt;" in ours


def test_the_sign_form_selects_the_default_country_and_marks_errors():
    html = str(SignatureForm()["country"])
    assert '<option value="US" selected>United States</option>' in html
    assert html.startswith('<select name="country"') and 'class="form-select"' in html
    bound = SignatureForm(data={"country": "ZZZ"})
    field = str(bound["country"])
    assert 'aria-invalid="true"' in field and " selected" not in field
