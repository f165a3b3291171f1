"""The training plan form (its host and the units called to it are picked by a typed search among the units
one may hand work to) and the year filter of the record pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from luoshi.core.forms import DateInput, StyledForm
from luoshi.org.pickers import PickerField
from luoshi.org.scopes import Scope


class TrainingForm(StyledForm):
    error_fields = {
        "outside_assign_scope": "unit",
        "invalid_hours": "hours",
        "invalid_dates": "ends_on",
        "duplicate_submit": "topic",
        "own_past_training": "ends_on",
    }
    topic = forms.CharField(label="培训主题", max_length=200, widget=forms.TextInput(attrs={"col": "col-12"}))
    # The host is a unit one may hand work to: the service lets one plan only for those, and a clerk of a
    # section hosts for their section, not for the department above it.
    unit = PickerField("units", label="主办单位")
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

    def __init__(self, *args: Any, reach: Scope, **kwargs: Any):
        """``reach``: the units one may hand work to, those one may host a training for and call to it,
        picked by a typed search (a province has too many to list)."""
        super().__init__(*args, **kwargs)
        for name in ("unit", "audience_units"):
            self.field(name, PickerField).within(reach)
        if not self.is_bound:
            self.fields["starts_on"].initial = timezone.localdate()
            self.fields["ends_on"].initial = timezone.localdate()
