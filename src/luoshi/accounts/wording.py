"""The security audit log as an auditor reads it: what a refused request tried to open, by its page's
Chinese name, and the units an entry names, by name even where it kept only their codes (entries written
before the log carried the names)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any
from urllib.parse import urlsplit

from django.apps import apps
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from luoshi.core.navigation import MENU

from .models import SecurityEvent, SecurityEventKind

# The app that keeps units gives their names by code (it registers when it loads: accounts imports no
# app above it).
_unit_lookups: list[Callable[[set[str]], dict[str, str]]] = []
# A row refused by get_visible_or_404: "tasks.Task:{'pk': 5}"
ROW = re.compile(r"(\w+\.\w+):\{'pk': '?(\d+)'?\}")
BATCH = 500


def register_unit_names(lookup: Callable[[set[str]], dict[str, str]]) -> None:
    _unit_lookups.append(lookup)


def worded(events: Iterable[SecurityEvent]) -> Iterator[SecurityEvent]:
    """The events, each with ``target_text`` (a refused address as its page's name) and the names of the
    units its detail gives by code; one query for the units of each batch."""
    rows = iter(events)
    while batch := list(islice(rows, BATCH)):
        codes = {code for event in batch for code in _unit_codes(event)}
        names: dict[str, str] = {}
        for lookup in _unit_lookups if codes else ():
            names |= lookup(codes)
        for event in batch:
            event.unit_names = names
            denied = event.kind == SecurityEventKind.PERMISSION_DENIED
            event.target_text = page_name(event.target) if denied else event.target
        yield from batch


def _unit_codes(event: SecurityEvent) -> set[str]:
    """The unit codes of a role or oversight change that kept no names."""
    detail = event.detail or {}
    kinds = (SecurityEventKind.ROLE_CHANGED, SecurityEventKind.OVERSIGHT_CHANGED)
    if event.kind not in kinds or "units" in detail:
        return set()
    values = [*(detail.get("before") or []), *(detail.get("after") or [])]
    codes = (v[0] if isinstance(v, list) and v else v for v in values)  # [unit, role] or unit
    return {code for code in codes if isinstance(code, str)}


def page_name(target: str) -> str:
    """A refused address as the page it is: a menu page by its menu name, an API address by what it
    serves, another page by the menu section it is in, a row by its kind and number; else as it was."""
    row = ROW.fullmatch(target)
    if row:
        try:
            model: Any = apps.get_model(row[1])
        except (LookupError, ValueError):
            return target
        return f"{model._meta.verbose_name}（编号{row[2]}）"
    path = urlsplit(target).path
    try:
        match = resolve(path)
    except Resolver404:
        return target
    named = {item.url_name: item.label for item in MENU}
    if match.view_name in named:
        return named[match.view_name]
    view = getattr(match.func, "cls", None)  # an API view: the model it serves
    served = getattr(getattr(view, "queryset", None), "model", None) or getattr(
        getattr(getattr(view, "serializer_class", None), "Meta", None), "model", None
    )
    if served is not None:
        return f"接口：{served._meta.verbose_name}（{path}）"
    sections = [(item.label, _path_of(item.url_name)) for item in MENU]
    section = max(
        ((label, url) for label, url in sections if url and path.startswith(url)),
        default=None,
        key=lambda s: len(s[1]),
    )
    return f"{section[0]}（{path}）" if section else path


def _path_of(url_name: str) -> str:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return ""
