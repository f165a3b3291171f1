"""讲话文件: enter a directive, review what the engine proposes, turn requirements into tasks."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from luoshi.accounts.audit import record_export
from luoshi.core.cadence import DEFAULT as DEFAULT_CADENCE
from luoshi.core.errors import InvalidInput, ServiceError
from luoshi.core.filters import whole_number
from luoshi.core.views import require_perm
from luoshi.org.models import Unit, leaders_by_unit
from luoshi.org.scopes import ASSIGN, unit_scope
from luoshi.study.progress import directive_progress
from luoshi.tasks.eligibility import co_unit_reach
from luoshi.tasks.forms import CADENCE_CHOICES, TaskForm
from luoshi.tasks.models import Task

from . import acceptance, services
from .choices import DirectiveKind, DirectiveLevel, JobStatus, RequirementStatus
from .forms import CardPickers, DirectiveForm, InstructionForm
from .models import Directive, ExtractionJob, Requirement

EXPORT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
LINT_LABELS = {
    "no_owner": "未明确责任单位",
    "no_deadline": "未明确完成时限",
    "vague": "表述笼统、缺少可衡量结果",
    "deadline_unplaced": "时限无法定到具体日期（如寒假前、限期），请确认",
}
# A rhythm the text sets (各单位每月25日前报送) starts the card's 反馈周期 when the list offers it;
# 完成时报一次 and 不定期, which the engine also reads, leave the usual weekly report.
STATED_CADENCES = {value for value, _ in CADENCE_CHOICES} - {"none", "once"}


def listed(user: Any) -> QuerySet[Directive]:
    """The directives ``user`` may see, newest first, with their requirement and task counts: the list
    page and its Excel file. 已转任务 counts every task made from the directive, as its page and 对标对表
    do, so it is the same number for every reader; which tasks one may open is the tasks' own rule."""
    # Distinct: the requirements and tasks joins multiply each other's rows (2 pending × 2 tasks read 4).
    return (
        Directive.objects.restrict(user)
        .annotate(
            proposed=Count(
                "requirements", filter=Q(requirements__status=RequirementStatus.PROPOSED), distinct=True
            ),
            accepted=Count(
                "requirements", filter=Q(requirements__status=RequirementStatus.ACCEPTED), distinct=True
            ),
            task_count=Count("tasks", distinct=True),
        )
        .order_by("-issued_on", "-id")
    )


@require_perm("directives.view_directive")
def directive_list(request: HttpRequest) -> HttpResponse:
    directives = listed(request.user)
    page = Paginator(directives, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "directives/list.html",
        {
            "page": page,
            "kinds": dict(DirectiveKind.choices()),
            "levels": dict(DirectiveLevel.choices()),
            "can_add": request.user.has_perm("directives.add_directive"),
        },
    )


@require_perm("directives.add_directive")
def directive_create(request: HttpRequest) -> HttpResponse:
    form = DirectiveForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            directive, found = services.enter_directive(
                actor=request.user,
                title=data["title"],
                upload=data["file"],
                text="" if data["file"] else data["text"],
                issued_on=data["issued_on"],
                kind=data["kind"],
                level=data["level"],
                issuer=data["issuer"],
            )
        except ServiceError as exc:
            form.add_service_error(exc, request)
        else:
            if found is None:
                messages.info(request, "文件较长，正在后台分解，完成后本页自动显示识别出的要求。")
                return redirect("directives:detail", pk=directive.pk)
            proposed = sum(r.status == RequirementStatus.PROPOSED for r in found)
            aside = (
                f"，另有 {len(found) - proposed} 条不作为任务（已折叠，附理由）"
                if len(found) > proposed
                else ""
            )
            messages.success(request, f"已识别出 {proposed} 条要求{aside}，请逐条确认后转为任务。")
            return redirect("directives:detail", pk=directive.pk)
    return render(request, "directives/form.html", {"form": form})


