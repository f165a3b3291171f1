from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from luoshi.core.cadence import DEFAULT as DEFAULT_CADENCE
from luoshi.core.cadence import MONTH_END, Cadence
from luoshi.core.forms import DateInput, StyledForm
from luoshi.core.trees import path_ids
from luoshi.org.choices import Role
from luoshi.org.models import Membership, Person, Unit, leaders_over
from luoshi.org.pickers import PickerField
from luoshi.org.scopes import Scope

from .eligibility import CO_UNITS, OWNERS

CADENCE_CHOICES = [
    ("none", "不定期（有进展时报送）"),
    ("once", "完成时报一次"),
    *[(f"weekly:{d}", f"每周{'一二三四五'[d - 1]}") for d in range(1, 6)],
    *[(f"monthly:{d}", Cadence("monthly", d).label) for d in (1, 5, 10, 15, 20, 25, MONTH_END)],
    ("quarterly", "每季度末"),
    ("workdays:5", "每5个工作日"),
    ("workdays:10", "每10个工作日"),
]


# An upload the service refuses (core.uploads, core.photos) is said next to the form's files.
FILE_ERRORS = {
    code: "files"
    for code in ("file_type", "file_too_big", "file_content", "file_unzipped_too_big", "too_many_files")
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def _unit_choices() -> list[tuple[str, str]]:
    return [(str(u.pk), "　" * u.depth + u.name) for u in Unit.objects.filter(is_active=True)]


def leader_choices(reach: Scope | None = None) -> list[tuple[str, str]]:
    """The 部长 and 副部长 who may be in charge of work led by a unit of ``reach`` (the units the user hands
    work to; every one when None): those overseeing such a unit or one above it, and those units' heads,
    so a county's clerk is not offered every county's 部长. Each is named with their department ("张三
    （部长）" would not say which); the department's own leaders come first, in the chart's order."""
    held = Membership.objects.filter(role__in=[Role.HEAD, Role.DEPUTY])
    if reach is not None and not reach.everything:
        paths = Unit.objects.filter(pk__in=sorted(reach.unit_ids)).values_list("tree_path", flat=True)
        held = held.filter(person__in=leaders_over({pk for path in paths for pk in path_ids(path)}))
    leaders: dict[int, str] = {}
    for m in held.select_related("person", "unit").order_by("unit__tree_path", "-role", "person__name"):
        leaders.setdefault(m.person_id, f"{m.person.name}（{m.unit.name}{m.person.title}）")  # listed once
    return [("", "（按分管关系）")] + [(str(pk), label) for pk, label in leaders.items()]


class TaskForm(StyledForm):
    error_fields = {
        "title_required": "title",
        "title_multiline": "title",
        "lead_unit_required": "lead_unit",
        "unknown_unit": "lead_unit",
        "due_in_past": "due_date",
        "due_too_far": "due_date",
        "start_after_due": "start_date",
        "invalid_weight": "weight",
        "due_required": "due_date",
        "invalid_cadence": "cadence",
        "use_extension": "due_date",
        "outside_assign_scope": "lead_unit",
        "outside_co_unit_scope": "co_units",
    }
    title = forms.CharField(label="任务名称", max_length=500, widget=forms.TextInput(attrs={"col": "col-12"}))
    description = forms.CharField(
        label="任务内容", required=False, widget=forms.Textarea(attrs={"rows": 3, "col": "col-12"})
    )
    lead_unit = forms.ChoiceField(label="牵头单位")
    co_units = PickerField(
        "units",
        reach=CO_UNITS,
        multiple=True,
        label="配合单位",
        required=False,
        help_text="可选您可查看或可交办的单位，以及与其同一上级的单位（如本部其他科室）",
    )
    owner = PickerField(
        "people", reach=OWNERS, label="责任人", required=False, help_text="牵头单位（或其下级单位）的人员"
    )
    leader = forms.ChoiceField(label="分管领导", required=False)
    start_date = forms.DateField(label="开始日期", required=False, widget=DateInput())
    due_date = forms.DateField(label="完成时限", widget=DateInput())
    cadence = forms.ChoiceField(label="反馈周期", choices=CADENCE_CHOICES, initial=DEFAULT_CADENCE)
    weight = forms.IntegerField(
        label="权重", min_value=1, max_value=100, initial=1, help_text="在上级任务进度中所占的分量"
    )
    finish_standard = forms.CharField(
        label="完成标准",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "col": "col-12"}),
        help_text="做到什么程度算完成：可量化、可检验",
    )
    is_key = forms.BooleanField(label="重点任务", required=False)

    def __init__(
        self,
        *args,
        assigns_to: Scope | None = None,
        leaders_for: Scope | None = None,
        picks_from: Scope | None = None,
        co_units_from: Scope | None = None,
        **kwargs,
    ):
        """``assigns_to``: the units the user may hand work to, the only lead units offered;
        ``leaders_for``: the lead units whose leaders are offered (``assigns_to`` unless given);
        ``picks_from``: the units whose people may be chosen as owner (``eligibility.owner_reach`` of the
        user; ``assigns_to`` unless given);
        ``co_units_from``: the units that may be named co-units (``eligibility.co_unit_reach`` of the user);
        a task's own co-units and owner stay choosable on edit."""
        super().__init__(*args, **kwargs)
        units = _unit_choices()
        leads = units if assigns_to is None else [(pk, name) for pk, name in units if int(pk) in assigns_to]
        self.field("lead_unit", forms.ChoiceField).choices = [("", "请选择")] + leads
        reach = picks_from or assigns_to or Scope(everything=True)
        kept = self.initial.get("co_units") or []
        self.field("co_units", PickerField).within(co_units_from or Scope(), keep=map(int, kept))
        owner = self.initial.get("owner")
        self.field("owner", PickerField).within(
            reach, keep=[owner] if owner else [], include="[name=lead_unit]"
        )
        self.field("leader", forms.ChoiceField).choices = leader_choices(leaders_for or assigns_to)

    def task_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "is_key": data["is_key"],
            "lead_unit": Unit.objects.filter(pk=data["lead_unit"]).first(),
            "owner": data["owner"],
            "leader": Person.objects.filter(pk=data["leader"]).first() if data["leader"] else None,
            "start_date": data["start_date"],
            "due_date": data["due_date"],
            "cadence": data["cadence"],
            "finish_standard": data["finish_standard"],
            "weight": data["weight"] or 1,
        }

    def co_units_selected(self) -> list[Unit]:
        return self.cleaned_data["co_units"]


