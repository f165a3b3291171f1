"""A ledger's 完成时限 cell as a date, a report cadence or 长期: the decomposition engine's date grammar
(extract.deadlines) after the numeric spellings ledgers use and speeches do not (2026.3.31, 2026/3/31,
2026-03-31, 2026年12月), and Excel's own date cells."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from luoshi.extract.deadlines import parse_times

_NUMERIC = re.compile(r"(?<!\d)(\d{4})\s*[.\-/年．]\s*(\d{1,2})(?:\s*[.\-/月．]\s*(\d{1,2})\s*日?)?\s*(月)?")
EXCEL_EPOCH = dt.date(1899, 12, 30)
SERIALS = range(36526, 73051)  # Excel day numbers of 2000-01-01 … 2099-12-31


@dataclass(frozen=True)
class Due:
    """What a 完成时限 cell says: a date, a cadence (每月25日前), ongoing work (长期坚持), or nothing read."""

    phrase: str
    date: dt.date | None = None
    cadence: str | None = None
    ongoing: bool = False

    @property
    def understood(self) -> bool:
        return bool(self.date or self.cadence or self.ongoing or not self.phrase)


def parse_due(value: Any, today: dt.date, is_workday: Callable[[dt.date], bool] | None = None) -> Due:
    if isinstance(value, dt.datetime):
        return Due(value.date().isoformat(), value.date())
    if isinstance(value, dt.date):
        return Due(value.isoformat(), value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and int(value) in SERIALS:
        day = EXCEL_EPOCH + dt.timedelta(days=int(value))
        return Due(day.isoformat(), day)
    text = "".join(str(value or "").split())
    if not text:
        return Due("")
    numeric = _numeric(text)
    times = parse_times(text, today, calendar=is_workday)
    deadline = next((t for t in times if t.kind == "deadline" and t.date), None)
    cadence = next(
        (t.cadence for t in times if t.kind == "cadence" and t.cadence and "X" not in t.cadence), None
    )
    ongoing = any(t.kind == "ongoing" for t in times)
    date = numeric or (deadline.date if deadline else None)
    return Due(
        text, date, cadence if cadence != "none" else None, ongoing or (cadence == "none" and not date)
    )


def _numeric(text: str) -> dt.date | None:
    m = _NUMERIC.search(text)
    if m is None:
        return None
    year, month = int(m[1]), int(m[2])
    if not 1 <= month <= 12 or not 2000 <= year <= 2099:
        return None
    if m[3]:
        try:
            return dt.date(year, month, int(m[3]))
        except ValueError:
            return None
    if m[4] or "." in m[0] or "/" in m[0] or "-" in m[0] or "．" in m[0]:
        return dt.date(
            year, month, calendar.monthrange(year, month)[1]
        )  # 2026年12月, 2026.3: the month's end
    return None
