"""Form widgets for long choice lists (countries, languages, time zones).

Django renders every ``<option>`` through a template; with a few hundred countries per
credit row that costs most of a page's time. This widget writes the same markup directly.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

OPTION = '<option value="{}">{}</option>'
SELECTED_OPTION = '<option value="{}" selected>{}</option>'


def _option(option) -> str:
    template = SELECTED_OPTION if option["selected"] else OPTION
    return format_html(template, option["value"], option["label"])


class LongSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group_name, options, _index in widget["optgroups"]:
            options_html = format_html_join("", "{}", ((_option(o),) for o in options))
            if group_name:
                parts.append(format_html('<optgroup label="{}">{}</optgroup>', group_name,
                                         options_html))
            else:
                parts.append(options_html)
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(widget["attrs"]),
            format_html_join("", "{}", ((part,) for part in parts)),
        )


class LongSelectMultiple(LongSelect, forms.SelectMultiple):
    pass
