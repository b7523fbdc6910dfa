from django import template

register = template.Library()


@register.filter
def runtime(seconds) -> str:
    """Seconds as m:ss (or h:mm:ss), the way a film's length is written."""
    try:
        seconds = int(seconds)
    except (TypeError, ValueError):
        return ""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
