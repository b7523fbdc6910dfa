"""Email pieces shared by every app."""

from django.template import Context
from django.template.loader import get_template


def render_subject(template_name: str, context: dict) -> str:
    """An email subject as plain text on one line.

    A subject is not HTML: rendered with autoescaping, a title such as ``Tom & Jerry's <cut>``
    would arrive as ``Tom &amp; Jerry&#x27;s &lt;cut&gt;``.
    """
    template = get_template(template_name).template
    text = template.render(Context(context, autoescape=False))
    return " ".join(text.split())
