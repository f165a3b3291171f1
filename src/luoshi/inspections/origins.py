"""The problems a 督查 finding or a 一线走访 raised lead back to it (problems.origins): the campaign's page
opened on the problem's unit, or the visit's, for a reader who may open it."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from .models import Campaign, Visit


def campaign_link(reader: Any, pk: int, problem: Any) -> str | None:
    if (
        not reader.has_perm("inspections.view_campaign")
        or not Campaign.objects.restrict(reader).filter(pk=pk).exists()
    ):
        return None
    return f"{reverse('inspections:detail', args=[pk])}?unit={problem.unit_id}"


def visit_link(reader: Any, pk: int, problem: Any) -> str | None:
    if (
        not reader.has_perm("inspections.view_visit")
        or not Visit.objects.restrict(reader).filter(pk=pk).exists()
    ):
        return None
    return reverse("inspections:visit", args=[pk])
