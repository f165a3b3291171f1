"""Directive decomposition: a speech or work plan in, its requirements (任务分解表 rows) out.

Pure Python, no Django. Heavy modules load lazily so that ``luoshi extract`` starts fast.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .errors import ExtractError
from .model import Deadline, Extraction, Item, OutlineNode, Owner, Target

if TYPE_CHECKING:
    from .deadlines import IsWorkday
    from .orgchart import OrgChart
    from .picker import OwnerModel

__all__ = [
    "Deadline",
    "ExtractError",
    "Extraction",
    "Item",
    "OrgChart",
    "OutlineNode",
    "Owner",
    "Target",
    "add_working_days",
    "extract",
    "read_document",
]


def extract(
    text: str,
    base_date: dt.date | None = None,
    org: OrgChart | None = None,
    engine: str | None = None,
    calendar: IsWorkday | None = None,
    owner_model: OwnerModel | None = None,
) -> Extraction:
    """Requirements of ``text`` (already read by ``read_document``), dates relative to ``base_date``.

    Which decision picks the items — the learned one by default, the rules' own (``engine="rules"``) or
    a model server (``"llm"``) — is decided by ``engine.extract_items``. ``calendar`` answers whether a
    day is a working day (default: chinese_calendar). Owners are the picker's (``owner_model``, default
    the weights shipped in the package) over the grammar's.
    """
    if not isinstance(text, str):
        raise ExtractError("输入必须是文本。")
    from . import picker
    from .engine import extract_items

    result = extract_items(text, base_date, calendar, engine)
    model = owner_model or picker.shipped()
    if model is not None:
        picker.apply(text, result.items, model)
    if org is not None:
        for item in result.items:
            org.annotate(item.owners)
    return result


def __getattr__(name: str):
    if name == "read_document":
        from .readers import read_document

        return read_document
    if name == "OrgChart":
        from .orgchart import OrgChart

        return OrgChart
    if name == "add_working_days":
        from .deadlines import add_working_days

        return add_working_days
    raise AttributeError(name)
