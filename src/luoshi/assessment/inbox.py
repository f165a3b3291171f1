"""考核评价 in 我的待办: the judged indicators an assessor has still to score, the bonus and deduction items
a leader is to decide, and the 逾期问责 matters waiting on a unit's reason or on a leader's decision."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, F, OuterRef
from django.urls import reverse

from luoshi.core.inbox import InboxEntry, InboxRow, entry
from luoshi.org.rules import is_leader
from luoshi.org.scopes import own_unit_ids, person_of

from .accountability_views import STATUS_Q
from .approval import decidable_ids
from .choices import IndicatorKind, MatterStatus, PeriodStatus
from .models import Accountability, Adjustment, Indicator, Judgement, UnitScore
from .rules import explains_q, overdue_decidable_q


def _score_row(score: UnitScore) -> InboxRow:
    return InboxRow(
        f"{score.period.name} · {score.unit.display_name}", reverse("assessment:score", args=[score.pk])
    )


def _adjustment_row(item: Adjustment) -> InboxRow:
    return InboxRow(
        f"{item.unit.display_name} {item.kind_label}{item.points.normalize():f}分：{item.reason}",
        reverse("assessment:period", args=[item.period_id]),
        item.period.name,
    )


def _matter_row(matter: Accountability) -> InboxRow:
    return InboxRow(
        matter.task.title,
        reverse("assessment:matter", args=[matter.pk]),
        f"{matter.unit.display_name} · 完成时限 {matter.due_date:%Y-%m-%d}",
    )


def entries(user: Any, today: dt.date) -> list[InboxEntry]:
    person = person_of(user)
    if person is None:
        return []
    ledger = reverse("assessment:accountability")
    # assessment.judge: a named assessor of a judged indicator, in a period still open, on the current
    # version's units without their judgement yet, less the units one is of (which judge refuses).
    unjudged = Indicator.objects.filter(
        scheme=OuterRef("period__scheme"), kind=IndicatorKind.JUDGED, assessors=person
    ).exclude(
        Exists(
            Judgement.objects.filter(
                period=OuterRef(OuterRef("period")),
                unit=OuterRef(OuterRef("unit")),
                indicator=OuterRef("pk"),
                assessor=person,
            )
        )
    )
    scores = (
        UnitScore.objects.restrict(user)
        .filter(Exists(unjudged), period__status=PeriodStatus.OPEN, version=F("period__version"))
        .exclude(unit__in=sorted(own_unit_ids(person)))
    )
    matters = Accountability.objects.restrict(user).select_related("task", "unit").order_by("due_date", "pk")
    found = [
        entry(
            "assessment-judge",
            "待评议打分",
            "您是评议人的考核指标，请为各单位评议",
            scores.select_related("period", "unit").order_by("period__starts_on", "unit__tree_path", "pk"),
            _score_row,
            reverse("assessment:overview"),
            "评议",
        ),
        entry(
            "overdue-explain",
            "待说明逾期原因",
            "本单位逾期未完成的事项，请说明原因",
            matters.filter(explains_q(person), STATUS_Q[MatterStatus.AWAITING_REASON]),
            _matter_row,
            f"{ledger}?status={MatterStatus.AWAITING_REASON}",
            "说明",
        ),
    ]
    if is_leader(user):  # assessment.decide_adjustment and decide_overdue, by their own conditions
        found += [
            entry(
                "adjustment-decide",
                "待审批加减分",
                "所分管单位的加分、扣分事项，及转请部领导审批的，请审批",
                Adjustment.objects.filter(pk__in=decidable_ids(user, Adjustment.objects.restrict(user)))
                .select_related("unit", "period")
                .order_by("proposed_at", "pk"),
                _adjustment_row,
                reverse("assessment:overview"),
                "审批",
            ),
            entry(
                "overdue-decide",
                "待作出问责决定",
                "所分管单位已说明原因的逾期事项，请作出决定",
                matters.filter(overdue_decidable_q(user), STATUS_Q[MatterStatus.AWAITING_DECISION]),
                _matter_row,
                f"{ledger}?status={MatterStatus.AWAITING_DECISION}",
                "决定",
            ),
        ]
    return found
