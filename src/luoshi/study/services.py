"""专题学习: recording a unit's study session on a directive, in one step with its attendees and photos.

Only the unit's own head or staff record its sessions; attendees are people of the unit, the session is not
dated in the future nor before the directive, and a directive is recorded once per unit and day (a form
sent twice is refused, not doubled). Photos are checked by content, turned upright, resized and stored
without EXIF (core.photos), then kept with their SHA-256 (core.uploads)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from luoshi.core import photos as photo_mod
from luoshi.core.dates import check_done_on
from luoshi.core.errors import Conflict, Forbidden, InvalidInput
from luoshi.core.guards import require
from luoshi.core.uploads import check_files, store_files
from luoshi.org.models import NOT_ADMIN, Person, Unit, leaders_in_charge
from luoshi.org.scopes import acting_person, person_of

from .models import StudyPhoto, StudySession
from .rules import RECORDING_ROLES

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png")
MAX_NOTES = 20000


def recording_units(actor: Any) -> QuerySet[Unit]:
    """The units whose sessions ``actor`` records: those where they are head or staff themselves."""
    person = person_of(actor)
    if person is None or person.admin_role:
        return Unit.objects.none()
    return Unit.objects.filter(
        is_active=True, memberships__person=person, memberships__role__in=RECORDING_ROLES
    ).distinct()


def people_of(unit: Unit) -> QuerySet[Person]:
    """Who may attend a unit's session: its active business users (by their unit or a role in it)."""
    return (
        Person.objects.filter(NOT_ADMIN, user__is_active=True)
        .filter(Q(unit=unit) | Q(memberships__unit=unit))
        .distinct()
        .order_by("id")
    )


def record_session(
    *,
    actor: Any,
    directive: Any,
    unit: Unit,
    held_on: dt.date | None,
    led_by: Person | None,
    attendees: Sequence[Person],
    notes: str,
    photos: Sequence[Any] = (),
    today: dt.date | None = None,
) -> StudySession:
    own_only = f"只能由{unit.name}的负责人或干部记录本单位的专题学习"
    require(actor, "study.add_session", message=own_only, code="not_own_unit")
    person = acting_person(actor, own_only)
    if not recording_units(actor).filter(pk=unit.pk).exists():
        raise Forbidden(own_only, "not_own_unit", errors={"unit": ["只能记录本单位的学习"]})
    today = today or timezone.localdate()
    if held_on is None:
        raise InvalidInput("请填写学习日期", "required", errors={"held_on": ["请填写学习日期"]})
    check_done_on(held_on, label="学习日期", field="held_on", today=today)
    if held_on < directive.issued_on:
        raise InvalidInput(
            f"学习日期早于文件日期（{directive.issued_on:%Y-%m-%d}），请检查",
            "before_issued",
            errors={"held_on": ["早于文件日期"]},
        )
    notes = (notes or "").strip()
    if not notes:
        raise InvalidInput("请填写学习内容和体会", "required", errors={"notes": ["请填写学习内容"]})
    if len(notes) > MAX_NOTES:
        raise InvalidInput(f"学习内容最多{MAX_NOTES}字", "invalid", errors={"notes": ["内容过长"]})
    attendees = _attendees(unit, attendees)
    led_by = _leader(unit, led_by, attendees)
    photo_mod.check_sizes(list(photos))  # before any photo is read
    check_files(photos, PHOTO_SUFFIXES)
    processed = [photo_mod.process(f, keep_location=False) for f in photos]
    if StudySession.objects.filter(directive=directive, unit=unit, held_on=held_on).exists():
        raise _duplicate(unit, held_on)
    try:
        with transaction.atomic():
            session = StudySession(
                directive=directive,
                unit=unit,
                held_on=held_on,
                led_by=led_by,
                notes=notes,
                recorded_by=person,
            )
            session._history_user = actor  # type: ignore[attr-defined]
            session.save()
            session.attendees.set(attendees)
            for photo in processed:
                _store(session, person, photo)
    except IntegrityError:  # the same session sent twice at once
        raise _duplicate(unit, held_on) from None
    return session


def _store(session: StudySession, person: Person, photo: photo_mod.Photo) -> StudyPhoto:
    """The processed JPEG through core.uploads, so it is kept with its SHA-256 and served verified."""
    upload = SimpleUploadedFile(photo.name, photo.content, "image/jpeg")

    def row(**fields: Any) -> StudyPhoto:
        return StudyPhoto(session=session, width=photo.width, height=photo.height, **fields)

    return store_files([upload], person, row)[0]


def _attendees(unit: Unit, attendees: Sequence[Person]) -> list[Person]:
    chosen = {p.pk: p for p in attendees}
    if not chosen:
        raise InvalidInput("请选择参加人员", "required", errors={"attendees": ["请选择参加人员"]})
    inside = set(people_of(unit).filter(pk__in=list(chosen)).values_list("pk", flat=True))
    outside = [p.name for pk, p in chosen.items() if pk not in inside]
    if outside:
        names = "、".join(outside)
        raise InvalidInput(
            f"参加人员{names}不是{unit.name}的人员：只登记本单位参加学习的人员",
            "attendee_outside_unit",
            errors={"attendees": [f"{names}不是本单位人员"]},
        )
    return list(chosen.values())


def _leader(unit: Unit, led_by: Person | None, attendees: list[Person]) -> Person:
    """领学: one of the attendees, or a leader in charge of the unit who came to lead it."""
    if led_by is None:
        raise InvalidInput("请选择领学人", "required", errors={"led_by": ["请选择领学人"]})
    if led_by.pk in {p.pk for p in attendees} or leaders_in_charge(unit).filter(pk=led_by.pk).exists():
        return led_by
    raise InvalidInput(
        f"领学人{led_by.name}应是参加人员或{unit.name}的分管领导",
        "ineligible_leader",
        errors={"led_by": ["应是参加人员或分管领导"]},
    )


def _duplicate(unit: Unit, held_on: dt.date) -> Conflict:
    return Conflict(
        f"{unit.name}{held_on.year}年{held_on.month}月{held_on.day}日学习该文件的记录已经保存过了，请勿重复提交",
        "duplicate_submit",
        errors={"held_on": ["已有这一天的学习记录"]},
    )
