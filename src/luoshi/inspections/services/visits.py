"""一线走访: a visit recorded at the site, its photos and the problems raised on the spot, in one step.

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
from luoshi.core.errors import InvalidInput
from luoshi.core.guards import require
from luoshi.core.uploads import removed_on_rollback
from luoshi.org.models import Unit
from luoshi.org.scopes import acting_person

from ..models import Campaign, Visit, VisitPhoto
from . import problems
from .common import NO_PERSON, required_text

MAX_RAISED = 20


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
    if visited_at is None:
        raise InvalidInput("请填写走访时间", "required", errors={"visited_at": ["请填写走访时间"]})
    when = timezone.localtime(visited_at) if timezone.is_aware(visited_at) else visited_at
    check_done_on(when.date(), label="走访时间", field="visited_at")
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
