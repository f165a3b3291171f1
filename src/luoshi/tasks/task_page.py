"""The task page and its buttons and forms: one trail, the parts (主办/协办), and forms that keep what was
typed — a refused form comes back with every field as typed, the error next to its field, left open."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from luoshi.core.errors import Forbidden, InvalidInput, ServiceError
from luoshi.core.forms import StyledForm
from luoshi.core.querysets import record_hidden
from luoshi.core.trees import path_ids
from luoshi.core.views import back, refused, submitted_once
from luoshi.org.models import Membership
from luoshi.org.scopes import person_of

from . import rollup, services
from .choices import EventKind, ExtensionStatus
from .forms import CloseForm, ExtensionForm, FeedbackForm, PartForm, ReasonForm
from .lights import light_note, with_lights
from .matters import matters_of
from .models import Attachment, CloseRequest, DecisionPolicy, ExtensionRequest, Feedback, Task
from .queries import late_rows, owner_words
from .recipients import leaders_of, unit_managers
from .visibility import may_see

# The feedback text a phone keeps as a draft (static luoshi/draft.js) until the report is in.
DRAFT_SENT = "luoshi:draft-sent"


def visible_task(request: HttpRequest, pk: int) -> Task:
    """The task with its light and names, or 404 for one the user may not see (as for one that is not)."""
    task = (
        with_lights(Task.objects.filter(pk=pk), timezone.localdate())
        .select_related("lead_unit", "owner", "leader", "directive")
        .first()
    )
    if task is None or not may_see(request.user, task):
        if task is not None:
            record_hidden(Task, request.user, "view", {"pk": task.pk}, request=request)
        raise Http404("任务不存在或您无权访问")
    return task


def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, visible_task(request, pk))


def _page(
    request: HttpRequest,
    task: Task,
    bound: StyledForm | None = None,
    opened: str = "",
    status: int = 200,
) -> HttpResponse:
    """The page; after a refusal, ``opened`` names what was refused and comes back open: ``bound``, the
    refused form shown as typed with its errors, or a button's text (``typed``, the POST) as typed. The
    status says why it was refused: 400 bad input, 403 no right, 409 the task's state (or a form sent
    twice)."""
    user = request.user
    # Everything below a task one may read is readable (the visibility rule reaches down), so the rows
    # need no visibility check of their own.
    below = dict(task.descendants().order_by("tree_path").values_list("pk", "tree_path"))
    subtree = late_rows(list(below), timezone.localdate())
    depth0 = task.tree_path.count("/")
    for sub in subtree:
        sub.indent = below[sub.pk].count("/") - depth0
    can = {
        name: user.has_perm(perm, task)
        for name, perm in {
            "assign": "tasks.assign_task",
            "acknowledge": "tasks.acknowledge_task",
            "report": "tasks.report_task",
            "decide": "tasks.decide_task",
            "review": "tasks.review_task",
            "return_close": "tasks.return_close",
            "cancel": "tasks.cancel_task",
            "reopen": "tasks.reopen_task",
            "change": "tasks.change_task",
            "urge": "tasks.urge_task",
            "recheck": "tasks.recheck_task",
        }.items()
    }
    pending_extension = (
        task.extensions.filter(status=ExtensionStatus.PENDING).select_related("requested_by").first()
    )
    close_request = (
        task.close_requests.filter(approved__isnull=True)
        .select_related("requested_by", "reviewed_by")
        .prefetch_related("files")
        .first()
    )
    me = person_of(user)

    def by_others(request: Any) -> bool:
        return request is not None and (me is None or request.requested_by_id != me.pk)

    can.update(
        decide_extension=can["decide"] and by_others(pending_extension),
        review_close=can["review"]
        and by_others(close_request)
        and services.needs_review(task, close_request),
        approve_close=can["decide"] and services.close_refusal(task, close_request, user) is None,
        return_close=can["return_close"] and by_others(close_request),
        withdraw_close=close_request is not None and not by_others(close_request),
        recheck=can["recheck"]
        and task.status == "closed"
        and task.recheck_on is not None
        and services.recheck_refusal(task, user, rebounded=False) is None,
    )
    forms = {form.name: form.build(request, task) for form in FORMS.values()}
    if bound is not None:
        forms[FORMS[opened].name] = bound
    # Who signs it off, for those who wait on it (the clerk who sees it and cannot sign it).
    acknowledgers = signers(task) if task.status == "assigned" and not can["acknowledge"] else []
    events = timeline(task)
    return render(
        request,
        "tasks/task_detail.html",
        {
            "task": task,
            "subtree": subtree,
            "can": can,
            "events": events,
            "owner": owner_label(task, events),
            "acknowledgers": acknowledgers,
            "leaders": leader_names(task),
            "ancestors": Task.objects.filter(pk__in=path_ids(task.tree_path)[:-1]).order_by("tree_path"),
            "co_units": task.co_units.all(),
            "pending_extension": pending_extension,
            "close_request": close_request,
            "close_needs_review": services.needs_review(task, close_request),
            "close_next": close_next(task, close_request),
            "extension_next": extension_next(task, pending_extension),
            "light_note": light_note(task, task.light, timezone.localdate()),  # type: ignore[attr-defined]  # with_lights
            "opened": opened,
            "typed": request.POST if opened else {},
            "draft_sent": request.session.pop(DRAFT_SENT, ""),
            "quote": source_quote(task),
            "matters": matters_of(user, task),
            "today": timezone.localdate(),
            "parts": services.parts_of(task),
            **forms,
        },
        status=status,
    )


def source_quote(task: Task) -> str:
    """The directive's words the task came from, or "" when they are the task's own content already shown
    as 任务内容 (an extracted task's description is its requirement's text: the same words twice)."""
    if task.requirement is None:
        return ""
    text = task.requirement.text
    return "" if "".join(text.split()) == "".join(task.description.split()) else text


def signers(task: Task) -> list[str]:
    """Who may sign off (签收) the task for its lead unit, by the rule that gives them the button: the
    unit's heads, and its staff too while the head lets them (Unit.staff_acknowledge)."""
    members = (
        [
            m.person.user
            for m in Membership.objects.filter(unit_id=task.lead_unit_id).select_related("person__user")
        ]
        if task.lead_unit.staff_acknowledge
        else []
    )
    users = dict.fromkeys([*unit_managers(task.lead_unit_id), *members])
    return names(u for u in users if u.has_perm("tasks.acknowledge_task", task))


