"""Same-length normalisation so that every offset found on the normalised text is a source offset."""
from __future__ import annotations

_HALF = ",:;!?()"
_FULL = "，：；！？（）"
_TABLE = str.maketrans({**dict(zip(_HALF, _FULL)), "．": ".", "\u3000": " ", "\xa0": " ",
                        "\u201c": "“", "\u201d": "”"})
# digits written full-width become ASCII digits, one char for one char
_TABLE.update({0xFF10 + i: ord("0") + i for i in range(10)})


def normalize(text: str) -> str:
    """Map half-width punctuation to full width (and full-width digits to ASCII), char for char."""
    return text.translate(_TABLE)


def clean_source(text: str) -> str:
    """The GUIDE's source normalisation: BOM removed, CR LF and CR become LF, nothing else."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")
