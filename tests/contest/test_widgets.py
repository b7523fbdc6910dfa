import pytest
from django import forms
from django.test.html import parse_html
from django_countries.fields import CountryField

from core.widgets import LongSelect, LongSelectMultiple


class _Form(forms.Form):
    country = CountryField(blank=True).formfield()
    flavour = forms.ChoiceField(choices=[("Sweet", [("a", "<Apple>"), ("b", "Banana")]),
                                         ("c", "Cherry")])


@pytest.mark.parametrize("data", [{"country": "FR", "flavour": "b"}, {"country": "QQ"}])
def test_long_select_renders_like_django_select(data):
    stock, fast = _Form(data), _Form(data)
    for name in ("country", "flavour"):
        fast.fields[name].widget = LongSelect(choices=fast.fields[name].choices)
    stock.is_valid()
    fast.is_valid()

    for name in ("country", "flavour"):
        assert parse_html(str(fast[name])) == parse_html(str(stock[name]))


def test_long_select_multiple_renders_like_django_select_multiple():
    field = CountryField(multiple=True, blank=True).formfield()
    stock = field.widget.render("countries", ["FR", "JP"], attrs={"id": "c"})
    fast = LongSelectMultiple(choices=field.choices).render("countries", ["FR", "JP"],
                                                            attrs={"id": "c"})

    assert parse_html(fast) == parse_html(stock)
