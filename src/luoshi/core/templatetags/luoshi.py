from django import template

from luoshi.core.history import history_entries

register = template.Library()


@register.inclusion_tag("core/_history.html")
def history_of(obj, limit: int = 30):
    return {"entries": history_entries(obj, limit)}


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs) -> str:
    """The current query string with some parameters replaced (for pagination and filters)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()
