"""The training plan form (the units offered are those one may hand out work to) and the year filter of the
record pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from luoshi.core.forms import DateInput, StyledForm
from luoshi.org.models import Unit


class AnyIds(forms.TypedMultipleChoiceField):
    """Ids the service judges, so an id outside the list gets its reason rather than Django's 'invalid'."""

    def valid_value(self, value: Any) -> bool:
        return str(value).isdigit()


class AnyId(forms.TypedChoiceField):
    def valid_value(self, value: Any) -> bool:
        return str(value).isdigit()


class TrainingForm(StyledForm):
    error_fields = {
        "outside_assign_scope": "unit",
        "invalid_hours": "hours",
        "invalid_dates": "ends_on",
        "duplicate_submit": "topic",
    }
    topic = forms.CharField(label="培训主题", max_length=200, widget=forms.TextInput(attrs={"col": "col-12"}))
    unit = AnyId(label="主办单位", coerce=int)
    audience = forms.CharField(
        label="培训对象", max_length=200, help_text="如：部机关全体干部、各县（市、区）委组织部分管负责人"
    )
    audience_units = AnyIds(
        label="参训单位", coerce=int, widget=forms.CheckboxSelectMultiple(attrs={"col": "col-12"})
    )
    hours = forms.IntegerField(label="学时", help_text="每天不超过8学时")
    starts_on = forms.DateField(label="开始日期", widget=DateInput())
    ends_on = forms.DateField(label="结束日期", widget=DateInput())
    place = forms.CharField(label="培训地点", max_length=200, required=False)
    content = forms.CharField(
        label="培训内容", required=False, widget=forms.Textarea(attrs={"rows": 3, "col": "col-12"})
    )

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = [(str(u.pk), "　" * u.depth + u.name) for u in units]
        self.field("unit", AnyId).choices = choices
        self.field("audience_units", AnyIds).choices = [(str(u.pk), u.name) for u in units]
        self.fields["audience_units"].widget.attrs["class"] = "form-check-input"
        if not self.is_bound:
            self.fields["starts_on"].initial = timezone.localdate()
            self.fields["ends_on"].initial = timezone.localdate()