def owner_label(task: Task, events: list[dict[str, Any]]) -> str:
    """The 责任人 (queries.owner_words), its latest 签收 read from the trail the page has already loaded."""
    signed = [e for e in events if e["kind"] == EventKind.ACKNOWLEDGED]
    signer = max(signed, key=lambda e: e["at"])["who"] if signed else None
    return owner_words(task.owner.name if task.owner is not None else None, task.status, signer) or "—"


def leader_names(task: Task) -> str:
    """The 分管领导 as the page names them: the task's own, or those in charge of its lead unit, who
    decide it when the task names none (recipients.leaders_of)."""
    if task.leader is not None:
        return task.leader.name
    found = names(leaders_of(task))
    return f"{'、'.join(found)}（按分管关系）" if found else "未设（本单位暂无分管领导）"


def names(users: Iterable[Any]) -> list[str]:
    return [person_of(u).name if person_of(u) else u.get_username() for u in users]


def close_next(task: Task, request: CloseRequest | None) -> dict[str, Any]:
    """Who acts next on a pending close-out, by the rules that give them its button: the lead unit's
    heads while it waits for their review, then its leader in charge (and the unit's heads where the
    审批规则 lets them decide) — never its requester, nor who assigned, created or owns the task."""
    if request is None:
        return {}
    if services.needs_review(task, request):
        heads = [
            u
            for u in unit_managers(task.lead_unit_id)
            if u.has_perm("tasks.review_task", task)
            and getattr(person_of(u), "pk", None) != request.requested_by_id
        ]
        return {"label": "待牵头单位负责人审核", "names": names(heads)}
    return _deciders(task, lambda u: services.close_refusal(task, request, u) is None)


def extension_next(task: Task, request: ExtensionRequest | None) -> dict[str, Any]:
    """Who may decide a pending extension, by the rules that give them its buttons: its requester and
    whoever may not decide the task wait on these names, as they do on a close-out's."""
    if request is None:
        return {}
    return _deciders(task, lambda u: getattr(person_of(u), "pk", None) != request.requested_by_id)


def _deciders(task: Task, may: Callable[[Any], bool]) -> dict[str, Any]:
    """The task's leaders in charge (and the lead unit's heads where the 审批规则 lets them decide) who
    hold the right to decide it and ``may`` decide this request."""
    leaders = leaders_of(task)
    others = unit_managers(task.lead_unit_id) if DecisionPolicy.for_task(task).section_head_decides else []
    deciders = [
        u for u in dict.fromkeys([*leaders, *others]) if u.has_perm("tasks.decide_task", task) and may(u)
    ]
    only_leaders = all(u in leaders for u in deciders)
    return {"label": "待分管领导审批" if only_leaders else "待审批", "names": names(deciders)}


