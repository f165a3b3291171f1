from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone


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
