"""The forms of 督查调研: plan a campaign, record a finding or a visit, edit a bulletin, issue a notice."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone

from luoshi.core.forms import DateInput, StyledForm
from luoshi.directives.models import Directive
from luoshi.org.pickers import PickerField
from luoshi.org.scopes import VIEW, unit_scope
from luoshi.tasks.choices import TaskStatus
from luoshi.tasks.forms import MultipleFileField, MultipleFileInput
from luoshi.tasks.models import Task

from .choices import CampaignKind, DocumentKind, FindingResult
from .services.campaigns import TEAM, team_reach
from .services.visits import VISITED, visit_reach


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class CampaignForm(StyledForm):
    error_fields = {
        "invalid_period": "end_date",
        "no_target_units": "target_units",
        "no_team": "team_leader",
        "ineligible_member": "team_members",
        "empty_checklist": "tasks",
        "duplicate_submit": "topic",
    }
    kind = forms.ChoiceField(label="类型", choices=CampaignKind.choices())
    topic = forms.CharField(label="主题", max_length=200)
    start_date = forms.DateField(label="开始日期", widget=DateInput())
    end_date = forms.DateField(label="结束日期", widget=DateInput())
    directive = forms.TypedChoiceField(label="依据文件", coerce=int, required=False, empty_value=None)
    tasks = forms.TypedMultipleChoiceField(
        label="关联的重点任务",
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="可多选（电脑上按住 Ctrl 点选）。检查清单按这些任务的完成标准逐条生成；"
        "各单位已报送的复命、佐证材料自动作为预答，不再向单位重复索要。",
    )
    extra_points = forms.CharField(
        label="补充检查要点",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "col": "col-12"}),
        help_text="每行一条，可不填。",
    )
    target_units = PickerField("units", reach=VIEW, multiple=True, label="检查对象单位")
    team_name = forms.CharField(label="检查组名称", max_length=50, initial="第一督查组")
    team_leader = PickerField("people", reach=TEAM, label="组长")
    team_members = PickerField(
        "people",
        reach=TEAM,
        multiple=True,
        label="组员",
        required=False,
        help_text="组长和组员记录检查结果。",
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        visible = Task.objects.restrict(user).filter(status__in=TaskStatus.OPEN + [TaskStatus.CLOSED])
        tasks = (
            visible.filter(parent__isnull=True)
            .select_related("lead_unit")
            .order_by("-is_key", "due_date", "id")[:300]
        )
        fields["tasks"].choices = [(t.pk, task_choice(t)) for t in tasks]
        directives = Directive.objects.restrict(user).order_by("-issued_on", "-id")[:100]
        fields["directive"].choices = [("", "（不关联）")] + [(d.pk, d.title) for d in directives]
        self.field("target_units", PickerField).within(unit_scope(user, VIEW))  # the units one may inspect
        for name in ("team_leader", "team_members"):
            self.field(name, PickerField).within(team_reach(user))
        today = timezone.localdate()
        self.fields["start_date"].initial = today
        self.fields["end_date"].initial = today + dt.timedelta(days=30)


def task_choice(task: Task) -> str:
    """A task as one line of the list to pick from: its lead unit and deadline tell apart tasks of one
    title (a problem's 治标 measure given to two sections reads the same)."""
    due = f" · 时限 {task.due_date:%Y-%m-%d}" if task.due_date else ""
    return f"{'【重点】' if task.is_key else ''}{task.title}（{task.lead_unit.display_name}{due}）"


class FindingForm(StyledForm):
    error_fields = {"due_in_past": "deadline", "required": "note"}
    point = forms.IntegerField(widget=forms.HiddenInput())
    unit = forms.IntegerField(widget=forms.HiddenInput())
    result = forms.ChoiceField(label="检查结果", choices=FindingResult.choices(), widget=forms.RadioSelect())
    note = forms.CharField(label="情况说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label="整改时限", required=False, widget=DateInput())


class VisitForm(StyledForm):
    error_fields = {
        "file_type": "photos",
        "file_too_big": "photos",
        "too_many_files": "photos",
        "unit_required": "unit",
        "outside_scope": "unit",
        "own_unit": "unit",
        "unknown_unit": "unit",
    }
    place = forms.CharField(label="走访地点", max_length=200)
    visited_at = forms.DateTimeField(
        label="走访时间",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )
    # A unit within the visitor's reach (services.visits.visit_reach, the service's own rule): what they
    # heard there, and the problems raised on the spot, go to that unit's ledger, which they then follow.
    unit = PickerField(
        "units",
        reach=VISITED,
        label="所属单位",
        required=False,
        help_text="有信号时输入名称搜索；没有信号时可先不选，提交前再选。",
    )
    people_met = forms.CharField(
        label="走访对象", required=False, widget=forms.Textarea(attrs={"rows": 2, "col": "col-12"})
    )
    heard = forms.CharField(label="听到的情况", widget=forms.Textarea(attrs={"rows": 4, "col": "col-12"}))
    raised = forms.CharField(
        label="当场发现的问题",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "col": "col-12"}),
        help_text="每行一个问题，提交后直接进入问题清单（须选择所属单位）。",
    )
    photos = MultipleFileField(
        label="现场照片",
        widget=MultipleFileInput(attrs={"accept": "image/*", "capture": "environment", "col": "col-12"}),
    )
    keep_location = forms.BooleanField(label="保留照片中的位置信息", required=False)
    client_key = forms.CharField(required=False, widget=forms.HiddenInput())

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        """The unit is searched among those the visitor may see (a province has too many to list); the
        search needs the network, so the draft keeps the unit chosen with the rest (inspections/visit.js)."""
        super().__init__(*args, **kwargs)
        self.field("unit", PickerField).within(visit_reach(user))
        if not self.is_bound:
            self.fields["visited_at"].initial = timezone.localtime().replace(second=0, microsecond=0)


