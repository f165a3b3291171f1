from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def unread(request: HttpRequest) -> dict[str, Any]:
    """The bell's count: one COUNT, and only on pages that show the bell."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from .models import Notification

    return {
        "unread_count": SimpleLazyObject(
            lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        )
    }
