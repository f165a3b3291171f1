"""What every page's template may call (registered by ``luoshi.core.jinja2``), and Django's filters the
templates use, giving the text Django's template language gave."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from html import escape
from typing import Any
from uuid import uuid4

from django.template import defaultfilters
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]  # missing from django-stubs
from jinja2 import Environment, Undefined, pass_context, pass_environment, pass_eval_context
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from markupsafe import Markup

from luoshi.core.history import history_entries


@pass_environment
def history_of(env: Environment, obj: Any, limit: int = 30) -> Markup:
    """The change-history card of an object's page."""
    html = env.get_template("core/_history.html").render(entries=history_entries(obj, limit))
    return Markup(html)  # noqa: S704 (rendered with autoescape)


@pass_context
def query_with(context: Context, **kwargs: Any) -> str:
    """The current query string with some parameters replaced (for pagination and filters)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


def form_key() -> SafeString:
    """A one-time key in every state-changing form, so a double submit changes nothing the second time."""
    return format_html('<input type="hidden" name="form_key" value="{}">', uuid4().hex)


def options_html(choices: Iterable[tuple[Any, str]]) -> str:
    """The ``<option>`` tags of a choice list, built once and kept with the list: escaping a province's
    1,465 units on every page took longer than reading the page's tasks."""
    return "".join(
        f'<option value="{escape(str(value))}">{escape(label)}</option>' for value, label in choices
    )


def options(tags: str, selected: Any = None) -> SafeString:
    """Tags from ``options_html`` with the chosen value marked ``selected``."""
    if selected not in (None, ""):
        tag = f'<option value="{escape(str(selected))}">'
        tags = tags.replace(tag, f"{tag[:-1]} selected>", 1)
    return mark_safe(tags)  # noqa: S308 (safe tags in, the value escaped above)


def django_filter(func: Callable[..., Any]) -> Callable[..., Any]:
    """One of Django's template filters as a Jinja2 filter, called as Django's template language calls it:
    a missing value is empty text, an aware datetime is in local time, escaping filters escape."""

    @pass_eval_context
    def apply(eval_ctx: EvalContext, value: Any, *args: Any) -> Any:
        if isinstance(value, Undefined):
            value = ""
        if getattr(func, "expects_localtime", False):
            value = template_localtime(value)
        if getattr(func, "needs_autoescape", False):
            return func(value, *args, autoescape=eval_ctx.autoescape)
        return func(value, *args)

    return apply


_DATE_CODES: dict[str, Callable[[Any], str]] = {
    "Y": lambda v: f"{v.year:04d}",
    "m": lambda v: f"{v.month:02d}",
    "d": lambda v: f"{v.day:02d}",
    "n": lambda v: str(v.month),
    "j": lambda v: str(v.day),
}
_TIME_CODES: dict[str, Callable[[Any], str]] = {
    "H": lambda v: f"{v.hour:02d}",
    "i": lambda v: f"{v.minute:02d}",
    "s": lambda v: f"{v.second:02d}",
}
# Every letter Django's date format reads as a code (django.utils.dateformat.re_formatchars).
_DJANGO_CODES = set("aAbcdDeEfFgGhHiIjlLmMnNoOPrsStTUuwWyYzZ")


@lru_cache(maxsize=64)
def _date_parts(fmt: str, with_time: bool) -> tuple[Any, ...] | None:
    """The format as literal text and getters, or None when it uses a code this fast path lacks."""
    codes = {**_DATE_CODES, **(_TIME_CODES if with_time else {})}
    parts: list[Any] = []
    for char in fmt:
        if char in codes:
            parts.append(codes[char])
        elif char in _DJANGO_CODES or char == "\\":
            return None
        else:
            parts.append(char)
    return tuple(parts)


def date(value: Any, fmt: str = "") -> str:
    """Django's ``date`` filter, the same text for the codes a page uses (Y m d n j H i s), without its
    per-call format machinery: a task page formats over a hundred dates. Other codes go to Django."""
    if isinstance(value, Undefined) or value in (None, ""):
        return ""
    value = template_localtime(value)
    parts = _date_parts(fmt, isinstance(value, dt.datetime)) if fmt and isinstance(value, dt.date) else None
    if parts is None:
        return defaultfilters.date(value, fmt or None)
    return "".join(part if isinstance(part, str) else part(value) for part in parts)


def truncatechars(value: Any, length: Any) -> str:
    """Django's ``truncatechars``; a text already short enough (most titles in a list) is returned
    without Django's Truncator, whose answer for it is that same text."""
    if isinstance(value, str) and not hasattr(value, "__html__") and isinstance(length, int) and length > 0:
        text = unicodedata.normalize("NFC", value)
        if len(text) <= length:
            return text
    return defaultfilters.truncatechars("" if isinstance(value, Undefined) else value, length)


GLOBALS = {"history_of": history_of, "query_with": query_with, "form_key": form_key, "options": options}
_FROM_DJANGO: dict[str, Callable[..., Any]] = {
    "linebreaksbr": defaultfilters.linebreaksbr,
    "escapejs": defaultfilters.escapejs_filter,
    "json_script": defaultfilters.json_script,
}
FILTERS = {"date": date, "truncatechars": truncatechars} | {
    name: django_filter(func) for name, func in _FROM_DJANGO.items()
}
