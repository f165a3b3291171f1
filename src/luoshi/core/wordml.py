"""A Word document's body as it reads on screen with every change accepted, walked in document order:
its paragraphs' text and its tables' rows. Both readers of .docx files use it — the decomposition
engine (extract.readers) and the 任务分解表 import (core.word) — so they see the same text.

python-docx's own ``text``, ``rows`` and ``cells`` look only at direct children, so they miss what WPS
and Office forms wrap: content controls (``w:sdt``) around runs, cells, rows, paragraphs and whole
tables, custom XML and smart tags, and tracked insertions (``w:ins``). Here each of these is opened,
text deleted in tracked changes (``w:del``, ``w:moveFrom``) and rows marked deleted are left out, and
a table inside a cell gives its rows as lines of the cell's text. A cell spanning columns (``gridSpan``)
gives its text to each column it covers and a cell continuing a vertical merge (``vMerge``) takes the
text of the cell above, as merged cells do in a workbook; rows that begin short of the grid
(``gridBefore``, as WPS writes them) are padded so every column stays in its place.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
OPENED = {"sdt", "sdtContent", "customXml", "smartTag", "ins", "moveTo", "hyperlink", "fldSimple", "r"}
CHARACTERS = {"tab": "\t", "ptab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-"}


def local(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def number(element: Any, path: str, default: int) -> int:
    """The whole number in ``w:val`` of the element at ``path`` under ``element`` (a span, a skip)."""
    found = element.find(path)
    try:
        return default if found is None else int(found.get(W + "val", default))
    except ValueError:
        return default


def span_of(tc: Any) -> int:
    """How many grid columns a cell covers."""
    return number(tc, f"{W}tcPr/{W}gridSpan", 1)


def blocks(parent: Any) -> Iterator[Any]:
    """The paragraphs (``w:p``) and tables (``w:tbl``) of a body or cell in order, those inside content
    controls and custom XML included."""
    for child in parent:
        tag = local(child)
        if tag in ("p", "tbl"):
            yield child
        elif tag in ("sdt", "sdtContent", "customXml"):
            yield from blocks(child)


def paragraph_text(p: Any) -> str:
    """A paragraph's text: its runs wherever content controls, links and insertions put them, deleted
    text left out; tabs as tabs, line breaks as new lines."""
    parts: list[str] = []
    _collect(p, parts)
    return "".join(parts)


def _collect(element: Any, parts: list[str]) -> None:
    """The text of what ``OPENED`` names, in order; anything else (deleted text, pictures, properties)
    is not looked into."""
    for child in element:
        tag = local(child)
        if tag == "t":
            parts.append(child.text or "")
        elif tag in CHARACTERS:
            parts.append(CHARACTERS[tag])
        elif tag in OPENED:
            _collect(child, parts)


def cell_text(tc: Any) -> str:
    """A cell's text, a line per paragraph, a table inside it a line per row (its cells spaced)."""
    lines: list[str] = []
    for block in blocks(tc):
        if local(block) == "p":
            lines.append(paragraph_text(block))
        else:
            lines += [" ".join(cell for cell in row if cell) for row in table_rows(block)]
    return "\n".join(lines).strip()


def cell_elements(tr: Any) -> Iterator[Any]:
    """A row's cells, those inside content controls included."""
    for child in tr:
        tag = local(child)
        if tag == "tc":
            yield child
        elif tag in ("sdt", "sdtContent", "customXml"):
            yield from cell_elements(child)


def row_elements(tbl: Any) -> Iterator[Any]:
    """A table's rows, those inside content controls included, those deleted left out."""
    for child in tbl:
        tag = local(child)
        if tag == "tr":
            if child.find(f"{W}trPr/{W}del") is None:  # a row deleted in a tracked change is gone
                yield child
        elif tag in ("sdt", "sdtContent", "customXml"):
            yield from row_elements(child)


def table_rows(tbl: Any) -> list[list[str]]:
    """A table's rows as lists of text, merged cells giving their text to every column they cover."""
    rows: list[list[str]] = []
    above: dict[int, str] = {}  # grid column → the text a vertical merge there continues
    for tr in row_elements(tbl):
        row = [""] * number(tr, f"{W}trPr/{W}gridBefore", 0)
        for tc in cell_elements(tr):
            if tc.find(f"{W}tcPr/{W}cellDel") is not None:
                continue
            column, span = len(row), span_of(tc)
            merge = tc.find(f"{W}tcPr/{W}vMerge")
            continues = merge is not None and merge.get(W + "val", "continue") == "continue"
            text = above.get(column, "") if continues else cell_text(tc)
            row.extend([text] * span)
            for col in range(column, column + span):
                above[col] = text
        rows.append(row)
    return rows
