"""Invisible characters: refused where a person types text, dropped where a file brings it."""

import pytest
from django import forms
from rest_framework import serializers

from luoshi.core.forms import StyledForm
from luoshi.core.serializers import GuardedModelSerializer, GuardedSerializer
from luoshi.core.text import INVISIBLE, NUL_REFUSED, visible
from luoshi.tasks.models import Task


class TextForm(StyledForm):
    title = forms.CharField()
    password = forms.CharField(widget=forms.PasswordInput)


class TextBody(GuardedSerializer):
    title = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"})
    tags = serializers.ListField(child=serializers.CharField(), required=False)


class TaskBody(GuardedModelSerializer):
    class Meta:
        model = Task
        fields = ["title"]


def form_errors(**data):
    form = TextForm({"title": "完成调研报告", "password": "密码", **data})
    form.is_valid()
    return form.errors


def body_errors(serializer_class=TextBody, **data):
    body = serializer_class(data={"title": "完成调研报告", "password": "密码", **data})
    body.is_valid()
    return body.errors


@pytest.mark.parametrize("char", sorted(INVISIBLE))
def test_every_form_and_api_text_field_refuses_an_invisible_character(char):
    said = (
        f"文本第5个字处含有看不见的{INVISIBLE[char]}（U+{ord(char):04X}），"
        "它多由复制粘贴带入，请重新输入这段文字后提交"
    )
    assert form_errors(title=f"完成调研{char}报告") == {"title": [said]}
    assert body_errors(title=f"完成调研{char}报告") == {"title": [said]}
    assert body_errors(tags=["甲", f"完成调研{char}报告"]) == {"tags": {1: [said]}}
    assert body_errors(TaskBody, title=f"完成调研{char}报告") == {"title": [said]}
    assert form_errors() == {} and body_errors() == {}


def test_a_nul_is_refused_in_plain_chinese_once_and_a_password_only_refuses_a_nul():
    assert form_errors(title="完成\x00调研") == {"title": [NUL_REFUSED]}
    assert body_errors(title="完成\x00调研") == {"title": [NUL_REFUSED]}
    assert form_errors(password="密\u200b码") == {} and body_errors(password="密\u202e码") == {}
    assert form_errors(password="密\x00码") == {"password": [NUL_REFUSED]}


def test_a_library_text_field_is_left_as_the_library_made_it():
    assert forms.CharField().clean("完成\u200b调研") == "完成\u200b调研"


def test_a_field_a_view_adds_after_the_form_is_made_is_checked_too():
    form = TextForm({"title": "完成调研报告", "password": "密码", "later": "完成\u200b调研"})
    form.fields["later"] = forms.CharField()
    assert not form.is_valid() and "零宽空格（U+200B）" in form.errors["later"][0]


def test_an_emoji_sequence_joined_by_a_zero_width_joiner_is_no_invisible_character():
    family, flag, worker = "👨\u200d👩\u200d👧", "🏳\ufe0f\u200d🌈", "👩🏽\u200d💻"
    for text in (family, flag, worker):
        assert form_errors(title=f"慰问{text}家庭") == {} and visible(text) == text
    assert "零宽连字" in form_errors(title="完成\u200d调研")["title"][0]
    assert "零宽连字" in form_errors(title="👨\u200d调研")["title"][0]
    assert "零宽连字" in form_errors(title="调研\u200d👨")["title"][0]


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