def _segments(text: str, requirements: list[Requirement]) -> list[tuple[str, Requirement | None]]:
    """The text cut at the requirements' offsets, so each one can be highlighted where it stands."""
    pieces: list[tuple[str, Requirement | None]] = []
    cursor = 0
    for requirement in sorted(requirements, key=lambda r: r.start):
        if requirement.start < cursor:
            continue
        pieces.append((text[cursor : requirement.start], None))
        pieces.append((text[requirement.start : requirement.end], requirement))
        cursor = requirement.end
    pieces.append((text[cursor:], None))
    return [(chunk, req) for chunk, req in pieces if chunk]


@require_perm("directives.view_directive")
def directive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    directive = Directive.objects.restrict(request.user).filter(pk=pk).first()
    if directive is None:
        raise Http404("文件不存在或您无权访问")
    kept = request.session.pop(REFUSED, None)
    if kept is None or kept["directive"] != directive.pk:
        return _decomposition_page(request, directive)
    typed = QueryDict(mutable=True)
    for name, values in kept["typed"].items():
        typed.setlist(name, values)
    error = kept["message"] and ServiceError(kept["message"], kept["code"], errors=kept["errors"])
    if kept.get("form") == "instruction":  # the 批示件 form again, its own checks and the service's refusal
        form = InstructionForm(typed)
        if form.is_valid() and error:
            form.add_service_error(error, request)
        return _decomposition_page(request, directive, instruction_form=form)
    return _decomposition_page(request, directive, error or None, typed=typed)


@dataclass(eq=False)
class RequirementRow:
    """A requirement on the decomposition page with the values of its row's form; the requirement's own
    fields read through (``row.pk``, ``row.text``)."""

    requirement: Requirement
    checked: bool = True
    suggested_title: str = ""
    lead_id: int | None = None
    leader_id: int | None = None
    co_ids: list[int] = field(default_factory=list)
    owner_id: int | None = None
    due: str = ""
    cadence: str = DEFAULT_CADENCE
    is_key: bool = False
    standard: str = ""
    # what the engine found, shown beside the form
    lint_labels: list[str] = field(default_factory=list)
    suggestion: dict[str, Any] | None = None
    owner_text: str = ""
    co_text: str = ""
    deadline_flag: str = ""
    deadline_phrase: str = ""
    # the tasks made from it: those the reader may open, and how many others
    tasks_seen: list[Task] = field(default_factory=list)
    tasks_hidden: int = 0

    def __getattr__(self, name: str) -> Any:
        if name == "requirement":  # not set yet: no requirement to read through
            raise AttributeError(name)
        return getattr(self.requirement, name)


def _found(requirement: Requirement, unit_names: dict[int, str]) -> RequirementRow:
    """What the engine found on a row, as the form's first values: short title, lead and co-units, the
    lead's 分管领导 and the deadline, or the reason that deadline has to be filled by hand."""
    units = list(
        dict.fromkeys(
            o["unit"]
            for o in sorted(requirement.owners, key=lambda o: o.get("role") != "lead")
            if o.get("unit") in unit_names
        )
    )
    suggestion = next((s for s in requirement.suggested_units if s.get("unit") in unit_names), None)
    due = acceptance.found_due_date(requirement)
    return RequirementRow(
        requirement,
        suggested_title=acceptance.default_title(requirement),
        lead_id=units[0] if units else suggestion and suggestion["unit"],
        co_ids=units[1:],
        due=due.isoformat() if due else "",
        cadence=requirement.cadence if requirement.cadence in STATED_CADENCES else DEFAULT_CADENCE,
        # Once a task, the requirement has its lead unit: “未明确责任单位” no longer holds.
        lint_labels=[
            LINT_LABELS.get(code, code)
            for code in requirement.lint
            if not (code == "no_owner" and requirement.status == RequirementStatus.ACCEPTED)
        ],
        suggestion=suggestion,
        owner_text="、".join(
            unit_names.get(o.get("unit")) or o.get("mention", "") for o in requirement.owners
        )
        or "—",
        co_text="、".join(unit_names[pk] for pk in units[1:]),
        deadline_flag=acceptance.deadline_flag(requirement),
        deadline_phrase=(requirement.deadline or {}).get("phrase", ""),
    )


