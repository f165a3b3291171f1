"""Pages of the execution loop: 我的待办, 任务台账, the task form, the leaders' overview (the task page
itself: task_page.py; its files: files.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import rules
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Field, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from luoshi.core.errors import InvalidInput, NotFound, ServiceError
from luoshi.core.filters import filtered_or_error, whole_number
from luoshi.core.inbox import entries_for
from luoshi.core.paginator import KeyPaginator
from luoshi.core.templating import options_html
from luoshi.core.views import require_perm
from luoshi.org.choices import Role
from luoshi.org.models import Membership, Person, Unit, display_name
from luoshi.org.scopes import APPROVE, ASSIGN, MANAGE, REVIEW, VIEW, Scope, person_of, unit_scope

from . import overview as overview_mod
from . import services
from .choices import ExtensionStatus, Light, TaskStatus
from .eligibility import co_unit_reach, owner_reach
from .filters import ORDERING_LABELS, OWED_WORDS, TaskFilter, report_chips, source_chip, without
from .forms import TaskForm, default_due
from .lights import light_q
from .models import CloseRequest, DecisionPolicy, ExtensionRequest, ReminderPolicy, Task
from .queries import VisibleByDueDate, late_rows, visible_tasks
from .rules import approvable_close_q, awaiting_review_q, decidable_q, sent_back_q
from .task_page import visible_task
from .visibility import visible_among

S = TaskStatus
# The ledger filter's lists of units and leaders: an organization change shows there within a minute.
CHOICES_SECONDS = 60
EVERY_TASK_COUNT = "luoshi:ledger-every-task-count"
RED_LISTED = 20
# The ledger's filter fields: the phone's folded filter says how many are set.
FILTER_FIELDS = ("q", "lead_unit", "leader", "status", "light", "due_after", "due_before", "is_key")


@require_perm("tasks.view_inbox")
def inbox(request: HttpRequest) -> HttpResponse:
    """What needs me now: one list per kind of action, nothing else."""
    user, person, today = request.user, person_of(request.user), timezone.localdate()
    # Every list is bounded by the user's rights to manage, approve or do; the rows picked are then held
    # to the visibility rule once, rather than the whole visible set resolved for each list.
    tasks = Task.objects.order_by("due_date", "id")
    nobody = Q(pk__in=[])
    mine = Q(owner=person) if person else nobody
    others_request = (
        ~Q(close_requests__approved__isnull=True, close_requests__requested_by=person) if person else nobody
    )
    awaiting_review = awaiting_review_q()
    # Read first, a handful of ids: PostgreSQL plans an OR with an IN (subquery) as a scan of every task.
    my_units = (
        list(
            Membership.objects.filter(person=person)
            .exclude(role=Role.INSPECTOR)
            .values_list("unit_id", flat=True)
        )
        if person
        else []
    )
    sections = [
        # The units one heads oneself or is staff of: a head above signs off nothing for the sections
        # below. Staff sign only where the head lets them; elsewhere the row says it waits for the head.
        (
            "acknowledge",
            "待签收",
            "交办给本单位的任务，请签收或退回",
            tasks.filter(
                lead_unit__in=Membership.objects.filter(
                    person=person, role__in=[Role.HEAD, Role.SECTION_HEAD, Role.STAFF]
                ).values("unit_id"),
                status=S.ASSIGNED,
            )
            if person
            else tasks.none(),
        ),
        # The units one belongs to, not every unit below: a 部长 reports for the department, sections
        # for themselves.
        (
            "sent_back",
            "销号被退回",
            "销号申请被退回，请按退回理由补充后重新复命或申请销号",
            tasks.filter(Q(lead_unit__in=my_units) | mine).filter(sent_back_q()),
        ),
        (
            "report",
            "待复命",
            "3天内应报送或已逾期的进展报告",
            tasks.filter(
                Q(lead_unit__in=my_units) | mine,
                status__in=[S.ACKNOWLEDGED, S.IN_PROGRESS],
                next_report_due__lte=today + dt.timedelta(days=3),
            ).exclude(sent_back_q()),
        ),
        (
            "review",
            "待审核销号",
            "重点任务的销号申请，请审核佐证后报分管领导",
            tasks.filter(
                unit_scope(user, REVIEW).q() & ~mine & others_request & awaiting_review,
                status=S.CLOSE_REQUESTED,
            ),
        ),
        (
            "approve",
            "待审批销号",
            "申请销号的任务，请审核佐证后销号或退回",
            tasks.filter(approvable_close_q(user), status=S.CLOSE_REQUESTED),
        ),
        (
            "returned",
            "被退回",
            "您交办的任务被退回，请调整后重新交办",
            tasks.filter(created_by=user, status=S.RETURNED),
        ),
        (
            "recheck",
            "回头看",
            "已销号任务到了回头看的日子",
            tasks.filter(
                unit_scope(user, MANAGE).q() | unit_scope(user, APPROVE).q() if person else nobody,
                status=S.CLOSED,
                recheck_on__lte=today,
            ),
        ),
        ("draft", "待交办草稿", "您创建尚未交办的任务", tasks.filter(created_by=user, status=S.DRAFT)),
    ]
    ids = {key: list(qs.values_list("pk", flat=True)[:50]) for key, _, _, qs in sections}
    pending = (
        ExtensionRequest.objects.filter(
            status=ExtensionStatus.PENDING,
            task__in=Task.objects.filter(decidable_q(user), status__in=S.OPEN).values("pk"),
        )
        .exclude(requested_by=person)
        .select_related("task", "task__lead_unit", "requested_by")
        if person
        else ExtensionRequest.objects.none()
    )
    extensions = list(pending[:50])
    listed = {pk for pks in ids.values() for pk in pks}
    seen = visible_among(user, listed | {extension.task_id for extension in extensions})
    rows = {row.pk: row for row in late_rows(sorted(listed & seen), today)}
    groups = [
        {"key": k, "title": t, "hint": h, "tasks": [rows[pk] for pk in ids[k] if pk in rows]}
        for k, t, h, _ in sections
    ]
    extensions = [extension for extension in extensions if extension.task_id in seen]
    others = entries_for(user, today)  # what the other apps have waiting on the user (core.inbox)
    return render(
        request,
        "tasks/inbox.html",
        {
            "groups": groups,
            "extensions": extensions,
            # Where the user signs off (tasks.rules: heads_the_lead_unit | signs_for_lead_unit).
            "signs_for": set(
                Membership.objects.filter(
                    Q(role__in=[Role.HEAD, Role.SECTION_HEAD])
                    | Q(role=Role.STAFF, unit__staff_acknowledge=True),
                    person=person,
                ).values_list("unit_id", flat=True)
            )
            if person
            else set(),
            "others": others,
            # Why each close-out was sent back, the latest refusal's reason, on the row itself.
            "reasons": dict(
                CloseRequest.objects.filter(task__in=ids["sent_back"], approved=False)
                .order_by("decided_at", "pk")
                .values_list("task_id", "decision_note")
            ),
            "today": today,
            "total": sum(len(g["tasks"]) for g in groups) + len(extensions) + sum(e.count for e in others),
        },
    )


def ledger_filter(request: HttpRequest) -> tuple[TaskFilter, Any, str]:
    """The ledger's filtered tasks as ``request.user`` sees them (the page, its print, its export and an
    export job), or None with a Chinese message when a parameter makes no sense."""
    data = request.GET.copy()
    data.setdefault("ordering", "due_date")
    filterset = TaskFilter(data, queryset=visible_tasks(request.user, data), request=request)
    queryset, error = filtered_or_error(filterset)
    return filterset, queryset, error


def filtered_ledger(request: HttpRequest) -> tuple[TaskFilter, Any]:
    """The ledger's filtered tasks, or None with the message on the page."""
    filterset, queryset, error = ledger_filter(request)
    if error:
        messages.error(request, error)
    return filterset, queryset


