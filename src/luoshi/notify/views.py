"""The bell's page for every business user; robots and the outbox for the system admin."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from luoshi.core.errors import NotFound, ServiceError
from luoshi.core.views import require_perm

from . import channels, services
from .choices import DeliveryStatus
from .forms import RobotForm
from .models import Notification, OutboxMessage, Robot

VIEW, MANAGE = "notify.view_notifications", "notify.manage_channels"


@require_perm(VIEW)
def inbox(request: HttpRequest) -> HttpResponse:
    """Unread first, then newest; two queries for a page (the bell's count is the third)."""
    mine = Notification.objects.filter(recipient_id=request.user.pk).select_related("task")
    mine = mine.order_by(F("read_at").asc(nulls_first=True), "-created_at", "-id")
    page = Paginator(mine, 30).get_page(request.GET.get("page"))
    return render(request, "notify/inbox.html", {"page": page})


@require_perm(VIEW)
@require_POST
def read(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.mark_read(request.user, pk)
    except NotFound:
        raise Http404("通知不存在或您无权访问") from None
    note = Notification.objects.only("task_id", "url").get(pk=pk)
    if request.POST.get("open") and note.link:
        return redirect(note.link)
    return redirect("notify:inbox")


@require_perm(VIEW)
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    count = services.mark_read(request.user)
    messages.success(request, f"已将{count}条通知标为已读" if count else "没有未读通知")
    return redirect("notify:inbox")


def _robot_page(
    request: HttpRequest, form: RobotForm, editing: Robot | None = None, status: int = 200
) -> HttpResponse:
    robots = Robot.objects.select_related("unit").annotate(
        failed=Count("messages", filter=Q(messages__status=DeliveryStatus.FAILED)),
        pending=Count("messages", filter=Q(messages__status=DeliveryStatus.PENDING)),
    )
    return render(
        request, "notify/robots.html", {"robots": robots, "form": form, "editing": editing}, status=status
    )


@require_perm(MANAGE)
def robots(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """List and add robots; with a pk, edit one."""
    editing = get_object_or_404(Robot, pk=pk) if pk else None
    if request.method != "POST":
        return _robot_page(request, RobotForm(instance=editing), editing)
    form = RobotForm(request.POST, instance=editing)
    if not form.is_valid():
        return _robot_page(request, form, editing, status=400)
    robot = form.save(commit=False)
    try:
        proposal = services.save_robot(actor=request.user, robot=robot)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return _robot_page(request, form, editing, status=409)
    if proposal is None:
        messages.success(request, f"已保存群机器人“{robot.name}”。可点“发送测试”检查配置。")
    else:
        messages.success(
            request, f"已保存群机器人“{robot.name}”。Webhook地址已提交，待安全管理员批准后生效。"
        )
    return redirect("notify:robots")


@require_perm(MANAGE)
@require_POST
def robot_test(request: HttpRequest, pk: int) -> HttpResponse:
    robot = get_object_or_404(Robot, pk=pk)
    try:
        services.send_test(robot, actor=request.user)
    except channels.DeliveryError as exc:
        messages.error(request, f"“{robot.name}”测试发送失败：{exc}")
    else:
        messages.success(request, f"已向“{robot.name}”发送测试消息，请在群里查看")
    return redirect("notify:robots")


@require_perm(MANAGE)
@require_POST
def robot_delete(request: HttpRequest, pk: int) -> HttpResponse:
    robot = get_object_or_404(Robot, pk=pk)
    services.delete_robot(robot, actor=request.user)
    messages.success(request, f"已删除群机器人“{robot.name}”及其待发消息")
    return redirect("notify:robots")


OUTBOX_FILTERS = [
    ("problems", "待发送与失败"),
    (DeliveryStatus.FAILED, "发送失败"),
    (DeliveryStatus.PENDING, "待发送"),
    (DeliveryStatus.HELD, "待汇总"),
    (DeliveryStatus.SENT, "已发送"),
]


@require_perm(MANAGE)
def outbox(request: HttpRequest) -> HttpResponse:
    """What is waiting or failed, with the error, so the admin can fix the SMTP or robot settings."""
    shown = request.GET.get("status") or "problems"
    if shown not in dict(OUTBOX_FILTERS):
        shown = "problems"
    rows = OutboxMessage.objects.select_related("robot", "notification")
    rows = (
        rows.filter(status__in=[DeliveryStatus.FAILED, DeliveryStatus.PENDING])
        if shown == "problems"
        else rows.filter(status=shown)
    )
    counts = dict(OutboxMessage.objects.values_list("status").annotate(n=Count("id")).order_by())
    page = Paginator(rows.order_by("-id"), 50).get_page(request.GET.get("page"))
    filters = [
        {
            "value": value,
            "label": label,
            "active": value == shown,
            "count": (
                counts.get(DeliveryStatus.FAILED, 0) + counts.get(DeliveryStatus.PENDING, 0)
                if value == "problems"
                else counts.get(value, 0)
            ),
        }
        for value, label in OUTBOX_FILTERS
    ]
    return render(request, "notify/outbox.html", {"page": page, "filters": filters, "shown": shown})


@require_perm(MANAGE)
@require_POST
def outbox_retry(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.retry(pk, actor=request.user)
    except NotFound as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已重新排队，下一次提醒任务（最多几分钟）会再发送")
    shown = request.POST.get("status", "")
    query = f"?status={shown}" if shown in dict(OUTBOX_FILTERS) else ""
    return redirect(reverse("notify:outbox") + query)