class FeedbackForm(StyledForm):
    """A report; a task with sub-tasks reports no percent (its progress is derived from them)."""

    error_fields = {"progress_required": "progress_text", "invalid_percent": "percent", **FILE_ERRORS}

    progress_text = forms.CharField(
        label="工作进展", widget=forms.Textarea(attrs={"rows": 3, "col": "col-12"})
    )
    # Not required here: the service asks for it where it is the task's own (a task without sub-tasks).
    percent = forms.IntegerField(
        label="完成百分比",
        min_value=0,
        max_value=100,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    difficulties = forms.CharField(
        label="存在困难", required=False, widget=forms.Textarea(attrs={"rows": 2, "col": "col-12"})
    )
    next_steps = forms.CharField(
        label="下步打算", required=False, widget=forms.Textarea(attrs={"rows": 2, "col": "col-12"})
    )
    # The form's metaclass takes declared fields off the class, so this does not hide BaseForm.files (the
    # uploaded data); django-stubs cannot tell a declared field from a class attribute.
    files = MultipleFileField(  # type: ignore[assignment]
        label="附件", help_text="PDF、Office/WPS文档、图片等，单个不超过50MB"
    )

    def __init__(self, *args: Any, derived_progress: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if derived_progress is not None:
            del self.fields["percent"]
            self.fields[
                "progress_text"
            ].help_text = (
                f"完成百分比由子任务按权重汇总（当前 {derived_progress}%），本次复命报送文字情况和佐证材料"
            )


class PartForm(StyledForm):
    """A co-unit's report on its part (协办); the unit is chosen only by someone working in several."""

    error_fields = {"progress_required": "progress_text", "invalid_percent": "percent"}

    unit = forms.TypedChoiceField(label="报送单位", coerce=int)
    progress_text = forms.CharField(
        label="本单位承担部分的进展", widget=forms.Textarea(attrs={"rows": 3, "col": "col-12"})
    )
    percent = forms.IntegerField(
        label="完成百分比",
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    done = forms.BooleanField(label="本单位承担的部分已完成", required=False)

    def __init__(self, *args: Any, units: list[Unit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = list(Unit.objects.filter(is_active=True)) if units is None else units
        self.field("unit", forms.ChoiceField).choices = [(unit.pk, unit.name) for unit in units]
        if len(units) == 1:
            self.fields["unit"].widget = forms.HiddenInput()
            self.fields["unit"].initial = units[0].pk


class ReasonForm(StyledForm):
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2, "col": "col-12"}))


class ExtensionForm(StyledForm):
    error_fields = {
        "not_later": "new_due_date",
        "due_in_past": "new_due_date",
        "due_too_far": "new_due_date",
        "reason_required": "reason",
    }

    new_due_date = forms.DateField(label="申请延至", widget=DateInput())
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2, "col": "col-12"}))


class CloseForm(StyledForm):
    error_fields = {"recheck_in_past": "recheck_on", "reason_required": "evidence_text", **FILE_ERRORS}

    evidence_text = forms.CharField(
        label="完成情况与佐证",
        widget=forms.Textarea(attrs={"rows": 3, "col": "col-12"}),
        help_text="提交即报送完成情况复命，进度记为100%，不必另报复命",
    )
    recheck_on = forms.DateField(
        label="回头看日期（可选）",
        required=False,
        widget=DateInput(),
        help_text="到期提醒再看一次，防止问题反弹",
    )
    files = MultipleFileField(label="佐证材料")  # type: ignore[assignment]  # not BaseForm.files, as above


def default_due() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=30)
