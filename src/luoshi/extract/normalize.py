"""Same-length normalisation so that every offset found on the normalised text is a source offset."""

from __future__ import annotations

import re

_HALF = ",:;!?()"
_FULL = "，：；！？（）"
# digits written full-width become ASCII digits, one char for one char
_FULL_DIGITS = {chr(0xFF10 + i): str(i) for i in range(10)}
_TABLE = str.maketrans({**dict(zip(_HALF, _FULL)), "．": ".", "\u3000": " ", "\xa0": " ", **_FULL_DIGITS})
_CJK_STOP = re.compile(r"(?<=[\u4e00-\u9fff”）》\"'])\.(?![\d.])")
_QUOTES = re.compile(r'"')


def normalize(text: str) -> str:
    """Map half-width punctuation to full width, char for char, so offsets stay source offsets.

    A ``.`` after a Chinese character ends a sentence (。); straight double quotes become “ and ”
    alternately within a line.
    """
    out = _CJK_STOP.sub("。", text.translate(_TABLE))
    if '"' in out:
        out = "\n".join(_pair_quotes(line) for line in out.split("\n"))
    return out


def _pair_quotes(line: str) -> str:
    state = {"open": True}

    def sub(_: re.Match) -> str:
        q = "“" if state["open"] else "”"
        state["open"] = not state["open"]
        return q

    return _QUOTES.sub(sub, line)


def clean_source(text: str) -> str:
    """The benchmark's source normalisation: BOM removed, CR LF and CR become LF, nothing else."""
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")
