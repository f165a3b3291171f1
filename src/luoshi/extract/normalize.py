"""Same-length normalisation so that every offset found on the normalised text is a source offset."""

from __future__ import annotations

import re
from importlib import resources

_HALF = ",:;!?()"
_FULL = "，：；！？（）"
# digits written full-width become ASCII digits, one char for one char
_FULL_DIGITS = {chr(0xFF10 + i): str(i) for i in range(10)}


def _simplified() -> dict[str, str]:
    """Traditional characters and their simplified form, one char for one char (OpenCC's character
    table), so that 各牽頭單位 is read as 各牵头单位. A character the table says may stand as written
    (於, 乾, 藉) is kept."""
    table = resources.files("opencc") / "dictionary" / "TSCharacters.txt"
    out = {}
    for line in table.read_text(encoding="utf-8").splitlines():
        key, _, forms = line.partition("\t")
        first, *rest = forms.split()
        if len(key) == len(first) == 1 and key != first and key not in rest:
            out[key] = first
    return out


_TABLE = str.maketrans(
    {**_simplified(), **dict(zip(_HALF, _FULL)), "．": ".", "\u3000": " ", "\xa0": " ", **_FULL_DIGITS}
)
_CJK_STOP = re.compile(r"(?<=[\u4e00-\u9fff”）》\"'])\.(?![\d.])")
_QUOTES = re.compile(r'"')


def normalize(text: str) -> str:
    """Map half-width punctuation to full width and traditional characters to simplified, char for
    char, so offsets stay source offsets.

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
