"""Invisible characters: refused where a person types text, dropped where a file brings it."""

import pytest
from django import forms
from rest_framework import serializers

from luoshi.core.text import INVISIBLE, visible
from luoshi.tasks.models import Task


@pytest.mark.parametrize("char", sorted(INVISIBLE))
def test_every_form_and_api_text_field_refuses_an_invisible_character(char):
    form_field, api_field = forms.CharField(), serializers.CharField()
    with pytest.raises(forms.ValidationError) as refused:
        form_field.clean(f"完成调研{char}报告")
    said = (
        f"文本第5个字处含有看不见的{INVISIBLE[char]}（U+{ord(char):04X}），"
        "它多由复制粘贴带入，请重新输入这段文字后提交"
    )
    assert refused.value.messages == [said]
    with pytest.raises(serializers.ValidationError):
        api_field.run_validation(f"完成调研{char}报告")
    assert form_field.clean("完成调研报告") == "完成调研报告"


def test_the_attack_a_title_with_a_zero_width_or_direction_character_is_refused_at_every_door(
    api_as, client_as, demo
):
    body = {"lead_unit": demo["gb1"], "cadence": "once", "weight": 1}
    response = api_as("gb1-head").post("/api/v1/tasks/", {"title": "完成\u200b调研", **body}, format="json")
    assert response.status_code == 400 and "零宽空格（U+200B）" in response.json()["errors"]["title"][0]
    page = client_as("gb1-head").post("/tasks/new/", {"title": "完成\u202e调研", **body})
    assert page.status_code == 400 and "文字方向控制字符（U+202E）" in page.content.decode()
    assert not Task.objects.filter(title__startswith="完成").exists()


def test_a_file_loses_its_invisible_characters():
    assert visible("\ufeff完成\u200b调研\u202e报告\u2069") == "完成调研报告"
