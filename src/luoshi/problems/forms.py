"""The problem pages' forms: what a clerk types; the services decide."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone

from luoshi.core.forms import AnyIdChoice, DateInput, StyledForm
from luoshi.org.models import Person, Unit
from luoshi.org.scopes import Scope
from luoshi.tasks.eligibility import eligible_owners
from luoshi.tasks.forms import FILE_ERRORS, MultipleFileField, leader_choices

from .choices import MeasureKind, ProblemSource, Severity
from .models import ProblemCategory
from .rules import measure_owner_refusal, reviewer_ids
from .services import recheck_days

MEASURE_ROWS = 4  # rows the confirm form offers; empty rows are left out


def unit_choices(scope: Scope) -> list[tuple[str, str]]:
    units = Unit.objects.filter(is_active=True)
    if not scope.everything:
        units = units.filter(pk__in=sorted(scope.unit_ids))
    return [("", "请选择")] + [(str(u.pk), "\u3000" * u.depth + u.name) for u in units]


def category_choices(empty: str = "（不分类）") -> list[tuple[str, str]]:
    return [("", empty)] + [
        (str(c.pk), "\u3000" * c.depth + c.name) for c in ProblemCategory.objects.filter(is_active=True)
    ]


class ProblemForm(StyledForm):
    error_fields = {
        "unit_required": "unit",
        "unknown_unit": "unit",
        "outside_scope": "unit",
        "description_required": "description",
        "found_in_future": "found_on",
        "unknown_category": "category",
        **{code: "evidence" for code in FILE_ERRORS},
    }

    # Required, and marked so, but checked by the service (record_problem), which names every field missing.
    unit = forms.TypedChoiceField(
        label="问题所在单位",
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.Select(attrs={"aria-required": "true"}),
    )
    source = forms.ChoiceField(label="问题来源", choices=ProblemSource.choices())
    category = forms.TypedChoiceField(label="问题类别", coerce=int, empty_value=None, required=False)
    severity = forms.ChoiceField(
        label="严重程度", choices=Severity.choices(), initial=Severity.NORMAL, required=False
    )
    found_on = forms.DateField(label="发现日期", widget=DateInput(), required=False)
    description = forms.CharField(
        label="问题描述",
        required=False,
        widget=forms.Textarea(
            attrs={
                "rows": 5,
                "col": "col-12",
                "placeholder": "写清楚在哪里、发现了什么问题、涉及哪些人或事",
                "aria-required": "true",
            }
        ),
    )
    evidence = MultipleFileField(
        label="佐证材料", help_text="照片或文档（图片、PDF、Word、Excel、WPS等），可选多个"
    )

    def __init__(self, *args: Any, visible: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["unit"]).choices = unit_choices(visible)
        cast(forms.ChoiceField, self.fields["category"]).choices = category_choices()
        self.fields["found_on"].initial = timezone.localdate()
        self.fields["description"].widget.attrs["col"] = "col-12"
        self.fields["evidence"].widget.attrs["col"] = "col-12"

    def problem_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["files"] = data.pop("evidence", [])
        data["severity"] = data.get("severity") or Severity.NORMAL
        data["unit"] = Unit.objects.filter(pk=data["unit"]).first() if data.get("unit") else None
        data["category"] = (
            ProblemCategory.objects.filter(pk=data["category"]).first() if data.get("category") else None
        )
        return data


def add_measure_rows(form: forms.Form, rows: int, owners: list[tuple[str, str]]) -> None:
    """The measure rows of the confirm form: kind, content, deadline and 责任人 (of ``owners``) on one
    line each."""
    for n in range(1, rows + 1):
        form.fields[f"kind_{n}"] = forms.ChoiceField(
            label=f"措施{n}",
            choices=MeasureKind.choices(),
            initial=MeasureKind.QUICK if n == 1 else MeasureKind.LASTING,
            required=False,
            widget=forms.Select(attrs={"class": "form-select", "col": "col-4 col-md-2"}),
        )
        form.fields[f"title_{n}"] = forms.CharField(
            label="措施内容",
            required=False,
            max_length=480,
            widget=forms.TextInput(
                attrs={
                    "class": "form-control",
                    "col": "col-8 col-md-4",
                    "placeholder": "如：逐一核对并纠正" if n == 1 else "如：建立××制度（治本）",
                }
            ),
        )
        form.fields[f"due_{n}"] = forms.DateField(
            label="完成时限",
            required=False,
            widget=DateInput(attrs={"class": "form-control", "col": "col-6 col-md-3"}),
        )
        form.fields[f"owner_{n}"] = forms.TypedChoiceField(
            label="责任人",
            choices=owners,
            coerce=int,
            empty_value=None,
            required=False,
            widget=forms.Select(attrs={"class": "form-select", "col": "col-6 col-md-3"}),
        )


def owner_choices(actor: Any, unit: Unit) -> list[tuple[str, str]]:
    """Who a measure led by ``unit`` may name 责任人: the people of the unit (and below) ``actor`` may give
    work to (tasks.eligibility.eligible_owners); none named, the unit names one when it signs."""
    people = eligible_owners(actor, unit).select_related("unit", "user").order_by("unit__tree_path", "name")
    reviewers = reviewer_ids(unit)
    allowed = [p for p in people if not measure_owner_refusal(p, unit, reviewers)]
    return [("", "（签收时指定）")] + [
        (str(p.pk), p.name + (f"（{p.unit.name}）" if p.unit else "")) for p in allowed
    ]


def measures_of_form(data: dict[str, Any], rows: int) -> list[dict[str, Any]]:
    measures = []
    for n in range(1, rows + 1):
        title = (data.get(f"title_{n}") or "").strip()
        if title or data.get(f"due_{n}"):
            measures.append(
                {
                    "kind": data.get(f"kind_{n}"),
                    "title": title,
                    "due_date": data.get(f"due_{n}"),
                    "owner": Person.objects.filter(pk=data[f"owner_{n}"]).first()
                    if data.get(f"owner_{n}")
                    else None,
                }
            )
    return measures


class ConfirmForm(StyledForm):
    error_fields = {
        "root_cause_required": "root_cause",
        "ineligible_leader": "leader",
        "unknown_unit": "responsible_unit",
    }

    responsible_unit = AnyIdChoice(label="责任单位", coerce=int, empty_value=None, required=False)
    leader = forms.TypedChoiceField(label="分管领导", coerce=int, empty_value=None, required=False)
    root_cause = forms.CharField(
        label="问题根源",
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 2, "placeholder": "为什么会发生：制度、执行、能力还是监督上的原因"}
        ),
    )

    def __init__(self, *args: Any, manages: Scope, owners: list[tuple[str, str]], **kwargs: Any) -> None:
        """``manages``: the units the confirmer manages, the ones they may name responsible (an id outside
        it reaches the service, which says why not); ``owners``: whom a measure may name 责任人
        (``owner_choices``)."""
        super().__init__(*args, **kwargs)
        self.field("responsible_unit", AnyIdChoice).choices = [
            ("", "（问题所在单位）"),
            *unit_choices(manages)[1:],
        ]
        cast(forms.ChoiceField, self.fields["leader"]).choices = leader_choices(manages)
        self.fields["root_cause"].widget.attrs["col"] = "col-12"
        add_measure_rows(self, MEASURE_ROWS, owners)

    def confirm_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "responsible_unit": Unit.objects.filter(pk=data["responsible_unit"]).first()
            if data.get("responsible_unit")
            else None,
            "leader": Person.objects.filter(pk=data["leader"]).first() if data.get("leader") else None,
            "root_cause": data.get("root_cause", ""),
            "measures": measures_of_form(data, MEASURE_ROWS),
        }


class MeasureForm(StyledForm):
    """增加整改措施: one measure, with the same 责任人 choice as each measure of 确认整改."""

    error_fields = {"title_required": "title", "due_required": "due_date", "owner_reviews": "owner"}

    kind = forms.ChoiceField(label="措施类型", choices=MeasureKind.choices())
    title = forms.CharField(label="措施内容", required=False, max_length=480)
    due_date = forms.DateField(label="完成时限", required=False, widget=DateInput())
    owner = forms.TypedChoiceField(label="责任人", coerce=int, empty_value=None, required=False)

    def __init__(self, *args: Any, owners: list[tuple[str, str]], **kwargs: Any) -> None:
        """``owners``: whom the measure may name 责任人 (``owner_choices``)."""
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["owner"]).choices = owners
        # Required, though the service says so (请填写措施内容) rather than the form: the star shows it.
        self.fields["title"].widget.attrs.update(
            {"col": "col-12", "placeholder": "如：建立××制度（治本）", "aria-required": "true"}
        )

    def measure_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        owner = Person.objects.filter(pk=data["owner"]).first() if data.get("owner") else None
        return {"kind": data["kind"], "title": data["title"], "due_date": data["due_date"], "owner": owner}


class CloseForm(StyledForm):
    error_fields = {"note_required": "note", "recheck_in_past": "recheck_on"}

    note = forms.CharField(label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    recheck_on = forms.DateField(label="回头看日期", required=False, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        days = recheck_days()
        self.fields["recheck_on"].help_text = f"到期时提醒您再看问题是否反弹；不填为{days}天后"


class RecheckForm(StyledForm):
    result = forms.ChoiceField(
        label="回头看结果",
        choices=[("held", "问题未反弹"), ("rebounded", "发现反弹（重新打开整改）")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="情况说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DismissForm(StyledForm):
    reason = forms.CharField(label="不予认定的理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))
