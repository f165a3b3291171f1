"""The shared filter pieces: a bad value is said in plain Chinese, never as Python's repr of an error."""

from __future__ import annotations

import pytest
from rest_framework.exceptions import ValidationError

from luoshi.core.filters import choice_list, filtered_or_error
from luoshi.tasks.filters import TaskFilter
from luoshi.tasks.models import Task


def test_choice_list_keeps_known_values_and_names_the_unknown():
    assert choice_list(" red, green ,", ["red", "yellow", "green"], "light") == ["red", "green"]
    with pytest.raises(ValidationError) as refused:
        choice_list("red,purple", ["red", "green"], "light")
    assert refused.value.detail == {"light": ["无法识别的取值“purple”，可选：red, green"]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "said"),
    [
        ({"light": "purple"}, "筛选条件有误：无法识别的取值“purple”，可选："),
        ({"lead_unit": "12345678901234567890"}, "筛选条件有误："),
    ],
)
def test_a_bad_value_is_said_in_words(params, said):
    queryset, error = filtered_or_error(TaskFilter(params, queryset=Task.objects.all()))
    assert queryset is None and error.startswith(said)
    assert "ErrorDetail" not in error and "{" not in error and "[" not in error


@pytest.mark.django_db
def test_good_values_give_the_rows():
    queryset, error = filtered_or_error(TaskFilter({"light": "red"}, queryset=Task.objects.all()))
    assert error == "" and list(queryset) == []
