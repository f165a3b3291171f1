from __future__ import annotations

from django.db import models


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
