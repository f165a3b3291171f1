"""Badges of problem pages (registered by ``luoshi.core.jinja2``)."""

from __future__ import annotations

from functools import lru_cache

from django.utils.html import format_html
from django.utils.safestring import SafeString

from .choices import ProblemStatus, Severity


@lru_cache(maxsize=16)
def problem_badge(status: str) -> SafeString:
    return format_html(
        '<span class="badge rounded-pill text-bg-{}">{}</span>',
        ProblemStatus.color(status),
        ProblemStatus.label(status),
    )


@lru_cache(maxsize=8)
def severity_badge(severity: str) -> SafeString:
    if severity == Severity.NORMAL:
        return format_html('<span class="small text-muted">{}</span>', Severity.label(severity))
    return format_html(
        '<span class="badge text-bg-{}-subtle text-{}-emphasis border border-{}-subtle">{}</span>',
        *[Severity.color(severity)] * 3,
        Severity.label(severity),
    )


GLOBALS = {"problem_badge": problem_badge, "severity_badge": severity_badge}
FILTERS: dict = {}
