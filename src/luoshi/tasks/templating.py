"""The lights, status badges and report cadences of task pages (registered by ``luoshi.core.jinja2``)."""

from __future__ import annotations

from functools import lru_cache

from django.utils.html import format_html
from django.utils.safestring import SafeString

from luoshi.tasks.cadence import parse
from luoshi.tasks.choices import Light, TaskStatus


@lru_cache(maxsize=64)
def light_dot(light: str) -> SafeString:
    """A task's light, named for screen readers as well as coloured (one of four: built once each)."""
    return format_html(
        '<span class="ls-light ls-light-{}" title="{}" aria-label="{}"></span>',
        light,
        Light.label(light),
        Light.label(light),
    )


@lru_cache(maxsize=64)
def status_badge(status: str) -> SafeString:
    """A status in the colour its ChoiceSet gives it, the same on every page (built once per status)."""
    return format_html(
        '<span class="badge rounded-pill text-bg-{}">{}</span>',
        TaskStatus.color(status),
        TaskStatus.label(status),
    )


def cadence_label(value: str) -> str:
    """A report cadence in words ("每周五"), or as stored when it no longer parses."""
    try:
        return parse(value).label
    except Exception:  # noqa: BLE001 - a page must render even for a value written before a rule change
        return value


GLOBALS = {"light_dot": light_dot, "status_badge": status_badge}
FILTERS = {"cadence_label": cadence_label}