DATED = re.compile(r"^(?P<text>.*?)[\s（(]*(?P<date>\d{4}-\d{1,2}-\d{1,2})[)）前]*$")


def requirement_lines(text: str) -> list[tuple[str, dt.date | None]]:
    """整改要求, one a line, each with its deadline written at the end as 2026-12-31."""
    found = []
    for line in lines(text):
        match = DATED.match(line)
        day = None
        if match:
            try:
                day = dt.date.fromisoformat("-".join(f"{int(x):02d}" for x in match["date"].split("-")))
                line = match["text"].strip(" ，,；;")
            except ValueError:
                day = None
        found.append((line, day))
    return found


def problem_lines(text: str) -> list[tuple[str, str]]:
    """存在的问题, one a line, as 单位：问题."""
    found = []
    for line in lines(text):
        unit, sep, problem = line.partition("：")
        found.append((unit.strip(), problem.strip()) if sep else ("", line))
    return found


def annex_lines(text: str) -> list[list[str]]:
    """附件 rows, one a line, cells separated by ｜ or |."""
    rows = []
    for n, line in enumerate(lines(text), 1):
        cells = [c.strip() for c in re.split(r"[|｜]", line)]
        rows.append([str(n), *(cells + [""] * 5)[:5]])
    return rows


class BulletinForm(StyledForm):
    error_fields = {"required": "title", "invalid_period": "title"}
    issuer_mark = forms.CharField(label="发文机关标志", max_length=40)
    title = forms.CharField(label="标题", max_length=200, widget=forms.TextInput(attrs={"col": "col-12"}))
    addressee = forms.CharField(label="主送机关", max_length=200)
    overview = forms.CharField(
        label="一、总体情况（含概况数字）", widget=forms.Textarea(attrs={"rows": 4, "col": "col-12"})
    )
    good_practice = forms.CharField(
        label="二、好的做法", required=False, widget=forms.Textarea(attrs={"rows": 3, "col": "col-12"})
    )
    problems = forms.CharField(
        label="三、存在的问题（按单位，每行“单位：问题”）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "col": "col-12"}),
    )
    requirements = forms.CharField(
        label="四、整改要求（每行一条，行末写完成时限，如 2026-12-31）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "col": "col-12"}),
    )
    annex = forms.CharField(
        label="附件：问题清单（每行“单位｜检查要点｜问题｜整改时限｜整改情况”）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "col": "col-12"}),
    )
    signature = forms.CharField(label="发文机关署名", max_length=60)
    date = forms.DateField(label="成文日期", widget=DateInput())
    printed_by = forms.CharField(label="印发机关（版记）", max_length=60, required=False)

    def content(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["date"] = data["date"].isoformat()
        return data


class PeriodForm(StyledForm):
    start = forms.DateField(label="自", widget=DateInput())
    end = forms.DateField(label="至", widget=DateInput())


class NoticeForm(StyledForm):
    error_fields = {"due_in_past": "reply_by"}
    task = forms.IntegerField(widget=forms.HiddenInput(), required=False)
    problem = forms.IntegerField(widget=forms.HiddenInput(), required=False)
    kind = forms.ChoiceField(
        label="文种",
        choices=[(k, label) for k, label in DocumentKind.choices() if k != DocumentKind.BULLETIN],
    )
    request = forms.CharField(label="督办/催办要求", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reply_by = forms.DateField(label="反馈时限", required=False, widget=DateInput())
