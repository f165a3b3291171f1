"""月例会 pages: the meetings, a meeting with each section's report status and its decisions, a section's
report (written, submitted) with the leaders' comments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from luoshi.core.errors import ServiceError
from luoshi.core.querysets import get_visible_or_404
from luoshi.core.views import require_perm
from luoshi.tasks.models import Task

from . import services
from .choices import ReportStatus
from .forms import CommentForm, DecisionsForm, MeetingForm, ReportForm
from .ledger import month_figures, summary_text
from .models import Comment, Meeting, MeetingEvent, UnitReport


def _meeting_form(request: HttpRequest, data: Any = None) -> MeetingForm | None:
    """The form to hold the next meeting, for those who may (their department's sections listed)."""
    departments = services.departments_for(request.user)
    if not departments:
        return None
    department = departments[0]
    sections = services.sections_of(department)
    today = timezone.localdate()
    held = set(Meeting.objects.filter(department=department).values_list("month", flat=True))
    month, held_on = today.replace(day=1), today + dt.timedelta(days=7)
    if month in held:  # this month's is held: offer the next one, in its first week
        month = (month + dt.timedelta(days=32)).replace(day=1)
        held_on = month + dt.timedelta(days=6)
    initial = {
        "month": month,
        "held_on": held_on,
        "report_due": held_on - dt.timedelta(days=2),
        "units": [u.pk for u in sections],
    }
    return MeetingForm(data, initial=initial, sections=sections, department=department)


def listed_meetings(user: Any) -> QuerySet[Meeting]:
    """The meetings ``user`` may see, newest month first, each with its sections' reports counted (all,
    submitted, submitted late): the list page and its export."""
    return (
        Meeting.objects.restrict(user)
        .select_related("department")
        .annotate(
            report_count=Count("reports"),
            submitted_count=Count("reports", filter=Q(reports__status=ReportStatus.SUBMITTED)),
            late_count=Count("reports", filter=Q(reports__is_late=True)),
        )
        .order_by("-month", "-id")
    )


def _list_page(request: HttpRequest, form: MeetingForm | None, status: int = 200) -> HttpResponse:
    meetings = listed_meetings(request.user)
    return render(request, "meetings/list.html", {"meetings": meetings, "form": form}, status=status)


@require_perm("meetings.view_meeting")
def meeting_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, _meeting_form(request))


@require_POST
@require_perm("meetings.view_meeting")
def meeting_create(request: HttpRequest) -> HttpResponse:
    form = _meeting_form(request, request.POST)
    if form is None:
        raise PermissionDenied("您无权召开月例会")
    if form.is_valid():
        data = form.cleaned_data
        department = form.department
        chosen = set(data["units"])
        try:
            meeting = services.create_meeting(
                actor=request.user,
                department=department,
                month=data["month"],
                held_on=data["held_on"],
                report_due=data["report_due"],
                title=data["title"],
                units=[u for u in services.sections_of(department) if u.pk in chosen],
            )
        except ServiceError as exc:
            form.add_service_error(exc, request)
        else:
            messages.success(request, f"已建立{meeting.title}，各科室可以填写汇报。")
            return redirect("meetings:detail", pk=meeting.pk)
    return _list_page(request, form, status=400)


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    return get_visible_or_404(
        Meeting.objects.select_related("department", "directive", "indicator"), request.user, "view", pk=pk
    )


def _meeting_page(
    request: HttpRequest, meeting: Meeting, decisions: DecisionsForm | None = None, status: int = 200
) -> HttpResponse:
    reports = list(meeting.reports.select_related("unit", "submitted_by"))
    readable = set(
        UnitReport.objects.restrict(request.user).filter(meeting=meeting).values_list("pk", flat=True)
    )
    comments: dict[int, int] = {}
    mine: set[int] = set()
    for report_id, leader_user in Comment.objects.filter(report__meeting=meeting).values_list(
        "report_id", "leader__user_id"
    ):
        comments[report_id] = comments.get(report_id, 0) + 1
        if leader_user == request.user.pk:
            mine.add(report_id)
    to_write = {
        r.pk
        for r in reports
        if not r.is_submitted
        and not meeting.is_closed
        and r.pk in readable
        and request.user.has_perm("meetings.edit_report", r)
    }
    awaiting = {
        r.pk
        for r in reports
        if r.is_submitted
        and not meeting.is_closed
        and r.pk in readable
        and r.pk not in mine
        and request.user.has_perm("meetings.comment_report", r)
    }
    # The decisions are everyone's reading, their tasks are not: a task the reader may not open is counted,
    # never named (as on the directive's page).
    made = (
        Task.objects.filter(directive_id=meeting.directive_id)
        if meeting.directive_id
        else Task.objects.none()
    )
    tasks = list(made.restrict(request.user).select_related("lead_unit").order_by("pk"))
    tasks_hidden = made.count() - len(tasks)
    return render(
        request,
        "meetings/meeting.html",
        {
            "meeting": meeting,
            "reports": reports,
            "readable": readable,
            "comments": comments,
            "awaiting": awaiting,
            "to_write": to_write,
            "submitted": sum(r.is_submitted for r in reports),
            "tasks": tasks,
            "outlook": services.score_outlook(meeting),
            "tasks_hidden": tasks_hidden,
            "decisions": decisions or DecisionsForm(),
            "may_manage": request.user.has_perm("meetings.manage_meeting", meeting),
            "events": MeetingEvent.objects.restrict(request.user)
            .filter(meeting=meeting)
            .select_related("actor__person", "report__unit")
            .order_by("-at", "-id")[:50],
        },
        status=status,
    )


