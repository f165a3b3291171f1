from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from .choices import ChoiceSet


class Flag(models.Model):
    """A fact about this installation, such as "the demo data was loaded here"."""

    DEMO = "demo"

    key = models.CharField(max_length=50, unique=True)
    value = models.JSONField(default=dict, blank=True)
    set_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.key

    @classmethod
    def is_set(cls, key: str) -> bool:
        return cls.objects.filter(key=key).exists()


class IdempotencyKey(models.Model):
    """The first answer to a request sent with an ``Idempotency-Key`` header (luoshi.core.idempotency).

    A row is reserved (``status`` null) before the request runs and completed with its answer; the
    unique constraint makes two identical requests arriving at once run the work only once.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(null=True)
    body = models.JSONField(null=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="unique_idempotency_key_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} [{self.key}]"


class TrailEvent(models.Model):
    """One step of an object's trail (全程留痕): who did what, when, and what it changed. ``changes`` is a
    list of ``{"field", "label", "old", "new"}`` with the values as a reader says them (core.trail); a
    detail that is not a field's change has an empty ``field`` and no ``old``.

    A concrete trail names the object it follows, gives ``kind`` its app's choices and names those
    choices as ``kinds``, for the label and colour a timeline shows."""

    kinds: ClassVar[type[ChoiceSet]]

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=30)
    note = models.TextField(blank=True)
    changes = models.JSONField(default=list, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    @property
    def kind_label(self) -> str:
        return self.kinds.label(self.kind)

    @property
    def kind_color(self) -> str:
        return self.kinds.color(self.kind)
