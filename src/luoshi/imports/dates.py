"""A ledger's 完成时限 cell as a date, a report cadence or 长期: the decomposition engine's date grammar
(extract.deadlines) after the numeric spellings ledgers use and speeches do not (2026.3.31, 2026/3/31,
2026-03-31, 2026年12月), and Excel's own date cells.

A phrase without its year (3月底前, 第一季度, 上半年) is read in the ledger's own year, not the day it is
imported: its reference date is its 填报日期 line, else a year in its title, else the upload date."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from luoshi.core.dates import EARLIEST_YEAR, LATEST_YEAR
from luoshi.extract.deadlines import document_date, parse_times
from luoshi.reports.official import chinese_date

from .sheet_layout import FILED

_NUMERIC = re.compile(r"(?<!\d)(\d{4})\s*[.\-/年．]\s*(\d{1,2})(?:\s*[.\-/月．]\s*(\d{1,2})\s*日?)?\s*(月)?")
EXCEL_EPOCH = dt.date(1899, 12, 30)
SERIALS = range(36526, 73051)  # Excel day numbers of 2000-01-01 … 2099-12-31
# counted from the day itself (10个工作日内, 下月底前, 本月): read from the reference date, not its year;
# 年内 and 下半年 name a part of the ledger's year
RELATIVE = re.compile(r"(?<!年)内|下(?!半年)|次|本月|当月")
QUARTERLY = re.compile(r"每(?:个|一)?季度")
TITLE_YEAR = re.compile(r"(20\d{2})\s*年")
# What a 反馈周期 cell says besides the engine's 每月/每周五: a report's name (月报 is each month's report,
# 半月报 is not), the irregular (luoshi's none), and periods luoshi has no cadence for.
REPORT_NAME = re.compile(r"(?<![每半两双隔])([周月季])报")
REPORT_PERIOD = {"周": "每周", "月": "每月", "季": "每季度"}
IRREGULAR = re.compile(r"(?:不定期|随时)(?:报送|上报|报告|反馈)?")
UNKEPT = re.compile(r"[两双隔]周|半个?月")
# A date or period phrase is short (2026年12月31日前完成并报送); a longer cell is prose, and the engine's
# date grammar takes time growing with the square of a text, so it is never asked to read one.
LONGEST_PHRASE = 200


@dataclass(frozen=True)
class Reference:
    """The day a ledger's year-less phrases are read against, and where it was found."""

    date: dt.date
    source: str  # filed (its 填报日期 or the document's date), title (a year in it), uploaded
    year: int = 0  # the ledger's year: its title's, else its date's (a 2026 ledger filed in January 2027)

    @property
    def label(self) -> str:
        if self.source == "filed" and self.year > self.date.year:
            return f"按标题中的{self.year}年推算（填报日期{chinese_date(self.date)}）"
        if self.source == "filed":
            return f"按表中填报日期{chinese_date(self.date)}推算"
        if self.source == "title":
            return f"按标题中的{self.year}年推算"
        return f"按上传日期{chinese_date(self.date)}推算（表中没有填报日期或年份）"

    def to_json(self) -> dict[str, str]:
        return {"date": self.date.isoformat(), "basis": self.source, "note": self.label}


def reference_of(top: list[list[Any]], prose: str, titles: list[str], uploaded: dt.date) -> Reference:
    """The reference date of a ledger from its rows above the header (``top``), the text around a Word
    table (``prose``) and its names (the sheet's, the file's)."""
    texts = [str(v) for row in top for v in row if isinstance(v, str)] + prose.split("\n")[:10] + titles
    titled = next((int(found[1]) for text in texts if (found := TITLE_YEAR.search(text))), None)
    for row in top:
        for index, value in enumerate(row):
            found = FILED.search(str(value)) if isinstance(value, str) else None
            if found is None:
                continue
            day = _filed_day(found[2])
            after = next((v for v in row[index + 1 :] if v not in (None, "")), None)
            if day is None and not found[2].strip() and isinstance(after, dt.date):
                day = after
            if day is not None:
                return Reference(day, "filed", titled or day.year)
    if day := document_date(prose):
        return Reference(day, "filed", titled or day.year)
    if titled:
        return Reference(dt.date(titled, 1, 1), "title", titled)
    return Reference(uploaded, "uploaded", uploaded.year)