def timeline(task: Task) -> list[dict[str, Any]]:
    """The task's one trail, newest first: each event with what it changed and, for a 复命, its report and
    files. As values: 50 reports as objects with a prefetch manager each took longer than the whole page."""
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in task.events.order_by("-at", "-id").values(
            "kind",
            "at",
            "note",
            "changes",
            "feedback_id",
            actor_name=F("actor__person__name"),
            actor_username=F("actor__username"),
        )
    ]
    reports: dict[int, dict[str, Any]] = {
        row["id"]: dict(row)
        for row in Feedback.objects.filter(task=task).values(
            "id", "percent", "late", "period_due", "progress_text", "difficulties", "next_steps"
        )
    }
    for report in reports.values():
        report["files"] = []
    for attachment in (
        Attachment.objects.filter(task=task, feedback__isnull=False)
        .order_by("pk")
        .only("feedback_id", "token", "name", "content_type")
    ):
        if attachment.feedback_id in reports:
            reports[attachment.feedback_id]["files"].append(attachment)
    for row in rows:
        row["kind_label"], row["kind_color"] = EventKind.label(row["kind"]), EventKind.color(row["kind"])
        row["who"] = row["actor_name"] or row["actor_username"] or "系统"
        row["report"] = reports.get(row["feedback_id"])
        row["changes"] = row["changes"] if isinstance(row["changes"], list) else []
    return rows


@dataclass(frozen=True)
class PageForm:
    """A form of the task page: how it is built (empty, or bound to what was sent), what it calls, and
    what the page says when it went through, and the card the page opens at then: a report lands where it
    is shown (on a phone the record is far below the form), so the sender sees it without scrolling."""

    name: str
    build: Callable[..., StyledForm | None]
    call: Callable[[HttpRequest, Task, dict[str, Any]], Any]
    done: str
    shown_at: str = ""


def _feedback_form(request: HttpRequest, task: Task, *data: Any) -> FeedbackForm:
    form = FeedbackForm(
        *data,
        initial={"percent": task.progress},
        auto_id="feedback_%s",
        derived_progress=task.progress if rollup.derives_progress(task) else None,
    )
    form.fields["progress_text"].widget.attrs["data-draft"] = f"feedback-{task.pk}"
    return form


def _part_form(request: HttpRequest, task: Task, *data: Any) -> PartForm | None:
    """For someone working in a co-unit, the form for their own part (协办); nobody else gets one."""
    mine = services.reporting_units(request.user, task) if task.status in services.PART_REPORTING else []
    return PartForm(*data, units=mine, auto_id="part_%s") if mine else None


FORMS: dict[str, PageForm] = {
    "feedback": PageForm(
        "feedback_form",
        _feedback_form,
        lambda r, t, d: services.submit_feedback(
            t,
            actor=r.user,
            progress_text=d["progress_text"],
            percent=d.get("percent"),
            difficulties=d["difficulties"],
            next_steps=d["next_steps"],
            files=d["files"],
        ),
        "复命已报送。",
        shown_at="timeline",
    ),
    "request_extension": PageForm(
        "extension_form",
        lambda r, t, *data: ExtensionForm(*data, auto_id="extension_%s"),
        lambda r, t, d: services.request_extension(
            t, actor=r.user, new_due_date=d["new_due_date"], reason=d["reason"]
        ),
        "延期申请已提交分管领导。",
    ),
    "request_close": PageForm(
        "close_form",
        lambda r, t, *data: CloseForm(*data, auto_id="close_%s"),
        lambda r, t, d: services.request_close(
            t, actor=r.user, evidence_text=d["evidence_text"], files=d["files"], recheck_on=d["recheck_on"]
        ),
        "销号申请已提交。",
    ),
    "report_part": PageForm(
        "part_form",
        _part_form,
        lambda r, t, d: services.report_part(
            t, d["unit"], actor=r.user, progress_text=d["progress_text"], percent=d["percent"], done=d["done"]
        ),
        "本单位承担部分的进展已报送，牵头单位将收到通知。",
        shown_at="parts",
    ),
}


def _with_reason(call: Callable[..., Any]) -> Callable[[HttpRequest, Task], Any]:
    def run(request: HttpRequest, task: Task) -> Any:
        form = ReasonForm(request.POST)
        if not form.is_valid():
            raise InvalidInput(f"填写有误：{next(iter(form.errors.values()))[0]}")
        return call(task, actor=request.user, reason=form.cleaned_data["reason"])

    return run


