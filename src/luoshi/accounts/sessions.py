"""The database session engine with the user on each row (Django's documented way to extend it)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DBStore

from luoshi.core.filters import whole_number


class SessionStore(DBStore):
    @classmethod
    def get_model_class(cls) -> Any:
        from .models import UserSession

        return UserSession

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        instance: Any = super().create_model_instance(data)
        user_id = data.get(SESSION_KEY)
        instance.user_id = whole_number(user_id)
        return instance