def _filed_day(text: str) -> dt.date | None:
    numbers = re.findall(r"\d+", text)
    if len(numbers) != 3:
        return None
    try:
        return dt.date(*(int(n) for n in numbers))
    except ValueError:
        return None


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


def parse_due(
    value: Any, reference: dt.date, is_workday: Callable[[dt.date], bool] | None = None, year: int = 0
) -> Due:
    """The cell read against ``reference`` (the ledger's own date): a phrase naming no year means the
    reference's year, or the ledger's ``year`` when later (a 2027年 plan filed in December 2026; an earlier
    year in a title may name the meeting it carries out); one counted from a day (10个工作日内) counts
    from the reference; 每季度 is reported each quarter's end (``quarterly``), 每月25日前 each month
    (``monthly:25``)."""
    if isinstance(value, dt.datetime):
        return Due(value.date().isoformat(), value.date())
    if isinstance(value, dt.date):
        return Due(value.isoformat(), value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and int(value) in SERIALS:
        day = EXCEL_EPOCH + dt.timedelta(days=int(value))
        return Due(day.isoformat(), day)
    text = "".join(str(value or "").split())
    if not text or len(text) > LONGEST_PHRASE:
        return Due(text)
    numeric = _numeric(text)
    base = reference if RELATIVE.search(text) else dt.date(max(year, reference.year), 1, 1)
    times = parse_times(text, base, calendar=is_workday)
    deadline = next((t for t in times if t.kind == "deadline" and t.date), None)
    cadence = _cadence(times, text)
    ongoing = any(t.kind == "ongoing" for t in times)
    date = numeric or (deadline.date if deadline else None)
    return Due(
        text, date, cadence if cadence != "none" else None, ongoing or (cadence == "none" and not date)
    )


def read_cadence(
    value: Any, reference: dt.date, is_workday: Callable[[dt.date], bool] | None = None
) -> str | None:
    """The 反馈周期 a ledger's 备注 or 反馈周期 cell names ("每季度报送进展" → ``quarterly``, 每月25日前
    → ``monthly:25``), read as a 完成时限 cell's cadence is; None when it names none."""
    text = "".join(str(value or "").split())
    if not text or len(text) > LONGEST_PHRASE:
        return None
    cadence = _cadence(parse_times(text, reference, calendar=is_workday), text)
    return cadence if cadence != "none" else None


def read_period(
    value: Any, reference: dt.date, is_workday: Callable[[dt.date], bool] | None = None
) -> str | None:
    """The cadence a 反馈周期 cell names: as ``read_cadence`` reads it, a report's name as its period
    (月报 → 每月's, 季报 → ``quarterly``), ``none`` for 不定期/随时; None when it names no cadence luoshi
    keeps (看情况, and 每两周 or 每半月: ``unkept``)."""
    text = "".join(str(value or "").split())
    if not text or unkept(text):
        return None
    if IRREGULAR.fullmatch(text):
        return "none"
    return read_cadence(REPORT_NAME.sub(lambda m: REPORT_PERIOD[m[1]] + "报", text), reference, is_workday)


def unkept(value: Any) -> bool:
    """Whether a cell names a report period luoshi has no cadence for (每两周, 每半月, 半月报)."""
    return bool(UNKEPT.search("".join(str(value or "").split())))


def _cadence(times: list[Any], text: str) -> str | None:
    """The engine's cadence among ``times`` (``none`` for one it names without a date, such as 每季度,
    which a ledger reports at each quarter's end)."""
    cadence = next(
        (t.cadence for t in times if t.kind == "cadence" and t.cadence and "X" not in t.cadence), None
    )
    return "quarterly" if QUARTERLY.search(text) and cadence == "none" else cadence


def _numeric(text: str) -> dt.date | None:
    m = _NUMERIC.search(text)
    if m is None:
        return None
    year, month = int(m[1]), int(m[2])
    if not 1 <= month <= 12 or not EARLIEST_YEAR <= year <= LATEST_YEAR:
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
