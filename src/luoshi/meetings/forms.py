"""The meeting's forms; the services check the rest and their Chinese errors come back on the form."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from luoshi.core.forms import DateInput, StyledForm

from .choices import CommentAspect


class MeetingForm(StyledForm):
    error_fields = {"meeting_exists": "month", "due_after_meeting": "report_due", "no_units": "units"}

    month = forms.DateField(
        label="月份",
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month", "col": "col-12 col-md-3"}, format="%Y-%m"),
    )
    held_on = forms.DateField(label="会议日期", widget=DateInput(attrs={"col": "col-6 col-md-3"}))
    report_due = forms.DateField(
        label="汇报截止日期",
        help_text="截止后仍可报送，标注“逾期提交”",
        widget=DateInput(attrs={"col": "col-6 col-md-3"}),
    )
    title = forms.CharField(
        label="会议名称",
        required=False,
        max_length=100,
        help_text="不填则为“某年某月工作例会”",
        widget=forms.TextInput(attrs={"col": "col-12 col-md-3"}),
    )
    units = forms.TypedMultipleChoiceField(
        label="汇报单位", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self, *args: Any, sections: Sequence[Any] = (), department: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.department = department
        units = self.field("units", forms.TypedMultipleChoiceField)
        units.choices = [(u.pk, u.name) for u in sections]
        units.widget.attrs["class"] = "form-check-input"


class ReportForm(StyledForm):
    summary = forms.CharField(
        label="总结",
        required=False,
        help_text="已按任务台账生成本月销号、逾期和重点任务进展，请补充完善",
        widget=forms.Textarea(attrs={"rows": 9, "col": "col-12"}),
    )
    thinking = forms.CharField(
        label="思考",
        required=False,
        help_text="存在的问题、原因分析、经验体会",
        widget=forms.Textarea(attrs={"rows": 5, "col": "col-12"}),
    )
    plans = forms.CharField(
        label="谋划",
        required=False,
        help_text="下月工作安排和举措",
        widget=forms.Textarea(attrs={"rows": 5, "col": "col-12"}),
    )


class CommentForm(StyledForm):
    error_fields = {"aspects_required": "aspects", "off_rubric": "level", "text_required": "text"}

    aspects = forms.MultipleChoiceField(
        label="点评侧重",
        choices=CommentAspect.choices(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Any text: the service names the rubric's levels when one is off it.
    level = forms.CharField(label="评分", max_length=40, required=False)
    text = forms.CharField(
        label="点评意见", required=False, widget=forms.Textarea(attrs={"rows": 3, "col": "col-12"})
    )

    def __init__(self, *args: Any, rubric: Sequence[dict[str, Any]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["aspects"].widget.attrs["class"] = "form-check-input"
        self.rubric = list(rubric)


class DecisionsForm(StyledForm):
    error_fields = {"empty_text": "text", "text_too_long": "text"}

    text = forms.CharField(
        label="议定事项",
        required=False,
        help_text="逐条写明事项、牵头科室和时限，如“一、完成年轻干部专题调研。干部一科牵头，6月底前完成。”",
        widget=forms.Textarea(attrs={"rows": 6, "col": "col-12"}),
    )
