"""Characters a reader cannot see: refused where a person types text, dropped where a file brings it.

The zero-width characters (U+200B–U+200F, U+2060, U+FEFF) make two titles that read the same differ
(a search, a duplicate check and a reader's eye disagree), and the direction controls (U+202A–U+202E,
U+2066–U+2069) reverse what follows them wherever the text is shown: a robot message, a mail subject, a
cell of an Excel ledger, a line of a Word 通报. Every text field of a form or an API body refuses them
(``refuse_invisible``, run by the validator that refuses NUL); a cell of an imported workbook or document,
which nobody can retype, loses them (``visible``).
"""

import re
from typing import Any

from django.core.exceptions import ValidationError

INVISIBLE = {
    "\u200b": "零宽空格",
    "\u200c": "零宽不连字",
    "\u200d": "零宽连字",
    "\u200e": "从左至右标记",
    "\u200f": "从右至左标记",
    "\u202a": "文字方向控制字符",
    "\u202b": "文字方向控制字符",
    "\u202c": "文字方向控制字符",
    "\u202d": "文字方向控制字符",
    "\u202e": "文字方向控制字符",
    "\u2060": "零宽不换行符",
    "\u2066": "文字方向控制字符",
    "\u2067": "文字方向控制字符",
    "\u2068": "文字方向控制字符",
    "\u2069": "文字方向控制字符",
    "\ufeff": "零宽不换行空格",
}
DROP_INVISIBLE = str.maketrans(dict.fromkeys(INVISIBLE))
FIND_INVISIBLE = re.compile(f"[{''.join(INVISIBLE)}]")


def invisible_refusal(text: str) -> str | None:
    """The Chinese refusal naming the first invisible character of ``text`` and where it stands, or None."""
    found = FIND_INVISIBLE.search(text)
    if found is None:
        return None
    char = found.group()
    return (
        f"文本第{found.start() + 1}个字处含有看不见的{INVISIBLE[char]}（U+{ord(char):04X}），"
        "它多由复制粘贴带入，请重新输入这段文字后提交"
    )


def refuse_invisible(value: Any) -> None:
    """A form's or an API body's text with an invisible character is a ValidationError."""
    refusal = invisible_refusal(str(value))
    if refusal is not None:
        raise ValidationError(refusal, code="invisible_character")


def visible(text: str) -> str:
    """``text`` without its invisible characters."""
    return text.translate(DROP_INVISIBLE)
