"""Links between the pages of a list that keep the filters the visitor chose."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_without_page(context) -> str:
    """The current query string without ``page``, ready to prefix a page number."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    return query.urlencode()
