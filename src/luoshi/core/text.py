"""Characters a reader cannot see: refused where a person types text, dropped where a file brings it.

The zero-width characters (U+200B–U+200F, U+2060, U+FEFF) make two titles that read the same differ
(a search, a duplicate check and a reader's eye disagree), and the direction controls (U+202A–U+202E,
U+2066–U+2069) reverse what follows them wherever the text is shown: a robot message, a mail subject, a
cell of an Excel ledger, a line of a Word 通报. Every text field of the project's forms and API bodies
refuses them (``guard_typed_text``, run by the forms' base ``core.forms.ServiceErrors`` and the serializers'
bases in ``core.serializers``), a password's excepted; a cell of an imported workbook or document, which
nobody can retype, loses them (``visible``).
"""

import re
from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from rest_framework import serializers

# Django's own refusal of a NUL character reads 不允许是用空字符串 (a typo, and it speaks of an empty
# string): said plainly instead.
NUL_REFUSED = "文本中不能含有空字符（\\x00），它多由复制粘贴带入，请重新输入这段文字后提交"

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
# A zero-width joiner between two pictographs is how an emoji sequence (a family, a flag, a skin tone) is
# written: it shows as one picture, so it is no invisible twin. The one before it may end in a variation
# selector (a skin-tone modifier is a pictograph itself).
PICTOGRAPH = "\u2600-\u27bf\U0001f000-\U0001faff"
UNJOINING = "".join(char for char in INVISIBLE if char != "\u200d")
FIND_INVISIBLE = re.compile(f"(?<![{PICTOGRAPH}\ufe0f])\u200d|\u200d(?![{PICTOGRAPH}])|[{UNJOINING}]")


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


def refuse_nul(value: Any) -> None:
    """Typed text with a NUL character (which no database text column takes) is a ValidationError."""
    if "\x00" in str(value):
        raise ValidationError(NUL_REFUSED, code="null_characters_not_allowed")


def refuse_unreadable(value: Any) -> None:
    """Typed text with a NUL or an invisible character is a ValidationError."""
    refuse_nul(value)
    refusal = invisible_refusal(str(value))
    if refusal is not None:
        raise ValidationError(refusal, code="invisible_character")


def _is_secret(field: Any) -> bool:
    """A password (or a webhook's secret) is never shown, so what it holds is its owner's affair."""
    if isinstance(field, forms.Field):
        return isinstance(field.widget, forms.PasswordInput)
    return field.style.get("input_type") == "password"


def guard_typed_text(fields: Iterable[Any]) -> None:
    """Each text field of ``fields`` (a form's or a serializer's, a list's items too) refuses a NUL in plain
    Chinese and, unless it takes a secret, the invisible characters: the NUL validator Django and DRF give
    every text field is replaced by the project's."""
    for field in fields:
        child = getattr(field, "child", None)
        if isinstance(field, serializers.ListField) and child is not None:
            guard_typed_text([child])
        if not isinstance(field, (forms.CharField, serializers.CharField)):
            continue
        check = refuse_nul if _is_secret(field) else refuse_unreadable
        field.validators = [
            check if isinstance(v, ProhibitNullCharactersValidator) else v for v in field.validators
        ]


def visible(text: str) -> str:
    """``text`` without its invisible characters."""
    return FIND_INVISIBLE.sub("", text)
