"""一线走访: a visit recorded at the site, its photos and the problems raised on the spot, in one step.

A visit goes to a unit within the visitor's reach (``visit_reach``): a leader visits the units in his
charge, the department's head and inspectors any unit, a section or county head their own unit and those
below it, a clerk their own unit — the units whose ledger the visit's problems enter and the visitor then
follows. A member of a campaign's team also visits, for the campaign, its target units (as a finding).

A draft sent twice — the phone resends when the signal returns — is one visit: the form's key
(``client_key``, drawn when the draft began) names it, and a second send answers the first visit."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from luoshi.core import photos as photo_mod
from luoshi.core.dates import check_done_on
from luoshi.core.errors import Forbidden, InvalidInput
from luoshi.core.guards import require
from luoshi.core.uploads import removed_on_rollback
from luoshi.org.models import Person, Unit
from luoshi.org.scopes import VIEW, Scope, acting_person, unit_scope

from ..models import Campaign, Visit, VisitPhoto
from . import problems
from .common import NO_PERSON, required_text

MAX_RAISED = 20
# The name under which the visit form's unit picker searches ``visit_reach`` (InspectionsConfig.ready).
VISITED = "visit_units"


def visit_reach(actor: Any) -> Scope:
    """The units ``actor`` may record a visit to — the one definition, of the page's unit picker and of
    ``record_visit``: those whose work they may see (org.scopes' VIEW)."""
    return unit_scope(actor, VIEW)


def check_visited_unit(
    actor: Any, person: Person, unit: Unit, campaign: Campaign | None, day: dt.date
) -> None:
    """``unit`` lies in ``visit_reach``; or, when the visit names ``campaign``, the visit is its finding:
    by one of its team, to one of its targets (within the organiser's reach and not the member's own
    unit, as for a finding), on a day of its period — a campaign is never a label on another visit."""
    if not unit.is_active:
        raise InvalidInput("所属单位不存在或已停用", "unknown_unit", errors={"unit": ["单位不存在或已停用"]})
    if campaign is not None:
        _check_for_campaign(campaign, person, unit, day)
        return
    if unit.pk in visit_reach(actor):
        return
    raise Forbidden(
        f"不能记录对“{unit.name}”的走访：只能走访您分管或能查看的单位"
        "（为督查调研走访的，须是检查组成员走访本次的检查对象）",
        "outside_scope",
        errors={"unit": ["不在您可走访的单位范围内"]},
    )


def _check_for_campaign(campaign: Campaign, person: Person, unit: Unit, day: dt.date) -> None:
    from .campaigns import check_may_inspect, check_open, team_people

    if person.pk not in team_people(campaign):
        raise Forbidden(
            f"您不是“{campaign.topic}”检查组的成员，不能为其记录走访",
            "not_on_team",
            errors={"campaign": ["不是本次检查组成员"]},
        )
    if not campaign.target_units.filter(pk=unit.pk).exists():
        raise InvalidInput(
            f"{unit.name}不是“{campaign.topic}”的检查对象，不能为其记录走访",
            "unit_not_targeted",
            errors={"unit": ["不是本次的检查对象"]},
        )
    check_may_inspect(campaign, person, unit)
    check_open(campaign, day, label="走访时间", field="visited_at")


def record_visit(
    *,
    actor: Any,
    place: str,
    visited_at: dt.datetime,
    heard: str,
    people_met: str = "",
    unit: Unit | None = None,
    campaign: Campaign | None = None,
    photos: Sequence[Any] = (),
    keep_location: bool = False,
    raised: Sequence[str] = (),
    client_key: str = "",
) -> Visit:
    require(actor, "inspections.add_visit", message="该账号不能记录一线走访")
    person = acting_person(actor, NO_PERSON)
    client_key = (client_key or "").strip()[:64]
    if client_key:
        earlier = Visit.objects.filter(author=person, client_key=client_key).first()
        if earlier is not None:
            return earlier
    photo_mod.check_sizes(list(photos))  # before any photo is read
    place = required_text(place, "走访地点", "place")
    heard = required_text(heard, "听到的情况", "heard")
    raised = [" ".join(text.split()) for text in raised if text and text.strip()]
    if len(raised) > MAX_RAISED:
        raise InvalidInput(f"一次最多记录{MAX_RAISED}个问题", "invalid", errors={"raised": ["问题过多"]})
    if raised and unit is None:
        raise InvalidInput(
            "记录当场发现的问题，请选择问题所在单位", "unit_required", errors={"unit": ["请选择单位"]}
        )
    if campaign is not None and unit is None:
        raise InvalidInput(
            "为督查调研走访，请选择走访的检查对象单位", "unit_required", errors={"unit": ["请选择单位"]}
        )
    if visited_at is None:
        raise InvalidInput("请填写走访时间", "required", errors={"visited_at": ["请填写走访时间"]})
    when = timezone.localtime(visited_at) if timezone.is_aware(visited_at) else visited_at
    check_done_on(when.date(), label="走访时间", field="visited_at")
    if unit is not None:
        check_visited_unit(actor, person, unit, campaign, when.date())
    processed = [photo_mod.process(f, keep_location=keep_location) for f in photos]
    try:
        with transaction.atomic():
            visit = Visit.objects.create(
                place=place[:200],
                unit=unit,
                campaign=campaign,
                visited_at=visited_at,
                people_met=(people_met or "").strip(),
                heard=heard,
                raised=raised,
                author=person,
                client_key=client_key,
            )
            for photo in processed:
                _store(visit, photo)
            if raised:
                problems.raise_from_visit(visit, actor=actor, person=person)
    except IntegrityError:
        # The same draft arrived twice at once: the first one's visit is the answer.
        earlier = Visit.objects.filter(author=person, client_key=client_key).first() if client_key else None
        if earlier is None:
            raise
        return earlier
    return visit


def _store(visit: Visit, photo: photo_mod.Photo) -> VisitPhoto:
    row = VisitPhoto(
        visit=visit,
        token=secrets.token_urlsafe(24),
        name=photo.name,
        width=photo.width,
        height=photo.height,
        size=len(photo.content),
        sha256=hashlib.sha256(photo.content).hexdigest(),
        latitude=photo.latitude,
        longitude=photo.longitude,
    )
    row.file.save(row.name, ContentFile(photo.content), save=False)
    removed_on_rollback(row.file.storage, row.file.name)
    row.save()
    return row
