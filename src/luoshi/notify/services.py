"""Writing notifications: always inside the caller's transaction, so a rolled-back change notifies nobody."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction

from .models import Notification


def notify(recipients: Iterable[Any], kind: str, *, title: str, task: Any = None, body: str = "",
           dedupe_key: str | None = None) -> list[Notification]:
    """One in-app notification per recipient (deduplicated by key); external channels follow from it."""
    created = []
    for user in {u.pk: u for u in recipients if u is not None}.values():
        key = f"{dedupe_key}:{user.pk}" if dedupe_key else None
        if key and Notification.objects.filter(dedupe_key=key).exists():
            continue
        try:
            with transaction.atomic():
                created.append(Notification.objects.create(recipient=user, kind=kind, task=task, title=title[:300],
                                                           body=body, dedupe_key=key))
        except IntegrityError:  # a concurrent tick made the same reminder first
            continue
    return created