def _typed(row: RequirementRow, post: Any) -> None:
    """The values a refused form carried, so the page comes back as it was typed."""
    pk = row.requirement.pk
    row.checked = str(pk) in post.getlist("selected")
    row.suggested_title = post.get(f"title-{pk}", row.suggested_title)
    row.lead_id = whole_number(post.get(f"lead-{pk}"))
    row.leader_id = whole_number(post.get(f"leader-{pk}"))
    row.due = post.get(f"due-{pk}", "")
    row.cadence = post.get(f"cadence-{pk}", row.cadence)
    row.is_key = post.get(f"key-{pk}") == "on"
    row.co_ids = [co for co in map(whole_number, post.getlist(f"co-{pk}")) if co is not None]
    row.owner_id = whole_number(post.get(f"owner-{pk}"))
    row.standard = post.get(f"standard-{pk}", "")


def _found_rows(requirements: list[Requirement]) -> list[RequirementRow]:
    """What the engine found on each requirement, its lead's 分管领导 too; only the units the requirements
    name are read (a province has thousands)."""
    named = {o.get("unit") for r in requirements for o in r.owners}
    named |= {s.get("unit") for r in requirements for s in r.suggested_units}
    units = Unit.objects.filter(pk__in=sorted(pk for pk in named if isinstance(pk, int)), is_active=True)
    unit_names = dict(units.values_list("pk", "name"))
    rows = [_found(requirement, unit_names) for requirement in requirements]
    leads = list(Unit.objects.filter(pk__in=sorted({r.lead_id for r in rows if r.lead_id is not None})))
    leaders = {pk: person.pk for pk, person in leaders_by_unit(leads).items()}
    for row in rows:
        row.leader_id = leaders.get(row.lead_id) if row.lead_id is not None else None
    return rows


def _adopted(requirement: Requirement, fields: dict[str, Any]) -> dict[str, Any]:
    """采用 says "以<the suggested unit>为牵头单位": the task is led by that unit, with its 分管领导, whatever
    the lead field holds (it starts at the unit the text named, which may be another)."""
    suggestion = _found_rows([requirement])[0].suggestion
    if suggestion is None:
        return fields
    unit = Unit.objects.get(pk=suggestion["unit"])
    leader = leaders_by_unit([unit]).get(unit.pk)
    fields = {k: v for k, v in fields.items() if k != "leader"} | {"lead_unit": unit}
    return fields | ({"leader": leader} if leader is not None else {})


def _pickers(request: HttpRequest, rows: list[RequirementRow], data: Any = None) -> CardPickers:
    """The cards' pickers for ``rows``, starting at what the engine found."""
    found = {row.pk: {"lead": row.lead_id, "leader": row.leader_id, "co": row.co_ids} for row in rows}
    user = request.user
    return CardPickers(data, found=found, reach=unit_scope(user, ASSIGN), co_reach=co_unit_reach(user))


# The task fields a refusal's code names (tasks.forms.TaskForm.error_fields) that a row's card marks.
MARKED_FIELDS = {"due_date": "due", "title": "title"}


def _refused_rows(error: ServiceError | None) -> dict[int, dict[str, str]]:
    """Each row a refusal names, with its reasons by the field of its card they mark ("due", "title"; ""
    for the reason the card shows on top): a row may be refused for more than one."""
    if error is None:
        return {}
    rows = error.errors.get("rows") or [
        {"row": pk, "code": error.code, "message": error.message} for pk in error.errors.get("row", [])
    ]
    refused: dict[int, dict[str, str]] = {}
    for row in rows:
        field = MARKED_FIELDS.get(TaskForm.error_fields.get(row["code"], ""), "")
        refused.setdefault(row["row"], {})[field] = row["message"]
    return refused


