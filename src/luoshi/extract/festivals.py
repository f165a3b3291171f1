"""Fixed days the deadline grammar places phrases on: public holidays (元旦前, “十一”前), the
Lunar New Year (春节前), 清明 (清明节来临之前) and the last years of five-year plans (“十四五”期间)."""

import datetime as dt

# month and day of the holidays a directive counts to (the day before it is the deadline)
FESTIVALS = {
    "元旦": (1, 1),
    "五一": (5, 1),
    "劳动节": (5, 1),
    "七一": (7, 1),
    "八一": (8, 1),
    "国庆": (10, 1),
    "国庆节": (10, 1),
    "十一": (10, 1),
}

# Lunar New Year's Day, for 春节前 (the day before it)
SPRING_FESTIVAL = dict(
    zip(
        range(2010, 2036),
        [
            (2, 14),
            (2, 3),
            (1, 23),
            (2, 10),
            (1, 31),
            (2, 19),
            (2, 8),
            (1, 28),
            (2, 16),
            (2, 5),
            (1, 25),
            (2, 12),
            (2, 1),
            (1, 22),
            (2, 10),
            (1, 29),
            (2, 17),
            (2, 6),
            (1, 26),
            (2, 13),
            (2, 3),
            (1, 23),
            (2, 11),
            (1, 31),
            (2, 19),
            (2, 8),
        ],
    )
)

# the last year of a five-year plan period
PLAN_PERIOD_END = {"十三五": 2020, "十四五": 2025, "十五五": 2030}


def spring_festival(year: int) -> dt.date | None:
    """Lunar New Year's Day of ``year``, if the table holds it."""
    return dt.date(year, *SPRING_FESTIVAL[year]) if year in SPRING_FESTIVAL else None


def qingming(year: int) -> dt.date:
    """The day of the solar term 清明: chinese_calendar's, else the 4th of April in the first two years of
    a leap-year cycle and the 5th in the other two (so from 2008 to 2031)."""
    try:
        import chinese_calendar

        terms = chinese_calendar.get_solar_terms(dt.date(year, 4, 1), dt.date(year, 4, 10))
        return next(day for day, name in terms if name == "清明")
    except (ImportError, NotImplementedError, StopIteration, ValueError):  # the rule of thumb
        return dt.date(year, 4, 4 if year % 4 < 2 else 5)
