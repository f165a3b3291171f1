"""The problems a 督查 finding or a 一线走访 raised lead back to it (problems.origins): the campaign's page
opened on the problem's unit, or the visit's, for a reader who may open it."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from .models import Campaign, Visit


def _visible(reader: Any, perm: str, rows: Any, pk: int) -> bool:
    """The reader may open the row by its permission and its visibility rule."""
    return reader.has_perm(perm) and rows.restrict(reader).filter(pk=pk).exists()


def campaign_link(reader: Any, pk: int, problem: Any) -> str | None:
    if not _visible(reader, "inspections.view_campaign", Campaign.objects, pk):
        return None
    return f"{reverse('inspections:detail', args=[pk])}?unit={problem.unit_id}"


def visit_link(reader: Any, pk: int, problem: Any) -> str | None:
    if not _visible(reader, "inspections.view_visit", Visit.objects, pk):
        return None
    return reverse("inspections:visit", args=[pk])