def _decomposition_page(
    request: HttpRequest,
    directive: Directive,
    error: ServiceError | None = None,
    instruction_form: InstructionForm | None = None,
    typed: QueryDict | None = None,
) -> HttpResponse:
    """The page; after a refused decision, with the refusal on the rows it names and the cards as typed."""
    requirements = list(directive.requirements.prefetch_related("tasks"))
    rows = _found_rows(requirements)
    visible = set(
        Task.objects.restrict(request.user).filter(directive=directive).values_list("pk", flat=True)
    )
    for row in rows:
        tasks = list(row.requirement.tasks.all())
        row.tasks_seen = [t for t in tasks if t.pk in visible]
        row.tasks_hidden = len(tasks) - len(row.tasks_seen)
    proposed = [r for r in rows if r.requirement.status == RequirementStatus.PROPOSED]
    pickers = _pickers(request, proposed, typed)
    if typed is not None:
        for row in rows:
            _typed(row, typed)
    set_aside = [r for r in rows if r.requirement.status == RequirementStatus.REJECTED]
    return render(
        request,
        "directives/detail.html",
        {
            "directive": directive,
            "task_count": directive.tasks.count(),
            "requirements": [r for r in rows if r not in set_aside],
            "proposed": proposed,
            "set_aside": set_aside,
            "segments": _segments(directive.text, requirements),
            "study": directive_progress(directive, request.user),
            "pickers": pickers,
            "cadences": CADENCE_CHOICES,
            "can_decide": request.user.has_perm("directives.add_directive"),
            "can_set_aside": request.user.has_perm("directives.change_directive", directive),
            "can_record_instruction": request.user.has_perm("directives.record_instruction", directive),
            "job": ExtractionJob.objects.filter(directive=directive).exclude(status=JobStatus.DONE).first(),
            "error": error,
            "refused": _refused_rows(error),
            "instruction_form": instruction_form
            or InstructionForm(
                initial={
                    "instruction_date": directive.instruction_date,
                    "proposed_handling": directive.proposed_handling,
                    "handling_result": directive.handling_result,
                }
            ),
        },
    )


@require_perm("directives.view_directive")
def directive_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """任务分解表 of the directive as .docx or .xlsx, as one hands it in (see reports/decomposition)."""
    from luoshi.reports import decomposition

    from .printing import decomposition_rows, title_of

    directive = Directive.objects.restrict(request.user).filter(pk=pk).first()
    if directive is None or fmt not in EXPORT_TYPES:
        raise Http404("文件不存在或您无权访问")
    title = title_of(directive)
    writer = decomposition.write_docx if fmt == "docx" else decomposition.write_xlsx
    response = HttpResponse(
        writer(decomposition_rows(directive, request.user), title=title), content_type=EXPORT_TYPES[fmt]
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(title)}.{fmt}"
    record_export(request, title, fmt=fmt, directive=directive.pk)
    return response


def _task_fields(request: HttpRequest, pk: int, pickers: CardPickers) -> dict[str, Any]:
    post = request.POST
    due = post.get(f"due-{pk}") or None
    try:
        due_date = dt.date.fromisoformat(due) if due else None
    except ValueError:
        raise InvalidInput("完成时限格式不对，请按 年-月-日 填写", errors={"row": [pk]}) from None
    fields: dict[str, Any] = {
        "title": post.get(f"title-{pk}", "").strip(),
        "due_date": due_date,
        "cadence": post.get(f"cadence-{pk}"),
        "is_key": post.get(f"key-{pk}") == "on",
    }
    chosen = pickers.row(pk)
    fields.update(lead_unit=chosen["lead"], leader=chosen["leader"], owner=chosen["owner"])
    fields["finish_standard"] = post.get(f"standard-{pk}", "").strip()
    if chosen["co"] or post.get(f"co-shown-{pk}"):  # the page showed the found co-units: none is none
        fields["co_units"] = chosen["co"]
    return {k: v for k, v in fields.items() if v not in (None, "")}


