"""Pages of the execution loop: 我的待办, 任务台账, the task page, the leaders' overview, files."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from rest_framework.exceptions import ValidationError

from luoshi.accounts.audit import record
from luoshi.accounts.models import SecurityEventKind
from luoshi.core.errors import Conflict, InvalidInput, NotFound, ServiceError
from luoshi.core.idempotency import claim_form
from luoshi.core.paginator import KeyPaginator
from luoshi.core.templating import options_html
from luoshi.core.trees import path_ids
from luoshi.core.views import require_perm
from luoshi.org.models import Person, Unit
from luoshi.org.scopes import ASSIGN, MANAGE, REVIEW, VIEW, WORK, Scope, person_of, unit_scope

from . import overview as overview_mod
from . import rollup, services
from .choices import EventKind, ExtensionStatus, Light, TaskLevel, TaskStatus
from .filters import ORDERING_LABELS, TaskFilter
from .forms import CloseForm, ExtensionForm, FeedbackForm, PartForm, ReasonForm, TaskForm, default_due
from .lights import light_note, light_q, with_lights
from .models import Attachment, DecisionPolicy, ExtensionRequest, Feedback, Task
from .queries import VisibleByDueDate, late_rows, visible_tasks
from .rules import awaiting_review_q, decidable_q
from .uploads import open_verified
from .visibility import may_see, visible_among

S = TaskStatus
# The ledger filter's lists of units and leaders: an organization change shows there within a minute.
CHOICES_SECONDS = 60
EVERY_TASK_COUNT = "luoshi:ledger-every-task-count"
RED_LISTED = 20


@require_perm("tasks.view_inbox")
def inbox(request: HttpRequest) -> HttpResponse:
    """What needs me now: one list per kind of action, nothing else."""
    user, person, today = request.user, person_of(request.user), timezone.localdate()
    # Every list is bounded by the user's rights to manage, approve or do; the rows picked are then held
    # to the visibility rule once, rather than the whole visible set resolved for each list.
    tasks = Task.objects.order_by("due_date", "id")
    nobody = Q(pk__in=[])
    mine = Q(owner=person) if person else nobody
    others_request = ~Q(close_requests__approved__isnull=True, close_requests__requested_by=person) if person else nobody
    awaiting_review = awaiting_review_q()
    sections = [
        ("acknowledge", "待签收", "交办给本科室的任务，请签收或退回",
         tasks.filter(unit_scope(user, MANAGE).q(), status=S.ASSIGNED)),
        ("report", "待复命", "3天内应报送或已逾期的进展报告", tasks.filter(
            unit_scope(user, WORK).q() | mine,
            status__in=[S.ACKNOWLEDGED, S.IN_PROGRESS], next_report_due__lte=today + dt.timedelta(days=3))),
        ("review", "待审核销号", "重点任务的销号申请，请审核佐证后报分管领导", tasks.filter(
            unit_scope(user, REVIEW).q() & ~mine & others_request & awaiting_review, status=S.CLOSE_REQUESTED)),
        ("approve", "待审批销号", "申请销号的任务，请审核佐证后销号或退回", tasks.filter(
            decidable_q(user) & others_request & ~awaiting_review, status=S.CLOSE_REQUESTED)),
        ("returned", "被退回", "您交办的任务被退回，请调整后重新交办", tasks.filter(created_by=user, status=S.RETURNED)),
        ("recheck", "回头看", "已销号任务到了回头看的日子", tasks.filter(
            Q(leader=person) | unit_scope(user, MANAGE).q() if person else nobody,
            status=S.CLOSED, recheck_on__lte=today)),
        ("draft", "待交办草稿", "您创建尚未交办的任务", tasks.filter(created_by=user, status=S.DRAFT)),
    ]
    ids = {key: list(qs.values_list("pk", flat=True)[:50]) for key, _, _, qs in sections}
    pending = (ExtensionRequest.objects.filter(status=ExtensionStatus.PENDING, task__in=Task.objects.filter(
        decidable_q(user), status__in=S.OPEN).values("pk")).exclude(requested_by=person)
        .select_related("task", "task__lead_unit", "requested_by") if person else ExtensionRequest.objects.none())
    extensions = list(pending[:50])
    listed = {pk for pks in ids.values() for pk in pks}
    seen = visible_among(user, listed | {extension.task_id for extension in extensions})
    rows = {row.pk: row for row in late_rows(sorted(listed & seen), today)}
    groups = [{"key": k, "title": t, "hint": h, "tasks": [rows[pk] for pk in ids[k] if pk in rows]}
              for k, t, h, _ in sections]
    extensions = [extension for extension in extensions if extension.task_id in seen]
    return render(request, "tasks/inbox.html", {
        "groups": groups, "extensions": extensions, "today": today,
        "total": sum(len(g["tasks"]) for g in groups) + len(extensions),
    })


def filtered_ledger(request: HttpRequest) -> tuple[TaskFilter, Any]:
    """The ledger's filtered tasks (the page, its print and its export), or None with a Chinese message
    when a parameter makes no sense."""
    data = request.GET.copy()
    data.setdefault("ordering", "due_date")
    filterset = TaskFilter(data, queryset=visible_tasks(request.user, data), request=request)
    try:
        if filterset.is_valid():
            return filterset, filterset.qs
    except ValidationError as exc:
        messages.error(request, f"筛选条件有误：{exc.detail}")
    else:
        messages.error(request, "筛选条件有误，请检查后重试")
    return filterset, None


@require_perm("tasks.view_ledger")
def ledger(request: HttpRequest) -> HttpResponse:
    filterset, queryset = filtered_ledger(request)
    queryset = Task.objects.none() if queryset is None else queryset
    source = VisibleByDueDate.for_list(request.user, request.GET) or queryset
    paginator, counted_at = KeyPaginator(source, 50), None
    if not isinstance(source, VisibleByDueDate) and not queryset.query.where:
        paginator.count, counted_at = _every_task_count()
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = late_rows(page.object_list, timezone.localdate())
    units, leaders = _filter_choices(unit_scope(request.user, VIEW))
    return render(request, "tasks/ledger.html", {
        "page": page, "filter": filterset, "statuses": TaskStatus.CHOICES, "lights": Light.CHOICES,
        "query": request.GET.urlencode(), "orderings": ORDERING_LABELS, "units": units, "leaders": leaders,
        "counted_at": counted_at, "under_label": under_label(filterset.data.get("under")),
    })


def under_label(under: str | None) -> str:
    """What the ``under`` filter (the overview's reach) names, for the page's summary line."""
    if not under:
        return ""
    if under == "all":
        return "查看范围内的全部单位"
    unit = Unit.objects.filter(pk=int(under)).first() if under.isdigit() else None
    return f"{unit.name}及下属单位" if unit else ""


def _every_task_count() -> tuple[int, dt.datetime]:
    """How many tasks there are, for a ledger of every task with no filter (the province head's as it
    opens): counted once a minute and shared, as the overview's counts are (counting 200,000 rows took
    PostgreSQL 9 ms, half the page); the page says when it was counted. Its rows are always live."""
    counted = cache.get(EVERY_TASK_COUNT)
    if counted is None:
        counted = (Task.objects.count(), timezone.now())
        cache.set(EVERY_TASK_COUNT, counted, CHOICES_SECONDS)
    return counted


def _filter_choices(visible: Scope) -> tuple[str, str]:
    """The ``<option>`` tags of the units and leaders the ledger's filter offers, units indented by level;
    shared for a minute per reach (a province's 1,465 units and their leaders took longer to read than
    the page's tasks)."""
    key = f"luoshi:ledger-choices:{visible.key}"
    choices = cache.get(key)
    if choices is None:
        units = Unit.objects.filter(is_active=True)
        leaders = Person.objects.filter(memberships__role__in=["head", "deputy"])
        if not visible.everything:
            units = units.filter(pk__in=sorted(visible.unit_ids))
            leaders = leaders.filter(Q(memberships__unit__in=sorted(visible.unit_ids))
                                     | Q(oversights__unit__in=sorted(visible.unit_ids)))
        choices = (options_html((pk, "\u3000" * Unit.depth_of(path) + name)
                                for pk, name, path in units.values_list("pk", "name", "tree_path")),
                   options_html(leaders.distinct().order_by("unit__tree_path", "pk").values_list("pk", "name")))
        cache.set(key, choices, CHOICES_SECONDS)
    return choices


def visible_task(request: HttpRequest, pk: int) -> Task:
    """The task with its light and names, or 404 for one the user may not see (as for one that is not)."""
    task = (with_lights(Task.objects.filter(pk=pk), timezone.localdate())
            .select_related("lead_unit", "owner", "leader", "directive").first())
    if task is None or not may_see(request.user, task):
        raise Http404("任务不存在或您无权访问")
    return task


def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = visible_task(request, pk)
    user = request.user
    # Everything below a task one may read is readable (the visibility rule reaches down), so the rows
    # need no visibility check of their own.
    below = dict(task.descendants().order_by("tree_path").values_list("pk", "tree_path"))
    subtree = late_rows(list(below), timezone.localdate())
    depth0 = task.tree_path.count("/")
    for sub in subtree:
        sub.indent = below[sub.pk].count("/") - depth0
    can = {name: user.has_perm(perm, task) for name, perm in {
        "assign": "tasks.assign_task", "acknowledge": "tasks.acknowledge_task", "report": "tasks.report_task",
        "decide": "tasks.decide_task", "review": "tasks.review_task", "return_close": "tasks.return_close",
        "cancel": "tasks.direct_task", "change": "tasks.change_task"}.items()}
    pending_extension = task.extensions.filter(status=ExtensionStatus.PENDING).select_related("requested_by").first()
    close_request = (task.close_requests.filter(approved__isnull=True).select_related("requested_by", "reviewed_by")
                     .prefetch_related("files").first())
    me = person_of(user)

    def by_others(request: Any) -> bool:
        return request is not None and (me is None or request.requested_by_id != me.pk)

    can.update(
        decide_extension=can["decide"] and by_others(pending_extension),
        review_close=can["review"] and by_others(close_request) and services.needs_review(task, close_request),
        approve_close=can["decide"] and services.close_refusal(task, close_request, user) is None,
        return_close=can["return_close"] and by_others(close_request),
    )
    return render(request, "tasks/task_detail.html", {
        "task": task, "subtree": subtree, "can": can, "events": _timeline(task),
        "ancestors": Task.objects.filter(pk__in=path_ids(task.tree_path)[:-1])
        .order_by("tree_path"),
        "co_units": task.co_units.all(), "pending_extension": pending_extension,
        "close_request": close_request, "close_needs_review": services.needs_review(task, close_request),
        # Several forms on one page: each its own id prefix, so labels point at their own inputs.
        "feedback_form": FeedbackForm(initial={"percent": task.progress}, auto_id="feedback_%s",
                                      derived_progress=task.progress if rollup.derives_progress(task) else None),
        "light_note": light_note(task, task.light, timezone.localdate()),
        "extension_form": ExtensionForm(auto_id="extension_%s"), "close_form": CloseForm(auto_id="close_%s"),
        "requirement": task.requirement, "today": timezone.localdate(), **_parts(task, user),
    })


def _parts(task: Task, user: Any) -> dict[str, Any]:
    """The co-units' parts (协办) and, for someone working in a co-unit, the form for their own part."""
    parts = services.parts_of(task)
    mine = services.reporting_units(user, task) if task.status in services.PART_REPORTING else []
    return {"parts": parts, "part_form": PartForm(units=mine, auto_id="part_%s") if mine else None}


def _timeline(task: Task) -> list[dict[str, Any]]:
    """The task's one trail, newest first: each event with what it changed and, for a 复命, its report and
    files. As values: 50 reports as objects with a prefetch manager each took longer than the whole page."""
    rows = list(task.events.order_by("-at", "-id").values(
        "kind", "at", "note", "changes", "feedback_id", actor_name=F("actor__person__name"),
        actor_username=F("actor__username")))
    reports = {row["id"]: row for row in Feedback.objects.filter(task=task).values(
        "id", "percent", "late", "period_due", "progress_text", "difficulties", "next_steps")}
    for report in reports.values():
        report["files"] = []
    for feedback_id, token, name in (Attachment.objects.filter(task=task, feedback__isnull=False)
                                     .order_by("pk").values_list("feedback_id", "token", "name")):
        if feedback_id in reports:
            reports[feedback_id]["files"].append({"token": token, "name": name})
    for row in rows:
        row["kind_label"], row["kind_color"] = EventKind.label(row["kind"]), EventKind.color(row["kind"])
        row["who"] = row["actor_name"] or row["actor_username"] or "系统"
        row["report"] = reports.get(row["feedback_id"])
        row["changes"] = row["changes"] if isinstance(row["changes"], list) else []
    return rows


@require_perm("tasks.add_task")
def task_create(request: HttpRequest) -> HttpResponse:
    parent = visible_task(request, int(request.GET["parent"])) if request.GET.get("parent", "").isdigit() else None
    initial = {"due_date": default_due()}
    if parent:
        initial.update(lead_unit=parent.lead_unit_id, leader=parent.leader_id or "", due_date=parent.due_date,
                       cadence=parent.cadence)
    form = TaskForm(request.POST or None, initial=initial, assigns_to=unit_scope(request.user, ASSIGN))
    if request.method == "POST" and form.is_valid():
        try:
            task = services.create_task(actor=request.user, parent=parent, co_units=form.co_units_selected(),
                                        **form.task_fields())
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "任务已创建（草稿），确认无误后请点击“交办”。")
            return redirect("tasks:detail", pk=task.pk)
    return render(request, "tasks/task_form.html", {"form": form, "parent": parent})


