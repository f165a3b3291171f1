"""In-app notifications and the outbox: rows written in the same transaction as the change behind them."""
from __future__ import annotations

from django.conf import settings
from django.db import models

from .choices import DeliveryStatus, NotificationKind


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30, choices=NotificationKind.choices())
    task = models.ForeignKey("tasks.Task", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # The same reminder is never made twice: the tick names each one (kind, task, person, period).
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    @property
    def kind_label(self) -> str:
        return NotificationKind.label(self.kind)


class OutboxMessage(models.Model):
    """One message for one external channel, delivered by `luoshi tick` with retries and back-off."""

    notification = models.ForeignKey(Notification, null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="deliveries")
    channel = models.CharField(max_length=20)
    address = models.CharField(max_length=500, help_text="e-mail address or robot webhook name")
    subject = models.CharField(max_length=300)
    body = models.TextField()
    status = models.CharField(max_length=20, choices=DeliveryStatus.choices(), default=DeliveryStatus.PENDING,
                              db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