BUTTONS: dict[str, tuple[Callable[[HttpRequest, Task], Any], str]] = {
    "assign": (lambda r, t: services.assign(t, actor=r.user), "已交办，牵头单位将收到通知。"),
    "acknowledge": (lambda r, t: services.acknowledge(t, actor=r.user), "已签收：{title}"),
    "return": (_with_reason(services.return_task), "已退回交办人。"),
    "review_close": (
        lambda r, t: services.review_close(t, actor=r.user, note=r.POST.get("note", "")),
        "已审核，销号申请已报分管领导审批。",
    ),
    "approve_close": (
        lambda r, t: services.approve_close(t, actor=r.user, note=r.POST.get("note", "")),
        "已销号。",
    ),
    "reject_close": (_with_reason(services.reject_close), "已退回销号申请。"),
    "withdraw_close": (lambda r, t: services.withdraw_close(t, actor=r.user), "已撤回销号申请。"),
    "reopen": (_with_reason(services.reopen), "任务已重新打开。"),
    "cancel": (_with_reason(services.cancel), "任务已撤销。"),
    "recheck": (
        lambda r, t: services.recheck_task(
            t, actor=r.user, rebounded=r.POST.get("result") == "rebounded", note=r.POST.get("note", "")
        ),
        "回头看结果已记录。",
    ),
    "urge": (lambda r, t: services.urge_task(t, actor=r.user, message=r.POST.get("message", "")), "已催办。"),
}


@require_POST
def task_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Every button and form on the task page: the service decides; a refusal changes nothing, and a form
    comes back as typed with the error next to its field."""
    if action not in BUTTONS and action not in FORMS:
        raise Http404("未知的操作")
    task = visible_task(request, pk)
    if action in FORMS:
        return _submit(request, task, action)
    call, done = BUTTONS[action]
    try:
        with transaction.atomic():
            submitted_once(request)
            call(request, task)
    except ServiceError as exc:
        if exc.code == "due_required" and request.user.has_perm("tasks.change_task", task):
            return _fill_due_first(request, task)
        return _refused(request, task, exc, action)
    # Named, since a button pressed in 我的待办 comes back to a list of other tasks.
    messages.success(request, done.format(title=task.title))
    return back(request, "tasks:detail", pk)


def _fill_due_first(request: HttpRequest, task: Task) -> HttpResponse:
    """A draft assigned without a deadline: lead to the field that is missing (the edit form, by a
    redirect so a reload does not send the button again) rather than leave the refusal on a page that has
    no way to fill it."""
    messages.error(request, "交办前请先填写完成时限：请在下面的“完成时限”中填写并保存，再回到任务页交办。")
    return redirect("tasks:edit", pk=task.pk)


def _refused(
    request: HttpRequest, task: Task, exc: ServiceError, opened: str, bound: StyledForm | None = None
) -> HttpResponse:
    """The page again with the refusal above it (or beside its field), what was typed kept, answering the
    refusal's own status (``core.views.refused``)."""
    status = refused(request, exc, bound)
    return _page(request, visible_task(request, task.pk), bound=bound, opened=opened, status=status)


def _submit(request: HttpRequest, task: Task, action: str) -> HttpResponse:
    page_form = FORMS[action]
    form = page_form.build(request, task, request.POST, request.FILES)
    if form is None:
        refusal = Forbidden("您不是这项任务配合单位的人员，不能报送协办进展。", "not_co_unit")
        return _refused(request, task, refusal, action)
    if not form.is_valid():
        return _page(request, task, bound=form, opened=action, status=400)
    try:
        with transaction.atomic():
            submitted_once(request)
            page_form.call(request, task, form.cleaned_data)
    except ServiceError as exc:
        return _refused(request, task, exc, action, bound=form)
    messages.success(request, page_form.done)
    if action == "feedback":
        request.session[DRAFT_SENT] = f"feedback-{task.pk}"
    target = reverse("tasks:detail", args=[task.pk])
    return redirect(f"{target}#{page_form.shown_at}" if page_form.shown_at else target)


@require_POST
def extension_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    extension = ExtensionRequest.objects.restrict(request.user).filter(pk=pk).first()
    if extension is None or decision not in {"approve", "refuse"}:
        raise Http404("延期申请不存在或您无权访问")
    try:
        services.decide_extension(
            extension, actor=request.user, approve=decision == "approve", note=request.POST.get("reason", "")
        )
    except ServiceError as exc:
        return _refused(request, extension.task, exc, f"{decision}_extension")
    messages.success(request, "已批准延期。" if decision == "approve" else "已答复：不批准延期。")
    return back(request, "tasks:detail", extension.task_id)