def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = visible_task(request, pk)
    if not request.user.has_perm("tasks.change_task", task):
        raise PermissionDenied("您不能修改这项任务：只有交办人、牵头单位负责人和分管领导可以修改")
    initial = {"title": task.title, "description": task.description, "lead_unit": task.lead_unit_id,
               "co_units": [str(u.pk) for u in task.co_units.all()], "owner": task.owner_id or "",
               "leader": task.leader_id or "", "start_date": task.start_date, "due_date": task.due_date,
               "cadence": task.cadence, "weight": task.weight, "finish_standard": task.finish_standard,
               "is_key": task.is_key}
    form = TaskForm(request.POST or None, initial=initial)
    if task.status != S.DRAFT:
        form.fields["due_date"].disabled = True
        form.fields["due_date"].help_text = "已交办的任务请通过“申请延期”调整时限"
    if request.method == "POST" and form.is_valid():
        fields = form.task_fields()
        if task.status != S.DRAFT:
            fields.pop("due_date")
        try:
            services.update_task(task, actor=request.user, co_units=form.co_units_selected(), **fields)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已保存修改。")
            return redirect("tasks:detail", pk=task.pk)
    return render(request, "tasks/task_form.html", {"form": form, "task": task})


def _with_form(form_class: type, call: Callable[..., Any]) -> Callable[[HttpRequest, Task], Any]:
    def run(request: HttpRequest, task: Task) -> Any:
        form = form_class(request.POST, request.FILES)
        if not form.is_valid():
            first = next(iter(form.errors.values()))[0]
            raise InvalidInput(f"填写有误：{first}")
        return call(request, task, form.cleaned_data)

    return run


