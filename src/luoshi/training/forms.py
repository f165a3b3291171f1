"""The training plan form (the units offered are those one may hand out work to) and the year filter of the
record pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from luoshi.core.forms import DateInput, StyledForm
from luoshi.org.models import Unit
from luoshi.org.pickers import PickerField
from luoshi.org.scopes import Scope


class AnyId(forms.TypedChoiceField):
    """An id the service judges, so one outside the list gets its reason rather than Django's 'invalid'."""

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
    audience_units = PickerField("units", multiple=True, label="参训单位")
    hours = forms.IntegerField(label="学时", help_text="每天不超过8学时")
    starts_on = forms.DateField(label="开始日期", widget=DateInput())
    ends_on = forms.DateField(label="结束日期", widget=DateInput())
    place = forms.CharField(label="培训地点", max_length=200, required=False)
    content = forms.CharField(
        label="培训内容", required=False, widget=forms.Textarea(attrs={"rows": 3, "col": "col-12"})
    )

    def __init__(self, *args: Any, units: list[Unit], reach: Scope, **kwargs: Any):
        """``units``: those one may host a training for; ``reach``: the units one may call to it, picked by
        a typed search (a province has too many to list)."""
        super().__init__(*args, **kwargs)
        self.field("unit", AnyId).choices = [(str(u.pk), "　" * u.depth + u.name) for u in units]
        self.field("audience_units", PickerField).within(reach)
        if not self.is_bound:
            self.fields["starts_on"].initial = timezone.localdate()
            self.fields["ends_on"].initial = timezone.localdate()
