"""The Jinja2 environment of luoshi's pages (settings.TEMPLATES): Django's ``url`` and ``static``, and the
``GLOBALS`` and ``FILTERS`` of each app's ``templating`` module, as template tag libraries were found."""

from __future__ import annotations

from functools import lru_cache
from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.module_loading import module_has_submodule
from jinja2 import ChainableUndefined, Environment


def url(name: str, *args: Any, **kwargs: Any) -> str:
    """The path of a named route, as ``{% url %}`` gave it."""
    return _reverse(
        settings.ROOT_URLCONF, get_urlconf(), get_script_prefix(), name, args, tuple(sorted(kwargs.items()))
    )


@lru_cache(maxsize=4096)
def _reverse(
    root: str,
    urlconf: str | None,
    prefix: str,
    name: str,
    args: tuple[Any, ...],
    kwargs: tuple[tuple[str, Any], ...],
) -> str:
    """Remembered by everything the answer depends on: a list page links each of its 50 rows, and
    Django's reverse matches the route's pattern anew every time (3 ms of a ledger page)."""
    return reverse(name, urlconf=urlconf or root, args=args, kwargs=dict(kwargs))


def environment(**options: Any) -> Environment:
    """A missing value, or an attribute of one (``e.actor.person.name`` for a system event), is empty
    text, in DEBUG too; a file's last newline stays."""
    env = Environment(**{**options, "undefined": ChainableUndefined, "keep_trailing_newline": True})  # noqa: S701 (autoescape is in the options, settings.TEMPLATES)
    env.globals.update(url=url, static=static)
    for app in apps.get_app_configs():
        if app.name.startswith("luoshi.") and module_has_submodule(app.module, "templating"):
            module = import_module(f"{app.name}.templating")
            env.globals.update(module.GLOBALS)
            env.filters.update(module.FILTERS)
    return env
