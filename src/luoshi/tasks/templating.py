"""The lights, status badges and report cadences of task pages (registered by ``luoshi.core.jinja2``)."""

from __future__ import annotations

from functools import lru_cache

from django.utils.html import format_html
from django.utils.safestring import SafeString

from luoshi.core.cadence import label_of
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


GLOBALS = {"light_dot": light_dot, "status_badge": status_badge}
FILTERS = {"cadence_label": label_of}
