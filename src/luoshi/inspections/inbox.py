"""督查调研 in 我的待办: the campaigns whose checklist a team member still has results to record in (under
way, no 督查通报 issued yet). A finding of a problem goes on as a problem (问题清单's own entries)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from luoshi.core.inbox import InboxEntry, InboxRow, entry
from luoshi.org.scopes import person_of

from .choices import DocumentKind
from .models import Campaign, ChecklistPoint, Finding, IssuedDocument, Team


def _count(rows: Any) -> Coalesce:
    """How many of ``rows`` (filtered on the outer campaign) there are, as a subquery."""
    counted = rows.order_by().values("campaign").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _row(campaign: Any) -> InboxRow:
    """A campaign annotated with the results ``expected`` and those ``recorded``."""
    return InboxRow(
        campaign.topic,
        reverse("inspections:detail", args=[campaign.pk]),
        f"已记录 {campaign.recorded}/{campaign.expected} 项 · {campaign.end_date:%Y-%m-%d} 结束",
    )


def entries(user: Any, today: dt.date) -> list[InboxEntry]:
    person = person_of(user)
    if person is None:
        return []
    on_team = Team.objects.filter(Q(leader=person) | Q(members=person), campaign=OuterRef("pk"))
    targets = Campaign.target_units.through.objects.filter(campaign=OuterRef("pk"))
    campaigns = (
        Campaign.objects.filter(Exists(on_team), start_date__lte=today)
        .exclude(Exists(IssuedDocument.objects.filter(campaign=OuterRef("pk"), kind=DocumentKind.BULLETIN)))
        .annotate(
            expected=_count(ChecklistPoint.objects.filter(campaign=OuterRef("pk"))) * _count(targets),
            recorded=_count(Finding.objects.filter(campaign=OuterRef("pk"))),
        )
        .filter(recorded__lt=F("expected"))
        .order_by("end_date", "pk")
    )
    return [
        entry(
            "campaign-record",
            "待记录检查结果",
            "您所在检查组的督查调研，检查清单还有单位未记录结果",
            campaigns,
            _row,
            reverse("inspections:list"),
            "记录",
        )
    ]
