"""The seed speech (data/seed-speech.txt) as the demo's first directive."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from luoshi.extract.noise import noise_spans

from .choices import DirectiveKind, DirectiveLevel
from .models import Directive
from .services import create_directive

SEED = Path(__file__).parent / "data" / "seed-speech.txt"


def without_site_noise(text: str) -> str:
    """The seed was scraped from a document-sharing site; the demo shows the speech without the site's lines."""
    noise = noise_spans(text)
    kept, offset = [], 0
    for line in text.split("\n"):
        end = offset + len(line)
        if not any(start < end and stop > offset for start, stop in noise):
            kept.append(line)
        offset = end + 1
    return "\n".join(kept)


def load_directives(head: Any, today: dt.date) -> list[Directive]:
    text = without_site_noise(SEED.read_text(encoding="utf-8-sig").replace("\r\n", "\n"))
    return [create_directive(actor=head, title="部长在春节收心会暨组织工作务虚会上的讲话", text=text,
                             issued_on=today - dt.timedelta(days=42), kind=DirectiveKind.SPEECH,
                             level=DirectiveLevel.INTERNAL, issuer="陈建国（部长）")]
