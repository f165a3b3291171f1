"""专业培训: planning a training, enrolling people on it and marking who attended, each one step that checks
who may do it and what is sensible, in one transaction, with the rows' history.

Who plans and manages a training: those whose ASSIGN reach (org.scopes) holds its organising unit and
every audience unit (see rules.py). Attendance is marked once the training has begun; an attendee is
credited the training's hours or fewer (a day missed), an absentee none.

The hours credited count in the 培训学时 indicator of the attendee's unit, so a unit never certifies its
own (nobody decides their own matter): its people confirm no attendance of its people — those above it who
manage the training do (the leader in charge, the office, the head) — and a training that is already over
is recorded as held only from above, never by the unit that organised it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from luoshi.core.errors import Conflict, Forbidden, InvalidInput
from luoshi.core.guards import require
from luoshi.org.models import NOT_ADMIN, Person, Unit, subtree_q
from luoshi.org.scopes import ASSIGN, acting_person, own_unit_ids, unit_scope

from .choices import Attendance
from .models import Enrolment, Training

HOURS_PER_DAY = 8  # 学时 a day of training can hold
MAX_HOURS = 200  # more on one plan is a typo
MAX_DAYS = 90
NOT_PLANNER = "该账号不能制定培训计划"


def may_manage(user: Any, training: Training) -> bool:
    return user.has_perm("training.add_training") and training.unit_id in unit_scope(user, ASSIGN)


def audience_people(training: Training) -> QuerySet[Person]:
    """Who may be enrolled: the active business users of the audience units and the units below them."""
    units = list(training.audience_units.all())
    return (
        Person.objects.filter(NOT_ADMIN, user__is_active=True)
        .filter(subtree_q(units, "unit__tree_path"))
        .select_related("unit")
        .order_by("unit__tree_path", "id")
    )


def plan_training(
    *,
    actor: Any,
    topic: str,
    unit: Unit,
    audience: str,
    audience_units: Sequence[Unit],
    hours: int | None,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    place: str = "",
    content: str = "",
    today: dt.date | None = None,
) -> Training:
    person = _acting(actor)
    reach = unit_scope(actor, ASSIGN)
    if unit.pk not in reach:
        raise Forbidden(
            f"您不能为{unit.name}制定培训计划：只能为本人可交办工作的单位制定",
            "outside_assign_scope",
            errors={"unit": ["不在可交办的单位中"]},
        )
    topic = " ".join((topic or "").split())
    if not topic:
        raise InvalidInput("请填写培训主题", "required", errors={"topic": ["请填写培训主题"]})
    audience = (audience or "").strip()
    if not audience:
        raise InvalidInput("请填写培训对象", "required", errors={"audience": ["请填写培训对象"]})
    if not audience_units:
        raise InvalidInput("请选择参训单位", "required", errors={"audience_units": ["请选择参训单位"]})
    outside = [u.name for u in audience_units if u.pk not in reach]
    if outside:
        raise Forbidden(
            f"{'、'.join(outside)}不在您可交办工作的单位中，不能作为参训单位",
            "outside_assign_scope",
            errors={"audience_units": ["超出可交办的单位"]},
        )
    if starts_on is None or ends_on is None:
        raise InvalidInput("请填写培训的开始和结束日期", "required", errors={"starts_on": ["请填写日期"]})
    if ends_on < starts_on:
        raise InvalidInput("结束日期早于开始日期", "invalid_dates", errors={"ends_on": ["早于开始日期"]})
    today = today or timezone.localdate()
    if ends_on < today and unit.pk in own_unit_ids(person):
        raise Forbidden(
            f"这次培训已于{ends_on:%Y年%-m月%-d日}结束：已结束的培训由上级或办公室补录，"
            f"{unit.name}不能为本单位补录。培训尚在进行或还未举办的，请核对结束日期",
            "own_past_training",
            errors={"ends_on": ["已结束的本单位培训由上级或办公室补录"]},
        )
    days = (ends_on - starts_on).days + 1
    if days > MAX_DAYS:
        raise InvalidInput(
            f"一期培训最长{MAX_DAYS}天，请分期制定", "invalid_dates", errors={"ends_on": ["培训期过长"]}
        )
    most = min(MAX_HOURS, days * HOURS_PER_DAY)
    checked_hours = _check_hours(
        hours, most, f"{days}天的培训最多{most}学时（每天不超过{HOURS_PER_DAY}学时），请核对", "hours"
    )
    if Training.objects.filter(unit=unit, topic=topic, starts_on=starts_on).exists():
        raise _duplicate(topic, starts_on)
    try:
        with transaction.atomic():
            training = Training(
                topic=topic[:200],
                unit=unit,
                audience=audience[:200],
                hours=checked_hours,
                starts_on=starts_on,
                ends_on=ends_on,
                place=(place or "").strip()[:200],
                content=(content or "").strip(),
                created_by=person,
            )
            training._history_user = actor  # type: ignore[attr-defined]
            training.save()
            training.audience_units.set(audience_units)
    except IntegrityError:  # the same plan sent twice at once
        raise _duplicate(topic, starts_on) from None
    return training


def enrol(training: Training, *, actor: Any, people: Sequence[Person]) -> list[Enrolment]:
    """Enrol people of the audience; those already enrolled stay as they are."""
    person = _managing(actor, training)
    if not people:
        raise InvalidInput("请选择报名人员", "required", errors={"people": ["请选择报名人员"]})
    allowed = set(
        audience_people(training).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True)
    )
    outside = [p.name for p in people if p.pk not in allowed]
    if outside:
        raise InvalidInput(
            f"{'、'.join(outside)}不属于本次培训的参训单位，不能报名",
            "person_outside_audience",
            errors={"people": ["不属于参训单位"]},
        )
    with transaction.atomic():
        taken = set(training.enrolments.values_list("person_id", flat=True))
        made = []
        for someone in people:
            if someone.pk in taken:
                continue
            taken.add(someone.pk)
            row = Enrolment(training=training, person=someone, enrolled_by=person)
            row._history_user = actor  # type: ignore[attr-defined]
            row.save()
            made.append(row)
    return made


def mark_attendance(
    training: Training, *, actor: Any, marks: Mapping[int, int | None], today: dt.date | None = None
) -> list[Enrolment]:
    """``marks``: an enrolled person's id → the hours credited (None or 0: absent). All or nothing. Nobody
    changes their own attendance: the hours count in the 培训学时 indicator, so someone else confirms them."""
    person = _managing(actor, training)
    today = today or timezone.localdate()
    if training.starts_on > today:
        raise Conflict(f"培训{training.starts_on:%Y-%m-%d}才开始，开始后再登记出勤", "not_started")
    if not marks:
        raise InvalidInput("请登记至少一名学员的出勤", "required")
    rows = {
        e.person_id: e for e in training.enrolments.select_related("person").filter(person_id__in=list(marks))
    }
    unknown = [pk for pk in marks if pk not in rows]
    if unknown:
        raise InvalidInput(
            "有人员未报名本次培训，请先报名再登记出勤", "not_enrolled", errors={"marks": ["未报名"]}
        )
    changing = {pk: row for pk, row in rows.items() if (row.status, row.hours) != _attendance(marks[pk])}
    if person.pk in changing:
        raise Forbidden(
            "不能登记本人的出勤和学时，请由其他管理本次培训的人员登记",
            "own_attendance",
            errors={"marks": ["不能登记本人的出勤"]},
        )
    mine = own_unit_ids(person)
    ours = [row.person.name for row in changing.values() if row.person.unit_id in mine]
    if ours:
        raise Forbidden(
            f"不能登记本单位人员（{'、'.join(ours)}）的出勤和学时：培训学时计入本单位考核，"
            "须由本单位以外管理本次培训的人员（分管领导、办公室或部领导）登记",
            "own_unit_attendance",
            errors={"marks": ["本单位人员由上级或办公室登记"]},
        )
    for pk, hours in marks.items():
        if hours:
            name = rows[pk].person.name
            _check_hours(
                hours, training.hours, f"{name}的认定学时不能超过本次培训的{training.hours}学时", "marks"
            )
    now = timezone.now()
    with transaction.atomic():
        changed = []
        for pk, row in changing.items():
            row.status, row.hours = _attendance(marks[pk])
            row.marked_by, row.marked_at = person, now
            row._history_user = actor  # type: ignore[attr-defined]
            row.save(update_fields=["status", "hours", "marked_by", "marked_at"])
            changed.append(row)
    return changed


def _attendance(hours: int | None) -> tuple[str, int]:
    """The status and hours a mark records: hours credited, or absent."""
    return (Attendance.ATTENDED, hours) if hours else (Attendance.ABSENT, 0)


def _check_hours(hours: Any, most: int, too_many: str, field: str) -> int:
    if not isinstance(hours, int) or isinstance(hours, bool) or hours <= 0:
        raise InvalidInput("学时应为正整数", "invalid_hours", errors={field: ["学时应为正整数"]})
    if hours > most:
        raise InvalidInput(too_many, "invalid_hours", errors={field: [f"最多{most}学时"]})
    return hours


def _acting(actor: Any) -> Person:
    require(actor, "training.add_training", message=NOT_PLANNER)
    return acting_person(actor, NOT_PLANNER, admins=True)


def _managing(actor: Any, training: Training) -> Person:
    person = _acting(actor)
    if not may_manage(actor, training):
        raise Forbidden(f"只有能为{training.unit.name}交办工作的人员才能管理本次培训", "outside_assign_scope")
    return person


def _duplicate(topic: str, starts_on: dt.date) -> Conflict:
    return Conflict(
        f"“{topic}”（{starts_on:%Y-%m-%d}开始）的培训计划已经保存过了，请勿重复提交",
        "duplicate_submit",
        errors={"topic": ["已有同名同日的培训"]},
    )
