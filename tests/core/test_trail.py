"""The one trail: an event's changes read as the page says them, from any model described once."""

import datetime as dt

import pytest

from luoshi.core.trail import EMPTY, Trail

TRAIL = Trail(
    "tasks.Task",
    unshown=frozenset({"updated_at"}),
    labels={"co_units": "配合单位"},
    readers={"progress": lambda value: f"{value}%"},
)


class Row:
    title = "旧标题"
    progress = 10
    due_date = dt.date(2026, 3, 31)
    updated_at = None


def test_changes_name_each_changed_field_with_its_label_and_readable_values():
    changes = TRAIL.changes_of(
        Row(), {"title": "新标题", "progress": 50, "due_date": dt.date(2026, 3, 31), "updated_at": 1}
    )
    assert changes == [
        {"field": "title", "label": "任务", "old": "旧标题", "new": "新标题"},
        {"field": "progress", "label": "进度", "old": "10%", "new": "50%"},
    ]


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (None, EMPTY),
        ("", EMPTY),
        ([], EMPTY),
        (True, "是"),
        (dt.datetime(2026, 3, 31, 9, 5), "2026-03-31 09:05"),
        (dt.date(2026, 3, 31), "2026-03-31"),
        (["干部一科", "干部二科"], "干部一科、干部二科"),
    ],
)
def test_values_read_as_a_person_says_them(value, words):
    assert TRAIL.shown("any", value) == words


def test_a_fact_is_a_detail_that_is_no_field():
    assert TRAIL.fact("通知", ["张三", "李四"]) == {
        "field": "",
        "label": "通知",
        "old": None,
        "new": "张三、李四",
    }
    assert TRAIL.label("co_units") == "配合单位"
