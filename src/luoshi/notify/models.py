"""In-app notifications and the outbox: rows written in the same transaction as the change behind them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from .choices import Channel, DeliveryStatus, NotificationKind

LINK_LABELS = {"tasks": "查看任务", "problems": "查看问题", "meetings": "查看汇报", "assessment": "查看得分"}


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=NotificationKind.choices())
    task = models.ForeignKey("tasks.Task", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    # The page a notice about something other than a task opens (a problem, a meeting report, a score).
    url = models.CharField(max_length=200, blank=True)
    # Settable: a reminder the tick makes as of another day carries that day's moment.
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # The same reminder is never made twice: the tick names each one (kind, task, person, period).
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    @property
    def kind_label(self) -> str:
        return NotificationKind.label(self.kind)

    @property
    def kind_color(self) -> str:
        return NotificationKind.color(self.kind)

    @property
    def link(self) -> str:
        """The page the notice's button opens: its task's, or the page it names."""
        return f"/tasks/{self.task_id}/" if self.task_id else self.url

    @property
    def link_label(self) -> str:
        section = self.link.strip("/").split("/")[0]
        return LINK_LABELS.get(section, "查看")


class Robot(models.Model):
    """A DingTalk or WeCom group robot; one with no unit hears about every unit's tasks."""

    name = models.CharField("名称", max_length=60)
    channel = models.CharField("类型", max_length=20, choices=Channel.robot_choices())
    url = models.URLField("Webhook地址", max_length=500)
    secret = models.CharField(
        "加签密钥",
        max_length=200,
        blank=True,
        help_text="钉钉机器人“加签”安全设置的密钥（SEC开头）；企业微信不需要",
    )
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name="单位",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="只推送该单位牵头的任务；留空则推送全部",
    )
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = verbose_name_plural = "群机器人"

    def __str__(self) -> str:
        return self.name

    @property
    def channel_label(self) -> str:
        return Channel.label(self.channel)


class OutboxMessage(models.Model):
    """One message for one external channel, delivered by `luoshi tick` with retries and back-off.

    A non-urgent notification's row is ``held`` until the day's digest for its address takes it in
    (``merged``, with ``digest`` pointing at the one message that is actually sent).
    """

    notification = models.ForeignKey(
        Notification, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(max_length=20, choices=Channel.choices())
    address = models.CharField(max_length=500, help_text="e-mail address or robot webhook name")
    robot = models.ForeignKey(Robot, null=True, blank=True, on_delete=models.CASCADE, related_name="messages")
    subject = models.CharField(max_length=300)
    body = models.TextField()
    status = models.CharField(
        max_length=20, choices=DeliveryStatus.choices(), default=DeliveryStatus.PENDING, db_index=True
    )
    digest = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="parts")
    # One digest per address per day, however many ticks run at once.
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    @property
    def status_label(self) -> str:
        return DeliveryStatus.label(self.status)

    @property
    def status_color(self) -> str:
        return DeliveryStatus.color(self.status)

    @property
    def channel_label(self) -> str:
        return Channel.label(self.channel)

    @property
    def kind_label(self) -> str:
        """What the message is, never what it says: the send queue is the system admin's page, and the
        three administrators see no business data (a task's title is)."""
        return "每日提醒汇总" if self.notification is None else self.notification.kind_label
