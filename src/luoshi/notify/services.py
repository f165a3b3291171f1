"""Writing notifications and their outbox rows, always inside the caller's transaction, and delivering them.

A rolled-back change notifies nobody; a committed one has its e-mail and robot messages waiting in
the outbox. Delivery (``deliver``) runs after commit, one message per short transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from luoshi.core.chunks import BULK_BATCH, in_slices
from luoshi.core.errors import NotFound
from luoshi.core.guards import require

from . import channels
from .choices import Channel, DeliveryStatus, NotificationKind
from .models import Notification, OutboxMessage, Robot

if TYPE_CHECKING:
    from luoshi.org.models import RightsProposal

log = logging.getLogger(__name__)
D = DeliveryStatus
# A claimed message is someone's for this long; a tick that dies mid-send hands it back after it.
LEASE = dt.timedelta(minutes=2)
ROBOTS_ARE_ADMINS = "只有系统管理员可以配置群机器人"


def notify(
    recipients: Iterable[Any],
    kind: str,
    *,
    title: str,
    task: Any = None,
    body: str = "",
    url: str = "",
    dedupe_key: str | None = None,
) -> list[Notification]:
    """One in-app notification per recipient (deduplicated by key), with its outbox rows. ``url``: the page
    a notice about something other than a task opens (a task's notice opens the task)."""
    created = []
    for user in {u.pk: u for u in recipients if u is not None}.values():
        key = f"{dedupe_key}:{user.pk}" if dedupe_key else None
        if key and Notification.objects.filter(dedupe_key=key).exists():
            continue
        try:
            with transaction.atomic():
                created.append(
                    Notification.objects.create(
                        recipient=user,
                        kind=kind,
                        task=task,
                        title=title[:300],
                        body=body,
                        url=url,
                        dedupe_key=key,
                    )
                )
        except IntegrityError:  # a concurrent tick made the same reminder first
            continue
    queue_deliveries(created)
    return created


def _link(notification: Notification) -> str:
    return f"{settings.LUOSHI_BASE_URL}{notification.link}" if notification.link else ""


def _email_text(notification: Notification) -> str:
    lines = [f"【{notification.kind_label}】{notification.title}"]
    if notification.body:
        lines.append(notification.body)
    if settings.LUOSHI_BASE_URL and notification.link:
        lines.append(f"查看：{_link(notification)}")
    return "\n".join(lines)


def _robot_line(notification: Notification, name: str) -> str:
    title = channels.markdown_plain(notification.title)
    if settings.LUOSHI_BASE_URL and notification.link:
        title = f"[{title}]({_link(notification)})"
    return f"- **{channels.markdown_plain(name)}** 【{notification.kind_label}】{title}"


def queue_deliveries(notifications: Sequence[Notification]) -> list[OutboxMessage]:
    """E-mail (when SMTP is configured and the person has an address) and robot rows for new notifications.

    Urgent ones (督办) are pending at once; the rest are held for the day's digest, so no one
    is reminded more than once a day.
    Two queries whatever the number of notifications: robots, and the recipients' names.
    """
    if not notifications:
        return []
    from luoshi.org.models import Person

    robots = list(Robot.objects.filter(is_active=True).exclude(url=""))  # "": waiting for approval
    names = (
        {
            user_id: name
            for part in in_slices(
                Person.objects.all(), "user_id", sorted({n.recipient_id for n in notifications})
            )
            for user_id, name in part.values_list("user_id", "name")
        }
        if robots
        else {}
    )
    now = timezone.now()
    rows = []
    for n in notifications:
        urgent = n.kind in NotificationKind.URGENT
        common = {
            "notification": n,
            "status": D.PENDING if urgent else D.HELD,
            "next_attempt_at": now if urgent else None,
        }
        if settings.LUOSHI_SMTP_HOST and n.recipient.email:
            rows.append(
                OutboxMessage(
                    channel=Channel.EMAIL,
                    address=n.recipient.email,
                    subject=n.title,
                    body=_email_text(n),
                    **common,
                )
            )
        task = n.task  # no query when the notification concerns no task
        lead_unit_id = task.lead_unit_id if task is not None else None
        for robot in robots:
            if robot.unit_id is None or robot.unit_id == lead_unit_id:
                rows.append(
                    OutboxMessage(
                        channel=robot.channel,
                        address=robot.name,
                        robot=robot,
                        subject=n.title,
                        body=_robot_line(n, names.get(n.recipient_id, "")),
                        **common,
                    )
                )
    return OutboxMessage.objects.bulk_create(rows, batch_size=BULK_BATCH)


def make_digests(day: dt.date) -> int:
    """Fold each address's held rows into one message for ``day`` — at most one per address per day.

    Runs under the tick's lock; the unique key makes a second digest for the same day impossible anyway.
    """
    held = list(OutboxMessage.objects.filter(status=D.HELD).select_related("notification").order_by("id"))
    groups: dict[str, list[OutboxMessage]] = defaultdict(list)
    for row in held:
        target = (
            f"robot{row.robot_id}"
            if row.robot_id
            else hashlib.sha1(row.address.lower().encode(), usedforsecurity=False).hexdigest()[:20]
        )
        groups[f"digest:{day.isoformat()}:{row.channel}:{target}"].append(row)
    done = {
        key
        for part in in_slices(OutboxMessage.objects.all(), "dedupe_key", groups)
        for key in part.values_list("dedupe_key", flat=True)
    }
    now = timezone.now()
    digests, parts_of = [], []
    for key, parts in groups.items():
        if key in done:  # today's digest went out already; these wait for tomorrow's
            continue
        first = parts[0]
        subject = (
            f"【落实】今日提醒：{first.subject}" if len(parts) == 1 else f"【落实】今日提醒 {len(parts)} 项"
        )
        joiner = "\n\n" if first.channel == Channel.EMAIL else "\n"
        body = joiner.join(p.body for p in parts)
        if first.channel == Channel.EMAIL:
            body = (
                f"您好，以下是{day.month}月{day.day}日的待办提醒：\n\n{body}\n\n"
                "——落实系统（本邮件每天最多一封）"
            )
        digests.append(
            OutboxMessage(
                channel=first.channel,
                address=first.address,
                robot_id=first.robot_id,
                subject=subject[:300],
                body=body,
                dedupe_key=key,
                next_attempt_at=now,
            )
        )
        parts_of.append(parts)
    OutboxMessage.objects.bulk_create(digests, batch_size=BULK_BATCH)
    merged = []
    for digest, parts in zip(digests, parts_of):
        for part in parts:
            part.status, part.digest = D.MERGED, digest
            merged.append(part)
    OutboxMessage.objects.bulk_update(merged, ["status", "digest"], batch_size=BULK_BATCH)
    return len(digests)


@dataclass
class Delivery:
    sent: int = 0
    failed: int = 0
    retrying: int = 0


def backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4 … minutes after the 1st, 2nd, 3rd … failure, capped."""
    return dt.timedelta(minutes=min(2 ** max(attempts - 1, 0), settings.LUOSHI_OUTBOX_MAX_BACKOFF_MINUTES))


def _claim(now: dt.datetime) -> OutboxMessage | None:
    """Take one due message in a short transaction: SKIP LOCKED on PostgreSQL, the write lock on SQLite."""
    with transaction.atomic():
        due = (
            OutboxMessage.objects.filter(status=D.PENDING)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .order_by("id")
        )
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True, of=("self",))
        message = due.select_related("robot").first()
        if message is None:
            return None
        message.attempts += 1
        message.next_attempt_at = now + LEASE
        message.save(update_fields=["attempts", "next_attempt_at"])
        return message


def deliver(now: dt.datetime | None = None, limit: int = 1000) -> Delivery:
    """Send what is due; a failure waits 1, 2, 4 … minutes, and is ``failed`` after the last attempt."""
    result = Delivery()
    for _ in range(limit):
        at = now or timezone.now()
        message = _claim(at)
        if message is None:
            break
        try:
            channels.send(message)
        except channels.DeliveryError as exc:
            error = str(exc)[:2000]
            log.warning(
                "outbox %s (%s → %s) attempt %s failed: %s",
                message.pk,
                message.channel,
                message.address,
                message.attempts,
                error,
            )
            if message.attempts >= settings.LUOSHI_OUTBOX_MAX_ATTEMPTS:
                OutboxMessage.objects.filter(pk=message.pk).update(
                    status=D.FAILED, last_error=error, next_attempt_at=None
                )
                result.failed += 1
            else:
                OutboxMessage.objects.filter(pk=message.pk).update(
                    last_error=error, next_attempt_at=at + backoff(message.attempts)
                )
                result.retrying += 1
        else:
            OutboxMessage.objects.filter(pk=message.pk).update(
                status=D.SENT, sent_at=timezone.now(), next_attempt_at=None, last_error=""
            )
            result.sent += 1
    return result


@transaction.atomic
def retry(message_id: int, *, actor: Any) -> OutboxMessage:
    """The admin sends a failed (or waiting) message again, with a fresh set of attempts."""
    require(actor, "notify.manage_channels")
    message = (
        OutboxMessage.objects.select_for_update()
        .filter(pk=message_id, status__in=[D.FAILED, D.PENDING])
        .first()
    )
    if message is None:
        raise NotFound("消息不存在或无需重发")
    message.status, message.attempts, message.next_attempt_at = D.PENDING, 0, timezone.now()
    message.save(update_fields=["status", "attempts", "next_attempt_at"])
    return message


def settle(task: Any, kinds: Sequence[str]) -> int:
    """Mark done (read, for everyone) the notifications of ``kinds`` about ``task``: once a request is
    decided, its 延期申请 / 销号申请 notices are no longer anyone's to act on."""
    return Notification.objects.filter(task=task, kind__in=kinds, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def mark_read(user: Any, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications read (someone else's id is simply not found), or all of them."""
    mine = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        if not Notification.objects.filter(recipient=user, pk=notification_id).exists():
            raise NotFound("通知不存在或您无权访问")
        mine = mine.filter(pk=notification_id)
    return mine.update(read_at=timezone.now())


@transaction.atomic
def save_robot(*, actor: Any, robot: Robot) -> RightsProposal | None:
    """Robots are the system admin's, but where they send is the security admin's to approve: the robot
    is saved with the address it had (none when new) and ``robot.url`` becomes the proposal returned,
    None when the address stays (org.services.addresses)."""
    from luoshi.org.services.addresses import propose_robot_address

    require(actor, "notify.manage_channels", message=ROBOTS_ARE_ADMINS)
    url = robot.url
    robot.url = Robot.objects.filter(pk=robot.pk).values_list("url", flat=True).first() or ""
    robot.save()
    return propose_robot_address(robot, url, actor=actor)


def delete_robot(robot: Robot, *, actor: Any) -> None:
    require(actor, "notify.manage_channels", message=ROBOTS_ARE_ADMINS)
    robot.delete()


def send_test(robot: Robot, *, actor: Any) -> None:
    """Send one message straight away, so the admin sees at once whether the URL and secret work."""
    require(actor, "notify.manage_channels", message=ROBOTS_ARE_ADMINS)
    text = f"【落实】测试消息：群机器人“{robot.name}”配置成功。{timezone.localtime():%Y-%m-%d %H:%M}"
    channels.send_robot(robot, "落实测试消息", text)