ACTIONS: dict[str, tuple[Callable[[HttpRequest, Task], Any], str]] = {
    "assign": (lambda r, t: services.assign(t, actor=r.user), "已交办，牵头单位将收到通知。"),
    "acknowledge": (lambda r, t: services.acknowledge(t, actor=r.user), "已签收。"),
    "return": (_with_form(ReasonForm, lambda r, t, d: services.return_task(t, actor=r.user, reason=d["reason"])),
               "已退回交办人。"),
    "feedback": (_with_form(FeedbackForm, lambda r, t, d: services.submit_feedback(
        t, actor=r.user, progress_text=d["progress_text"], percent=d["percent"], difficulties=d["difficulties"],
        next_steps=d["next_steps"], files=d["files"])), "复命已报送。"),
    "request_extension": (_with_form(ExtensionForm, lambda r, t, d: services.request_extension(
        t, actor=r.user, new_due_date=d["new_due_date"], reason=d["reason"])), "延期申请已提交分管领导。"),
    "request_close": (_with_form(CloseForm, lambda r, t, d: services.request_close(
        t, actor=r.user, evidence_text=d["evidence_text"], files=d["files"], recheck_on=d["recheck_on"])),
        "销号申请已提交。"),
    "report_part": (_with_form(PartForm, lambda r, t, d: services.report_part(
        t, d["unit"], actor=r.user, progress_text=d["progress_text"], percent=d["percent"], done=d["done"])),
        "本单位承担部分的进展已报送，牵头单位将收到通知。"),
    "review_close": (lambda r, t: services.review_close(t, actor=r.user, note=r.POST.get("note", "")),
                     "已审核，销号申请已报分管领导审批。"),
    "approve_close": (lambda r, t: services.approve_close(t, actor=r.user, note=r.POST.get("note", "")), "已销号。"),
    "reject_close": (_with_form(ReasonForm, lambda r, t, d: services.reject_close(t, actor=r.user, reason=d["reason"])),
                     "已退回销号申请。"),
    "reopen": (_with_form(ReasonForm, lambda r, t, d: services.reopen(t, actor=r.user, reason=d["reason"])),
               "任务已重新打开。"),
    "cancel": (_with_form(ReasonForm, lambda r, t, d: services.cancel(t, actor=r.user, reason=d["reason"])),
               "任务已撤销。"),
}


