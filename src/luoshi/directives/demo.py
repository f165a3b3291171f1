"""The seed speech (data/seed-speech.txt) as the demo's first directive."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model

from luoshi.core.errors import ServiceError
from luoshi.extract.noise import noise_spans

from .choices import DirectiveKind, DirectiveLevel
from .models import Directive, Requirement
from .services import create_directive, extract_requirements, set_answers, set_requirement_answers

SEED = Path(__file__).parent / "data" / "seed-speech.txt"
# The upper-level deployment the seed speech answers (对标对表): a short digest, as an office would enter it.
UPPER = (
    "一、各级组织部门要深入学习贯彻全国组织部长会议精神，年内完成专题学习。"
    "二、要加强年轻干部培养选拔，6月底前完成年轻干部专题调研。"
    "三、要抓好基层党组织建设，年底前完成软弱涣散村党组织整顿。"
    "四、要强化组工干部专业培训，年内实现全员轮训。"
)

# Words a speech requirement and the province's requirement it carries out both contain.
SHARED_WORDS = ("组织部长会议精神", "年轻干部", "基层党组织", "培训")


def without_site_noise(text: str) -> str:
    """The seed was scraped from a document-sharing site; the demo shows the speech without its lines."""
    noise = noise_spans(text)
    kept, offset = [], 0
    for line in text.split("\n"):
        end = offset + len(line)
        if not any(start < end and stop > offset for start, stop in noise):
            kept.append(line)
        offset = end + 1
    return "\n".join(kept)


def load_directives(today: dt.date) -> list[Directive]:
    """The seed speech, to be worked on; it answers the province's deployment, entered beside it by the
    办公室 (its registrar, so the office and the leaders over it keep the directives' records)."""
    office = get_user_model().objects.get(username="bgs-staff")
    text = without_site_noise(SEED.read_text(encoding="utf-8-sig").replace("\r\n", "\n"))
    upper = create_directive(
        actor=office,
        title="全省组织部长会议精神（要点）",
        text=UPPER,
        issued_on=today - dt.timedelta(days=50),
        kind=DirectiveKind.DOCUMENT,
        level=DirectiveLevel.PROVINCIAL,
        issuer="省委组织部",
    )
    extract_requirements(upper, actor=office)
    speech = create_directive(
        actor=office,
        title="部长在全市组织工作推进会上的讲话",
        text=text,
        issued_on=today - dt.timedelta(days=42),
        kind=DirectiveKind.SPEECH,
        level=DirectiveLevel.INTERNAL,
        issuer="陈建国（部长）",
    )
    set_answers(speech, actor=office, uppers=[upper])
    return [speech]


def link_requirements(directive: Directive, head: Any) -> None:
    """Link the speech's requirements to the provincial ones they carry out, by shared words; a word that
    matches nothing (the seed or the engine changed) links nothing, so the demo always loads."""
    for upper in directive.answers.all():
        for word in SHARED_WORDS:
            above = Requirement.objects.filter(directive=upper, text__contains=word).order_by("start").first()
            below = (
                Requirement.objects.filter(directive=directive, text__contains=word).order_by("start").first()
            )
            if above is None or below is None:
                continue
            try:
                set_requirement_answers(below, actor=head, uppers=[*below.answers.all(), above])
            except ServiceError:
                continue