@require_POST
@require_perm("directives.add_directive")
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """转为任务 / 合并为一项 / 不作为任务 for the rows the user ticked; each row is its own service call."""
    directive = Directive.objects.restrict(request.user).filter(pk=pk).first()
    if directive is None:
        raise Http404("文件不存在或您无权访问")
    chosen = [row for row in map(whole_number, request.POST.getlist("selected")) if row is not None]
    operation = request.POST.get("op")
    adopt = whole_number(request.POST.get("adopt"))
    if adopt is not None:  # 采用并交办: one row assigned to the suggested unit, by the date on its card
        chosen, operation = [adopt], "assign"
    requirements = list(directive.requirements.filter(pk__in=chosen).order_by("start"))
    if len(requirements) < len(set(chosen)):  # a forged id: none of this directive's, nothing is done
        raise Http404("要求条目不存在或您无权访问")
    if not requirements:
        messages.error(request, "请先勾选要处理的要求条目")
        return redirect("directives:detail", pk=pk)
    pickers = _pickers(request, _found_rows(requirements), request.POST)
    try:
        if operation in ("accept", "assign"):
            rows = [(r, _task_fields(request, r.pk, pickers)) for r in requirements]
            if adopt is not None:
                rows = [(r, _adopted(r, fields)) for r, fields in rows]
            acceptance.accept_requirements(rows, actor=request.user, assign=operation == "assign")
            messages.success(
                request,
                f"已将 {len(requirements)} 条要求转为任务并交办。"
                if operation == "assign"
                else f"已将 {len(requirements)} 条要求转为任务（草稿），请到任务页交办。",
            )
        elif operation == "split":
            if len(requirements) != 1:
                raise InvalidInput("拆分时请只勾选一条要求")
            fields = _task_fields(request, requirements[0].pk, pickers)
            titles = re.split(r"[；;\n]", fields.pop("title", ""))
            tasks = acceptance.split_requirement(requirements[0], actor=request.user, titles=titles, **fields)
            messages.success(request, f"已将这条要求拆分为 {len(tasks)} 项任务。")
        elif operation == "merge":
            first = requirements[0]
            task = acceptance.merge_requirements(
                requirements, actor=request.user, **_task_fields(request, first.pk, pickers)
            )
            messages.success(request, f"已将 {len(requirements)} 条要求合并为一项任务：{task.title}")
        elif operation == "reject":
            reason = request.POST.get("reason", "").strip() or None  # the service's usual reason
            acceptance.reject_requirements(requirements, actor=request.user, reason=reason)
            messages.success(request, f"已标记 {len(requirements)} 条为不作为任务。")
        else:
            raise InvalidInput("未知的操作")
    except ServiceError as exc:
        return _refused(request, directive, exc)
    return redirect("directives:detail", pk=pk)


REFUSED = "directives.refused"  # the session's refused form, until the page shows it


def _refused(
    request: HttpRequest, directive: Directive, exc: ServiceError | None, form: str = "decide"
) -> HttpResponse:
    """A refused form (the decision's, or ``form="instruction"`` the 批示件's, which ``exc`` None means its
    own checks refused) goes back to the page by a redirect, so a reload sends nothing again; the refusal
    and what was typed wait in the session for the page's next drawing."""
    request.session[REFUSED] = {
        "directive": directive.pk,
        "form": form,
        "typed": {k: v for k, v in request.POST.lists() if k != "csrfmiddlewaretoken"},
        "message": exc.message if exc else "",
        "code": exc.code if exc else "",
        "errors": exc.errors if exc else {},
    }
    return redirect("directives:detail", pk=directive.pk)


@require_POST
@require_perm("directives.view_directive")
def instruction(request: HttpRequest, pk: int) -> HttpResponse:
    """批示件: the date, 拟办意见 and 办理结果 entered on the directive's page."""
    directive = Directive.objects.restrict(request.user).filter(pk=pk).first()
    if directive is None:
        raise Http404("文件不存在或您无权访问")
    form = InstructionForm(request.POST)
    if not form.is_valid():
        return _refused(request, directive, None, form="instruction")
    try:
        services.set_instruction(directive, actor=request.user, **form.cleaned_data)
    except ServiceError as exc:
        return _refused(request, directive, exc, form="instruction")
    messages.success(request, "批示件信息已保存。")
    return redirect("directives:detail", pk=pk)
