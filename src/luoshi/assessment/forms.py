"""The assessment's forms; the services check the rest and their Chinese errors come back on the form."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms

from luoshi.core.forms import ServiceErrors

from .choices import AdjustmentKind, PeriodKind, Sanction


class ServiceForm(ServiceErrors):
    """Widgets styled one by one (``_control``), errors as every form shows them."""


def _control(widget: Any, col: str = "col-12 col-md-6") -> Any:
    css = "form-select" if isinstance(widget, forms.Select) else "form-control"
    widget.attrs.update({"class": css, "col": col})
    return widget


class SchemeForm(ServiceForm):
    year = forms.IntegerField(
        label="年度", min_value=2000, max_value=2100, widget=_control(forms.NumberInput(), "col-4")
    )
    process_weight = forms.IntegerField(
        label="过程权重（%）",
        min_value=0,
        max_value=100,
        initial=40,
        widget=_control(forms.NumberInput(), "col-4"),
    )
    effect_weight = forms.IntegerField(
        label="效果权重（%）",
        min_value=0,
        max_value=100,
        initial=60,
        widget=_control(forms.NumberInput(), "col-4"),
    )


class PeriodForm(ServiceForm):
    kind = forms.ChoiceField(
        label="考核周期", choices=PeriodKind.choices(), widget=_control(forms.Select(), "col-6")
    )
    day = forms.DateField(
        label="所在日期",
        help_text="开设这一天所在的月、季度或年度",
        widget=_control(forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), "col-6"),
    )


class JudgeForm(ServiceForm):
    indicator = forms.IntegerField(widget=forms.HiddenInput)
    level = forms.CharField(label="档次", max_length=40)
    justification = forms.CharField(label="评议理由", widget=forms.Textarea(attrs={"rows": 2}))


class AdjustmentForm(ServiceForm):
    kind = forms.ChoiceField(
        label="类型", choices=AdjustmentKind.choices(), widget=_control(forms.Select(), "col-6")
    )
    points = forms.DecimalField(
        label="分值",
        min_value=0,
        max_digits=5,
        decimal_places=2,
        widget=_control(forms.NumberInput(), "col-6"),
    )
    reason = forms.CharField(label="事由", max_length=200, widget=_control(forms.TextInput(), "col-12"))
    evidence = forms.CharField(
        label="佐证",
        help_text="文件、简报、通报的名称和文号等",
        widget=_control(forms.Textarea(attrs={"rows": 2}), "col-12"),
    )


class ReasonForm(ServiceForm):
    reason = forms.CharField(label="理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ExplainForm(ServiceForm):
    reason = forms.CharField(
        label="逾期原因",
        required=False,
        help_text="客观原因、主观原因和下一步补救措施",
        widget=_control(forms.Textarea(attrs={"rows": 3}), "col-12"),
    )


class DecideForm(ServiceForm):
    """The deciding leader's form; the open periods to count a deduction in are given by the view."""

    decision = forms.ChoiceField(
        label="问责决定", choices=[("", "请选择")] + Sanction.choices(), widget=_control(forms.Select())
    )
    period = forms.ChoiceField(label="计入考核期", required=False, widget=_control(forms.Select()))
    points = forms.DecimalField(
        label="扣分分值",
        required=False,
        min_value=0,
        max_digits=5,
        decimal_places=2,
        help_text="仅“纳入考核扣分”填写；提出的扣分由另一位领导审批后计入（考核期页写明由谁审批）",
        widget=_control(forms.NumberInput(attrs={"step": "0.5"})),
    )
    note = forms.CharField(
        label="决定意见", required=False, widget=_control(forms.Textarea(attrs={"rows": 2}), "col-12")
    )

    def __init__(self, *args: Any, periods: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["period"]).choices = [("", "不计入考核期"), *periods]
