"""The demo's 专题学习: the units with work under the seed speech study it — some of them, so the speech's
page shows both who has studied it and who has not yet."""

from __future__ import annotations

import datetime as dt
import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from luoshi.org.choices import Role
from luoshi.org.models import Membership, Unit
from luoshi.tasks.models import Task

from . import services
from .models import StudySession, directive_rows
from .progress import expected_unit_ids

NOTES = [
    "传达学习讲话精神，逐条对照分解任务，明确本科室牵头事项的时间表和责任人。",
    "集体学习讲话原文，结合年度重点工作交流体会，查找差距，提出三条改进措施。",
    "领学讲话中关于抓落实的要求，讨论如何做到“扯回销”，对逾期事项逐项说明原因。",
]


def load_study(today: dt.date) -> list[StudySession]:
    """Every other section with work under the first directive records a session, led by its head: the
    first today (so the current assessment month has one), the others four days apart before it; each
    county department with work under it records one in the weeks before, so the counties' group of the
    last month's and the quarter's ranking has figures (a study quota with no session scores 0)."""
    directive_id = (
        Task.objects.filter(directive__isnull=False)
        .order_by("id")
        .values_list("directive_id", flat=True)
        .first()
    )
    if directive_id is None:
        return []
    directive = directive_rows().get(pk=directive_id)
    expected = sorted(expected_unit_ids([directive_id])[directive_id])
    sections = list(Unit.objects.filter(pk__in=expected, kind="section").order_by("tree_path"))
    counties = list(Unit.objects.filter(pk__in=expected, kind="subordinate").order_by("tree_path"))
    held = [(unit, 4 * number, "staff") for number, unit in enumerate(sections[::2])]
    held += [(unit, 12 + 9 * number, "head") for number, unit in enumerate(counties)]
    sessions = []
    for number, (unit, days_ago, recorded_by) in enumerate(held):
        head = (
            Membership.objects.filter(unit=unit, role__in=[Role.SECTION_HEAD, Role.HEAD])
            .select_related("person")
            .first()
        )
        recorder = get_user_model().objects.filter(username=f"{unit.code}-{recorded_by}").first()
        if head is None or recorder is None:
            continue
        held_on = max(directive.issued_on, today - dt.timedelta(days=days_ago))
        sessions.append(
            services.record_session(
                actor=recorder,
                directive=directive,
                unit=unit,
                held_on=held_on,
                led_by=head.person,
                attendees=list(services.people_of(unit)),
                notes=NOTES[number % len(NOTES)],
                photos=[_photo()] if number == 0 else [],
                today=today,
            )
        )
    return sessions


def _photo() -> SimpleUploadedFile:
    """A picture of a meeting room, drawn: a table and the people round it."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (960, 640), (236, 232, 222))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 960, 120), fill=(178, 34, 34))
    draw.rounded_rectangle((200, 300, 760, 460), radius=30, fill=(139, 94, 60))
    for x in range(250, 760, 110):
        for y, top in ((230, True), (480, False)):
            draw.ellipse((x, y, x + 60, y + 60), fill=(60, 60, 80) if top else (80, 70, 60))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return SimpleUploadedFile("专题学习.jpg", buffer.getvalue(), "image/jpeg")
