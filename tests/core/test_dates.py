"""The day something was done (a problem found, a study session held, a visit made) is a day that has been."""

import datetime as dt

import pytest
from django.utils import timezone

from luoshi.core.dates import EARLIEST_YEAR, check_done_on
from luoshi.core.errors import InvalidInput


@pytest.mark.parametrize("day", [dt.date(EARLIEST_YEAR, 1, 1), timezone.localdate()])
def test_a_day_from_the_year_2000_until_today_passes(day):
    check_done_on(day, label="走访时间", field="visited_at")


@pytest.mark.parametrize(
    ("day", "code", "words"),
    [
        (timezone.localdate() + dt.timedelta(days=1), "date_in_future", "走访时间不能晚于今天"),
        (dt.date(2099, 1, 1), "date_in_future", "走访时间不能晚于今天"),
        (dt.date(367, 10, 14), "invalid", "走访时间不能早于2000年"),
        (dt.date(EARLIEST_YEAR - 1, 12, 31), "invalid", "请检查年份"),
    ],
)
def test_a_day_to_come_or_before_2000_is_refused_on_its_field(day, code, words):
    with pytest.raises(InvalidInput) as refused:
        check_done_on(day, label="走访时间", field="visited_at")
    assert refused.value.code == code and words in refused.value.message
    assert list(refused.value.errors) == ["visited_at"]


def test_an_app_keeps_its_own_code_for_a_day_to_come():
    with pytest.raises(InvalidInput) as refused:
        check_done_on(
            timezone.localdate() + dt.timedelta(days=1),
            label="发现日期",
            field="found_on",
            future="found_in_future",
        )
    assert refused.value.code == "found_in_future" and "发现日期" in refused.value.message