@require_perm("tasks.view_ledger")
def ledger(request: HttpRequest) -> HttpResponse:
    filterset, queryset = filtered_ledger(request)
    queryset = Task.objects.none() if queryset is None else queryset
    source = VisibleByDueDate.for_list(request.user, request.GET) or queryset
    paginator, counted_at = KeyPaginator(source, 50), None
    if not isinstance(source, VisibleByDueDate) and not queryset.query.where:
        paginator.count, counted_at = _every_task_count()
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = late_rows(list(page.object_list), timezone.localdate())  # the page's keys
    units, leaders = _filter_choices(request.user)
    # The batch buttons a user may press for some task of the page: the rules read a row as a task.
    batch = {
        action: any(rules.has_perm(f"tasks.{action}_task", request.user, task) for task in page.object_list)
        for action in ("assign", "urge")
    }
    return render(
        request,
        "tasks/ledger.html",
        {
            "page": page,
            "filter": filterset,
            "statuses": TaskStatus.CHOICES,
            "lights": Light.CHOICES,
            "query": request.GET.urlencode(),
            "orderings": ORDERING_LABELS,
            "units": units,
            "leaders": leaders,
            "counted_at": counted_at,
            "under_label": overview_mod.reach_words(request.user, filterset.data.get("under")),
            "under_off": without(request, "under"),
            "closed_off": without(request, "closed_after"),
            "owed_off": without(request, "report_owed"),
            "owed_words": OWED_WORDS,
            "report_chips": report_chips(request, filterset),
            "source": source_chip(request),
            "batch": batch,
            "filters_set": sum(1 for name in FILTER_FIELDS if filterset.data.get(name)),
            "may_create": may_create(request.user),
        },
    )