@require_perm("meetings.view_meeting")
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_page(request, _meeting(request, pk))


@require_POST
@require_perm("meetings.view_meeting")
def meeting_decisions(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    form = DecisionsForm(request.POST)
    form.is_valid()
    try:
        directive = services.enter_decisions(
            meeting, actor=request.user, text=form.cleaned_data.get("text", "")
        )
    except ServiceError as exc:
        form.add_service_error(exc, request)
        return _meeting_page(request, meeting, decisions=form, status=exc.status)
    messages.success(request, "议定事项已录入并分解，请逐条确认牵头科室和时限后转为任务并交办。")
    return redirect("directives:detail", pk=directive.pk)


@require_POST
@require_perm("meetings.view_meeting")
def meeting_close(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    try:
        services.close_meeting(meeting, actor=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return _meeting_page(request, meeting, status=exc.status)
    messages.success(request, "会议已结束，汇报已归档；领导仍可点评。")
    return redirect("meetings:detail", pk=meeting.pk)


def _report(request: HttpRequest, pk: int) -> UnitReport:
    return get_visible_or_404(
        UnitReport.objects.select_related("meeting__department", "unit", "submitted_by", "updated_by"),
        request.user,
        "view",
        pk=pk,
    )


def _report_page(
    request: HttpRequest,
    report: UnitReport,
    form: ReportForm | None = None,
    comment: CommentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    meeting = report.meeting
    may_submit = request.user.has_perm("meetings.submit_report", report)
    revising = may_submit and services.resubmittable(report)
    editable = (
        (not report.is_submitted or revising)
        and not meeting.is_closed
        and request.user.has_perm("meetings.edit_report", report)
    )
    figures = (
        month_figures(report.unit_id, meeting.month)
        if (editable and not revising) or not report.is_submitted
        else None
    )
    if form is None:
        initial = {"summary": report.summary, "thinking": report.thinking, "plans": report.plans}
        if editable and not report.summary and figures is not None:
            initial["summary"] = summary_text(figures)
        form = ReportForm(initial=initial)
    rubric = services.rubric_of(meeting)
    comments = list(report.comments.select_related("leader", "judgement"))
    return render(
        request,
        "meetings/report.html",
        {
            "report": report,
            "meeting": meeting,
            "today": timezone.localdate(),
            "form": form,
            "editable": editable,
            "may_submit": editable and may_submit,
            "revising": revising,
            "figures": figures,
            "comments": comments,
            "comment": comment or CommentForm(rubric=rubric),
            "rubric": rubric,
            "outlook": services.score_outlook(meeting),
            "may_comment": report.is_submitted
            and not meeting.is_closed
            and request.user.has_perm("meetings.comment_report", report)
            and not any(c.leader.user_id == request.user.pk for c in comments),
        },
        status=status,
    )


@require_perm("meetings.view_meeting")
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _report_page(request, _report(request, pk))


@require_POST
@require_perm("meetings.view_meeting")
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    form = ReportForm(request.POST)
    form.is_valid()
    submit, again = "submit" in request.POST, report.is_submitted
    try:
        if submit:
            services.submit_report(report, actor=request.user, **form.cleaned_data)
        else:
            services.save_report(report, actor=request.user, **form.cleaned_data)
    except ServiceError as exc:
        form.add_service_error(exc, request)
        report.refresh_from_db()
        return _report_page(request, report, form=form, status=exc.status)
    report.refresh_from_db()
    if submit and again:
        messages.success(request, "汇报已修改并重新报送。")
    elif submit:
        late = "（已过截止日期，标注为逾期提交）" if report.is_late else ""
        messages.success(request, f"汇报已报送{late}，等待领导点评。")
    else:
        messages.success(request, "草稿已保存，本单位负责人确认后报送。")
    return redirect("meetings:report", pk=report.pk)


@require_POST
@require_perm("meetings.view_meeting")
def report_comment(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    form = CommentForm(request.POST, rubric=services.rubric_of(report.meeting))
    form.is_valid()
    try:
        made = services.comment_report(
            report,
            actor=request.user,
            aspects=form.cleaned_data.get("aspects", []),
            level=form.cleaned_data.get("level", ""),
            text=form.cleaned_data.get("text", ""),
            promised=bool(request.POST.get("promised")),
        )
    except ServiceError as exc:
        form.add_service_error(exc, request)
        return _report_page(request, report, comment=form, status=exc.status)
    messages.success(request, f"点评已保存。{made.score_note}")
    return redirect("meetings:report", pk=report.pk)
