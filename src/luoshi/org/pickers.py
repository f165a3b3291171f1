"""Choosing a unit or a person by typing a few characters of the name, among those within a user's reach.

A province has thousands of units and people: a select listing them all cannot be used, and would show a
clerk the whole org chart. A picker renders only what is chosen and a search box; the search endpoints
answer a short list from the user's scope (the units they may hand work to, those they may see, or a reach
another app defines, such as the units a task may name as co-operating), and the field refuses on submit any
id outside that reach (a forged one) in Chinese.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from luoshi.core.filters import whole_number
from luoshi.core.trees import path_ids

from .choices import Role
from .models import NOT_ADMIN, Person, Unit, leaders_in_charge, leaders_over, subtree_q
from .scopes import ASSIGN, VIEW, Scope, unit_scope

# How many matches a search answers: enough to choose from, few enough to read on a phone.
SHOWN = 20
# The reaches a search may be asked for, by name: the user's scope for an action, and those other apps add.
REACHES: dict[str, Callable[[Any], Scope]] = {
    action: partial(unit_scope, action=action) for action in (ASSIGN, VIEW)
}


def add_reach(name: str, scope_of: Callable[[Any], Scope]) -> None:
    """Let pickers search ``scope_of(user)`` as ``reach=name``: the rule of another app (a task's co-units),
    defined there once, so that its search offers exactly what its service accepts."""
    REACHES[name] = scope_of


def units_within(reach: Scope) -> QuerySet[Unit]:
    """The active units of ``reach``."""
    return Unit.objects.filter(reach.q("pk"), is_active=True)


def people_within(reach: Scope) -> QuerySet[Person]:
    """The business users (no administrators, active accounts) working in a unit of ``reach``."""
    return Person.objects.filter(reach.q("unit"), NOT_ADMIN, user__is_active=True)


def leaders_within(reach: Scope) -> QuerySet[Person]:
    """Who may be 分管领导 of work led by a unit of ``reach``: the leaders overseeing it or a unit above it,
    and those units' heads (``leaders_in_charge`` over the reach)."""
    if reach.everything:
        held = Q(oversights__isnull=False) | Q(memberships__role=Role.HEAD)
        return Person.objects.filter(held, NOT_ADMIN, user__is_active=True).distinct()
    paths = Unit.objects.filter(pk__in=sorted(reach.unit_ids)).values_list("tree_path", flat=True)
    return leaders_over({pk for path in paths for pk in path_ids(path)})


def unit_label(unit: Unit) -> str:
    """A unit's name with its parent's, since many counties have a section of the same name."""
    parent = unit.parent
    return f"{unit.name}（{parent.display_name}）" if parent is not None and parent.parent_id else unit.name


def person_label(person: Person) -> str:
    unit = person.unit
    return f"{person.name}（{unit.display_name if unit else ''}{person.title}）"


KINDS: dict[str, dict[str, Any]] = {
    "units": {
        "within": units_within,
        "label": unit_label,
        "related": ("parent__parent",),
        "noun": "单位",
        "model": Unit,
    },
    "people": {
        "within": people_within,
        "label": person_label,
        "related": ("unit",),
        "noun": "人员",
        "model": Person,
        "under": lambda unit: subtree_q([unit], "unit__tree_path"),
    },
    "leaders": {
        "within": leaders_within,
        "label": person_label,
        "related": ("unit",),
        "noun": "领导",
        "model": Person,
        "under": lambda unit: Q(pk__in=leaders_in_charge(unit).values("pk")),
    },
}


def matches(
    kind: str, reach: Scope, text: str, under: Unit | None = None
) -> tuple[list[tuple[int, str]], bool]:
    """At most ``SHOWN`` of ``kind`` within ``reach`` whose name holds ``text`` (people also by their unit's
    name; when ``under`` is given, only people working under it, or its leaders), in the chart's order; and
    whether there were more."""
    spec = KINDS[kind]
    rows = spec["within"](reach).select_related(*spec["related"])
    if text:
        names = Q(name__icontains=text)
        rows = rows.filter(
            names | Q(short_name__icontains=text)
            if kind == "units"
            else names | Q(unit__name__icontains=text) | Q(unit__short_name__icontains=text)
        )
    if under is not None:
        rows = rows.filter(spec["under"](under))
    found = list(rows[: SHOWN + 1])
    return [(row.pk, spec["label"](row)) for row in found[:SHOWN]], len(found) > SHOWN


class PickerWidget(forms.Widget):
    """What is chosen, each with a button to remove it (hidden inputs carry the ids), and a search box whose
    answers (static/luoshi/picker.js) add to it; one choice replaces another unless ``multiple``. ``named``
    (set by the field) names the ids to show, leaving out one outside the reach."""

    def __init__(self, kind: str, reach: str, *, multiple: bool, attrs: dict | None = None) -> None:
        super().__init__(attrs)
        self.kind, self.reach, self.multiple = kind, reach, multiple
        self.allow_multiple_selected = multiple
        self.named: Callable[[set[int]], list[tuple[int, str]]] = lambda ids: []
        self.include = ""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        if self.multiple:
            return data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False

    def render(self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None) -> SafeString:
        values = value if isinstance(value, (list, tuple)) else [value]
        ids = [pk for pk in map(whole_number, values) if pk is not None]
        labels = dict(self.named(set(ids)))
        chips = format_html_join(
            "",
            '<span class="ls-chip">{}<input type="hidden" name="{}" value="{}">'
            '<button type="button" class="btn-close" data-unpick aria-label="移除{}"></button></span>',
            ((labels[pk], name, pk, labels[pk]) for pk in dict.fromkeys(ids) if pk in labels),
        )
        final = self.build_attrs(self.attrs, attrs)
        noun = KINDS[self.kind]["noun"]
        return format_html(
            '<div class="ls-picker" data-picker data-name="{}"{}>'
            '<div class="ls-picked">{}</div>'
            '<input type="search" name="q" form="" id="{}" class="{}"{} placeholder="{}" autocomplete="off"'
            ' aria-controls="{}-picks" hx-get="{}" hx-trigger="input changed delay:250ms, focus"'
            ' hx-target="next .ls-picks" hx-sync="this:replace"{}>'
            '<div class="ls-picks list-group" id="{}-picks"></div></div>',
            name,
            mark_safe(" data-multiple") if self.multiple else "",
            chips,
            final.get("id", ""),
            final.get("class", ""),
            mark_safe(' aria-invalid="true"') if final.get("aria-invalid") == "true" else "",
            f"输入名称搜索{noun}" + ("，可选多个" if self.multiple else ""),
            final.get("id", ""),
            reverse(f"org:pick_{self.kind}") + f"?reach={self.reach}",
            format_html(' hx-include="{}"', self.include) if self.include else "",
            final.get("id", ""),
        )


class PickerField(forms.Field):
    """One unit or person (a list of them when ``multiple``) chosen within a reach the form sets from its
    user (nothing until it does), and ids kept valid outside it (a task's own co-units on edit). Cleans to
    the object chosen, or the list of them."""

    def __init__(self, kind: str, *, reach: str = ASSIGN, multiple: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("widget", PickerWidget(kind, reach, multiple=multiple))
        super().__init__(**kwargs)
        self.kind, self.multiple = kind, multiple
        self.reach: Scope = Scope()
        self.keep: set[int] = set()

    def within(self, reach: Scope, keep: Iterable[int] = (), include: str = "") -> None:
        """Offer and accept what lies in ``reach``, and ``keep``; ``include``: the fields whose values the
        search sends along (a lead unit, to offer its people)."""
        self.reach, self.keep = reach, set(keep)
        widget = cast(PickerWidget, self.widget)
        widget.include, widget.named = include, self.named

    def named(self, ids: set[int]) -> list[tuple[int, str]]:
        """The labels of those of ``ids`` that may be chosen."""
        if not ids:
            return []
        spec = KINDS[self.kind]
        allowed = self.allowed(ids)
        rows = spec["model"].objects.filter(pk__in=sorted(allowed)).select_related(*spec["related"])
        return [(row.pk, spec["label"](row)) for row in rows]

    def allowed(self, ids: set[int]) -> set[int]:
        kept = ids & self.keep
        within = KINDS[self.kind]["within"](self.reach).filter(pk__in=sorted(ids - kept))
        return kept | set(within.values_list("pk", flat=True))

    def to_python(self, value: Any) -> list[int]:
        values = value if isinstance(value, (list, tuple)) else [value]
        ids = [whole_number(str(v).strip()) for v in values if v not in (None, "")]
        if None in ids:
            raise forms.ValidationError("请从搜索结果中选择", code="invalid_choice")
        return list(dict.fromkeys(cast(list[int], ids)))

    def validate(self, value: list[int]) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if set(value) - self.allowed(set(value)):
            raise forms.ValidationError(
                f"所选{KINDS[self.kind]['noun']}不在您可选择的范围内，请从搜索结果中选择",
                code="outside_reach",
            )

    def clean(self, value: Any) -> Any:
        ids = super().clean(value)
        rows = KINDS[self.kind]["model"].objects.in_bulk(ids)
        chosen = [rows[pk] for pk in ids if pk in rows]
        return chosen if self.multiple else (chosen[0] if chosen else None)


def named_together(shown: Iterable[tuple[PickerField, Any]]) -> None:
    """Name what many pickers show (a page of cards, each with its own) in two queries per kind and reach
    rather than one per picker: ``shown`` pairs each field with its value; each widget then reads its
    labels from that answer, still leaving out an id outside its field's reach."""
    groups: dict[tuple[str, Scope], list[tuple[PickerField, set[int]]]] = {}
    for field, value in shown:
        values = value if isinstance(value, (list, tuple)) else [value]
        ids = {pk for pk in map(whole_number, values) if pk is not None}
        groups.setdefault((field.kind, field.reach), []).append((field, ids))
    for (kind, reach), members in groups.items():
        spec = KINDS[kind]
        wanted = sorted(set().union(*(ids for _, ids in members)))
        within = set(spec["within"](reach).filter(pk__in=wanted).values_list("pk", flat=True))
        allowed = {id(field): ids & (within | field.keep) for field, ids in members}
        rows = spec["model"].objects.filter(pk__in=sorted(set().union(*allowed.values())))
        labels = {row.pk: spec["label"](row) for row in rows.select_related(*spec["related"])}
        for field, _ in members:
            cast(PickerWidget, field.widget).named = _reading(labels, allowed[id(field)])


def _reading(labels: dict[int, str], allowed: set[int]) -> Callable[[set[int]], list[tuple[int, str]]]:
    return lambda ids: [(pk, labels[pk]) for pk in sorted(ids & allowed) if pk in labels]


@require_GET
def pick(request: HttpRequest, kind: str) -> HttpResponse:
    """The units or people within the user's reach whose name holds ``q``: a short list to click."""
    reach = request.GET.get("reach", ASSIGN)
    if kind not in KINDS or reach not in REACHES:
        raise Http404("没有这种选择")
    scope = REACHES[reach](request.user)
    lead = whole_number(request.GET.get("lead_unit"))
    under = units_within(scope).filter(pk=lead).first() if lead is not None and kind != "units" else None
    rows, more = matches(kind, scope, request.GET.get("q", "").strip()[:50], under)
    return render(
        request, "org/_picks.html", {"rows": rows, "more": more, "noun": KINDS[kind]["noun"], "shown": SHOWN}
    )