def _every_task_count() -> tuple[int, dt.datetime]:
    """How many tasks there are, for a ledger of every task with no filter (the province head's as it
    opens): counted once a minute and shared, as the overview's counts are (counting 200,000 rows took
    PostgreSQL 9 ms, half the page); the page says when it was counted. Its rows are always live."""
    counted = cache.get(EVERY_TASK_COUNT)
    if counted is None:
        counted = (Task.objects.count(), timezone.now())
        cache.set(EVERY_TASK_COUNT, counted, CHOICES_SECONDS)
    return counted


def _filter_choices(user: Any) -> tuple[str, str]:
    """The ``<option>`` tags of the lead units and leaders of the tasks ``user`` sees (the visibility
    rule, ``Task.objects.restrict``), so a task listed — one the office gave another unit, one the reader
    co-operates on — can be filtered for; units indented by level. Two queries however many tasks; shared
    for a minute by those who see every task, kept a minute per reader otherwise (a province's 1,465
    units and their leaders took longer to read than the page's tasks)."""
    everything = unit_scope(user, VIEW).everything
    key = f"luoshi:ledger-choices:{'everything' if everything else f'user-{user.pk}'}"
    choices = cache.get(key)
    if choices is None:
        seen = Task.objects.restrict(user, VIEW).order_by()
        units = Unit.objects.filter(pk__in=seen.values("lead_unit_id"))
        leaders = Person.objects.filter(pk__in=seen.filter(leader__isnull=False).values("leader_id"))
        choices = (
            options_html(
                (pk, "\u3000" * Unit.depth_of(path) + display_name(name, short))
                for pk, name, short, path in units.order_by("tree_path").values_list(
                    "pk", "name", "short_name", "tree_path"
                )
            ),
            options_html(leaders.order_by("unit__tree_path", "pk").values_list("pk", "name")),
        )
        cache.set(key, choices, CHOICES_SECONDS)
    return choices


def may_create(user: Any) -> bool:
    """Whether 新建任务 leads anywhere: a task needs a lead unit one may assign to, and a read-only role
    (the 督查员) has none, so the form's 牵头单位 list would be empty."""
    assigns = unit_scope(user, ASSIGN)
    return user.has_perm("tasks.add_task") and (assigns.everything or bool(assigns.unit_ids))


@require_perm("tasks.add_task")
def task_create(request: HttpRequest) -> HttpResponse:
    parent_id = whole_number(request.GET.get("parent"))
    parent = visible_task(request, parent_id) if parent_id else None
    initial: dict[str, Any] = {"due_date": default_due()}
    if parent:
        initial.update(
            lead_unit=parent.lead_unit_id,
            leader=parent.leader_id or "",
            due_date=parent.due_date,
            cadence=parent.cadence,
        )
    form = TaskForm(
        request.POST or None,
        initial=initial,
        assigns_to=unit_scope(request.user, ASSIGN),
        picks_from=owner_reach(request.user),
        co_units_from=co_unit_reach(request.user),
    )
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            task = services.create_task(
                actor=request.user, parent=parent, co_units=form.co_units_selected(), **form.task_fields()
            )
        except ServiceError as exc:
            form.add_service_error(exc, request)
            status = exc.status
        else:
            messages.success(request, "任务已创建（草稿），确认无误后请点击“交办”。")
            return redirect("tasks:detail", pk=task.pk)
    return render(request, "tasks/task_form.html", {"form": form, "parent": parent}, status=status)


def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = visible_task(request, pk)
    if not request.user.has_perm("tasks.change_task", task):
        raise PermissionDenied("您不能修改这项任务：只有交办人、牵头单位负责人和分管领导可以修改")
    initial = {
        "title": task.title,
        "description": task.description,
        "lead_unit": task.lead_unit_id,
        "co_units": [str(u.pk) for u in task.co_units.all()],
        "owner": task.owner_id,
        "leader": task.leader_id or "",
        "start_date": task.start_date,
        "due_date": task.due_date,
        "cadence": task.cadence,
        "weight": task.weight,
        "finish_standard": task.finish_standard,
        "is_key": task.is_key,
    }
    assigns = unit_scope(request.user, ASSIGN)
    # The leaders offered: those of the task's own lead unit and of the units the editor hands work to.
    leads = assigns if assigns.everything else Scope(unit_ids=assigns.unit_ids | {task.lead_unit_id})
    form = TaskForm(
        request.POST or None,
        initial=initial,
        leaders_for=leads,
        picks_from=owner_reach(request.user),
        co_units_from=co_unit_reach(request.user),
    )
    if task.status != S.DRAFT:
        # Not disabled: a changed date must come back refused with the way to an extension, never dropped.
        form.fields["due_date"].help_text = "已交办的任务请通过“申请延期”调整时限"
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        fields = form.task_fields()
        try:
            services.update_task(task, actor=request.user, co_units=form.co_units_selected(), **fields)
        except ServiceError as exc:
            form.add_service_error(exc, request)
            status = exc.status
        else:
            messages.success(request, "已保存修改。")
            return redirect("tasks:detail", pk=task.pk)
    return render(request, "tasks/task_form.html", {"form": form, "task": task}, status=status)


