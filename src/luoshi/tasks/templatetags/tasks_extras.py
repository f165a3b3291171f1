from django import template
from django.utils.html import format_html

from luoshi.tasks.cadence import parse
from luoshi.tasks.choices import Light, TaskStatus

register = template.Library()


@register.simple_tag
def light_dot(light: str) -> str:
    return format_html('<span class="ls-light ls-light-{}" title="{}" aria-label="{}"></span>', light,
                       Light.label(light), Light.label(light))


@register.simple_tag
def status_badge(status: str) -> str:
    return format_html('<span class="badge rounded-pill text-bg-{}">{}</span>', TaskStatus.color(status),
                       TaskStatus.label(status))


@register.filter
def cadence_label(value: str) -> str:
    try:
        return parse(value).label
    except Exception:  # noqa: BLE001 - a page must render even for a value written before a rule change
        return value