@require_POST
def task_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Every button on the task page: the service decides; a refusal is a Chinese message and no change."""
    if action not in ACTIONS:
        raise Http404("未知的操作")
    task = visible_task(request, pk)
    call, done = ACTIONS[action]
    try:
        with transaction.atomic():
            if not claim_form(request.user, request.POST.get("form_key", ""), request.path):
                raise Conflict("这张表单已经提交过了（可能点了两次），没有重复处理。", "double_submit")
            call(request, task)
    except ServiceError as exc:
        if exc.status == 404:
            raise Http404(exc.message) from None
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("tasks:detail", pk=pk)


@require_POST
def extension_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    extension = ExtensionRequest.objects.restrict(request.user).filter(pk=pk).first()
    if extension is None or decision not in {"approve", "refuse"}:
        raise Http404("延期申请不存在或您无权访问")
    try:
        services.decide_extension(extension, actor=request.user, approve=decision == "approve",
                                  note=request.POST.get("reason", ""))
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已批准延期。" if decision == "approve" else "已答复：不批准延期。")
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("tasks:detail", pk=extension.task_id)


def download(request: HttpRequest, token: str) -> HttpResponse:
    """Only for those who may see the task; always a download, never rendered inline, never once changed."""
    attachment = Attachment.objects.filter(token=token).select_related("task").first()
    if attachment is None or not request.user.has_perm("tasks.view_task", attachment.task):
        raise Http404("文件不存在或您无权访问")
    try:
        handle = open_verified(attachment)
    except Conflict as exc:
        return render(request, "400.html", {"reason": exc.message}, status=exc.status)
    response = FileResponse(handle, as_attachment=True, filename=attachment.name,
                            content_type="application/octet-stream")
    record(SecurityEventKind.FILE_DOWNLOAD, actor=request.user, request=request, target=attachment.name,
           detail={"task": attachment.task_id, "attachment": attachment.pk})
    response["Content-Security-Policy"] = "sandbox"
    return response


@require_perm("tasks.view_overview")
def overview(request: HttpRequest) -> HttpResponse:
    """The leaders' view: lights by unit one level down (drill down with ?unit=), overdue work, timeliness."""
    today = timezone.localdate()
    root = request.GET.get("unit") or None
    try:
        if root is not None and not root.isdigit():
            raise NotFound("单位不存在或不在您的查看范围内")
        data = overview_mod.build(request.user, today, int(root) if root else None)
    except NotFound as error:
        raise Http404(str(error)) from None
    chart = {"units": [_row_label(row) for row in data.rows], "series": [
        {"name": Light.label(light), "light": light, "data": [row.counts[light] for row in data.rows]}
        for light in (Light.RED, Light.YELLOW, Light.GREEN)]}
    return render(request, "tasks/overview.html", {
        "data": data, "totals": data.totals(), "chart": chart, "today": today,
        "chart_height": max(260, 26 * len(data.rows) + 70),
        "red": late_rows(data.tasks().filter(light_q(Light.RED, today)).order_by("subtree_due_date", "id")[:RED_LISTED],
                         today),
        "reach": f"under={data.root.pk if data.root else 'all'}",
    })


def _row_label(row: overview_mod.Row) -> str:
    return f"{row.unit.display_name}（本级）" if row.own_only else row.unit.display_name


@require_perm("tasks.manage_policy")
def policy(request: HttpRequest) -> HttpResponse:
    """The system admin's page for who decides extensions and close-outs, per task level."""
    if request.method == "POST":
        try:
            with transaction.atomic():
                for level in TaskLevel.values():
                    services.set_decision_policy(
                        level, actor=request.user, section_head_decides=request.POST.get(f"{level}-decides") == "on",
                        section_head_reviews_close=request.POST.get(f"{level}-reviews") == "on")
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "审批规则已保存。")
            return redirect("tasks:policy")
    return render(request, "tasks/policy.html", {"policies": list(DecisionPolicy.current().values())})
