"""Which row of a sheet is its header, and which column is which task field, guessed from the names.

A ledger rarely starts with its header: a title, a 填报单位/填报日期 line and merged group headings
come first. Each of the first rows is scored by how many different fields its cells name (exactly,
by containing a known name, or fuzzily); the best row wins, the earliest on a tie.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from rapidfuzz import fuzz

from luoshi.core.errors import InvalidInput
from luoshi.core.reading import column_letter

from .choices import FIELD_LABELS, FIELDS

HEADER_SCAN = 30  # rows looked at for the header
MIN_FIELDS = 2  # a header names at least this many fields
MAX_HEADER_CELL = 16  # longer text is a title or a sentence, not a column's name
FUZZY_CUTOFF = 80.0
_NOISE = re.compile(r"[\s　:：*＊]|[（(][^）)]*[)）]")


def normalise(text: Any) -> str:
    """A header cell without spaces, colons, asterisks, notes: “完成时限\n（年月日）” → “完成时限”."""
    return _NOISE.sub("", str(text or ""))


def field_score(cell: Any) -> tuple[str | None, float]:
    """The field a header cell names and how sure that is (0–100)."""
    text = normalise(cell)
    if not text or len(text) > MAX_HEADER_CELL or not isinstance(cell, str):
        return None, 0.0
    best: tuple[str | None, float] = (None, 0.0)
    for f in FIELDS:
        for rank, name in enumerate(f.names):
            if text == name:
                score = 100.0 - rank * 0.1
            elif name in text and len(name) >= 2:
                score = 90.0 - rank * 0.1 - (len(text) - len(name))
            else:
                score = fuzz.ratio(text, name)
                if score < FUZZY_CUTOFF:
                    continue
                score -= 15  # below any name contained in the cell
            if score > best[1]:
                best = (f.key, score)
    return best


def best_header(rows: Sequence[Sequence[Any]]) -> tuple[int, int]:
    """The index of the likeliest header row among ``rows`` (the sheet's first rows), and how many
    different fields it names. Of a header written on two rows (责任单位 over 牵头单位), the lower row
    names the columns, and it names as many fields as the upper one at least: it is the header, so
    that the body starts after it."""
    best, best_count = -1, 0
    for index, row in enumerate(rows[:HEADER_SCAN]):
        fields = {field_score(cell)[0] for cell in row} - {None}
        if len(fields) > best_count or (best_count and index == best + 1 and len(fields) == best_count):
            best, best_count = index, len(fields)
    if 0 <= best < len(rows) - 1 and _continues(rows[best], rows[best + 1]):
        best += 1
    return best, best_count


def _continues(upper: Sequence[Any], lower: Sequence[Any]) -> bool:
    """Whether ``lower`` is a header's second row: the upper row's names merged down into it in two
    columns at least (序号, 工作任务 over both rows), names of its own under the others (推进情况 over
    已完成 and 下步计划) — a task's row never repeats its header's names."""
    pairs = list(zip(upper, lower, strict=False))
    repeated = sum(1 for up, low in pairs if normalise(low) and normalise(low) == normalise(up))
    own = any(normalise(low) and normalise(low) != normalise(up) for up, low in pairs)
    return repeated >= MIN_FIELDS and own


def header_names(rows: Sequence[Sequence[Any]], index: int) -> list[Any]:
    """The names of the header's columns: its row's, and for a column whose name in a header's second
    row names no field, the one above with it (推进情况（已完成）)."""
    if index == 0 or not _continues(rows[index - 1], rows[index]):
        return list(rows[index])
    above = list(rows[index - 1]) + [""] * max(len(rows[index]) - len(rows[index - 1]), 0)
    return [
        f"{up}（{low}）" if up and normalise(low) != normalise(up) and not field_score(low)[0] else low
        for up, low in zip(above, rows[index], strict=False)
    ]


def detect_header(rows: Sequence[Sequence[Any]]) -> int:
    """The index of the header row among ``rows``; a Chinese error when no row looks like one."""
    best, best_count = best_header(rows)
    if best_count < MIN_FIELDS:
        raise InvalidInput(
            "没有找到表头行：前30行中没有一行写有“序号”“任务内容”“牵头单位”“完成时限”等列名。"
            "请检查是否选对了工作表，或在表头写上这些列名后重新上传",
            "no_header",
        )
    return best


def propose_mapping(header: Sequence[Any]) -> dict[str, str]:
    """Column index (as text, JSON's keys) → field, each field given to its best-named column only."""
    scored = sorted(
        (
            (score, index, key)
            for index, cell in enumerate(header)
            for key, score in [field_score(cell)]
            if key
        ),
        key=lambda t: (-t[0], t[1]),
    )
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for _, index, key in scored:
        if key not in taken and str(index) not in mapping:
            mapping[str(index)] = key
            taken.add(key)
    if "title" not in taken:  # a ledger of measures alone: they are its tasks
        for column, key in mapping.items():
            if key == "measures":
                mapping[column] = "title"
    return dict(sorted(mapping.items(), key=lambda item: int(item[0])))


def check_mapping(mapping: dict[str, Any], columns: int) -> dict[str, str]:
    """A mapping someone chose: known fields, real columns, each field at most once, 任务内容 present."""
    clean: dict[str, str] = {}
    for column, key in mapping.items():
        if key in (None, ""):
            continue
        if key not in FIELD_LABELS:
            raise InvalidInput(f"未知的字段“{key}”", "invalid_mapping")
        try:
            index = int(column)
        except (TypeError, ValueError):
            raise InvalidInput(f"列号“{column}”无效", "invalid_mapping") from None
        if not 0 <= index < columns:
            raise InvalidInput(
                f"{column_letter(index)}列不存在：表头只到{column_letter(columns - 1)}列", "invalid_mapping"
            )
        clean[str(index)] = key
    doubled = duplicates(clean.values())
    if doubled:
        key = doubled[0]
        where = "、".join(
            f"{column_letter(int(c))}列"
            for c, k in sorted(clean.items(), key=lambda i: int(i[0]))
            if k == key
        )
        raise InvalidInput(
            f"{where}都对应“{FIELD_LABELS[key]}”，一个字段只能对应一列，请改选其中一列",
            "duplicate_mapping",
            errors={"mapping": [f"“{FIELD_LABELS[key]}”对应了多列"]},
        )
    if "title" not in clean.values():
        raise InvalidInput(
            "请指定哪一列是“任务内容”", "title_unmapped", errors={"mapping": ["缺少任务内容列"]}
        )
    return dict(sorted(clean.items(), key=lambda item: int(item[0])))


def duplicates(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    doubled: list[str] = []
    for value in values:
        if value in seen and value not in doubled:
            doubled.append(value)
        seen.add(value)
    return doubled