@require_perm("tasks.view_overview")
def overview(request: HttpRequest) -> HttpResponse:
    """The leaders' view: lights by unit one level down (drill down with ?unit=), overdue work, timeliness."""
    today = timezone.localdate()
    typed = request.GET.get("unit") or None
    root = whole_number(typed)
    try:
        if typed is not None and root is None:
            raise NotFound("单位不存在或不在您的查看范围内")
        data = overview_mod.build(request.user, today, root)
    except NotFound as error:
        raise Http404(str(error)) from None
    chart = {
        "units": [_row_label(row) for row in data.rows],
        "series": [
            {"name": Light.label(light), "light": light, "data": [row.counts[light] for row in data.rows]}
            for light in (Light.RED, Light.YELLOW, Light.GREEN)
        ],
    }
    return render(
        request,
        "tasks/overview.html",
        {
            "data": data,
            "totals": data.totals(),
            "chart": chart,
            "today": today,
            "chart_height": max(260, 26 * len(data.rows) + 70),
            "red": late_rows(
                data.tasks()
                .filter(light_q(Light.RED, today))
                .order_by("subtree_due_date", "id")[:RED_LISTED],
                today,
            ),
            "reach": f"under={data.root.pk if data.root else 'all'}",
            "reach_words": overview_mod.reach_words(request.user, str(data.root.pk) if data.root else "all"),
        },
    )


def _row_label(row: overview_mod.Row) -> str:
    return f"{row.unit.display_name}（本级）" if row.own_only else row.unit.display_name


@require_perm("tasks.manage_policy")
def policy(request: HttpRequest) -> HttpResponse:
    """The system admin's page for who decides extensions and close-outs, per task level. A refusal
    answers its own status (403, 409, …) with its message, the switches as they were ticked."""
    policies, status = DecisionPolicy.current(), 200
    if request.method == "POST":
        for level, shown in policies.items():  # fresh, unsaved copies: what was ticked, shown again
            shown.section_head_decides = request.POST.get(f"{level}-decides") == "on"
            shown.section_head_reviews_close = request.POST.get(f"{level}-reviews") == "on"
        try:
            with transaction.atomic():
                for level, ticked in policies.items():
                    services.set_decision_policy(
                        level,
                        actor=request.user,
                        section_head_decides=ticked.section_head_decides,
                        section_head_reviews_close=ticked.section_head_reviews_close,
                    )
        except ServiceError as exc:
            messages.error(request, exc.message)
            status = exc.status
        else:
            messages.success(request, "审批规则已保存。")
            return redirect("tasks:policy")
    return render(request, "tasks/policy.html", {"policies": list(policies.values())}, status=status)


def _policy_label(name: str) -> str:
    field = ReminderPolicy._meta.get_field(name)
    if not isinstance(field, Field):
        raise TypeError(f"ReminderPolicy.{name} is not a field of its own")
    return str(field.verbose_name)


@require_perm("tasks.manage_policy")
def reminder_policy(request: HttpRequest) -> HttpResponse:
    """The system admin's 提醒规则: the tick's thresholds in working days; a refusal keeps what was typed."""
    from .services.policy import REMINDER_LIMITS

    policy, typed, errors, status = ReminderPolicy.current(), {}, {}, 200
    if request.method == "POST":
        typed = {name: request.POST.get(name, "").strip() for name in REMINDER_LIMITS}
        try:
            days = {}
            for name, text in typed.items():
                number = whole_number(text)
                if number is None:
                    label = _policy_label(name)
                    raise InvalidInput(f"“{label}”请填写整数", "not_a_number", errors={name: ["请填写整数"]})
                days[name] = number
            services.set_reminder_policy(actor=request.user, **days)
        except ServiceError as exc:
            messages.error(request, exc.message)
            errors, status = exc.errors, exc.status
        else:
            messages.success(request, "提醒规则已保存。")
            return redirect("tasks:reminder_policy")
    fields = [
        {
            "name": name,
            "label": _policy_label(name),
            "low": low,
            "high": high,
            "unit": "天" if name == "recheck_days" else "个工作日",
            "value": typed.get(name, getattr(policy, name)),
            "error": (errors.get(name) or [""])[0],
        }
        for name, (low, high) in REMINDER_LIMITS.items()
    ]
    return render(
        request,
        "tasks/reminder_policy.html",
        {"fields": fields, "saved": policy.pk is not None},
        status=status,
    )
