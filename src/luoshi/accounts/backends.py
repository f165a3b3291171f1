"""Password login without Django's model permissions: every right in luoshi comes from `rules`."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class PasswordBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        """The session's user with its Account in the same query: every request reads it."""
        user = get_user_model()._default_manager.select_related("account").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return False

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return False
