"""Password rules of 等保 2.0 level 3 (身份鉴别), as Django password validators.

Django runs every validator on each password set through ``validate_password`` (password change,
admin reset, account creation, `luoshi createadmin`), and calls ``password_changed`` after each save,
which is where the history of recent passwords is kept.
"""

from __future__ import annotations

import string
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError


class MinimumLength(MinimumLengthValidator):
    """Django's Chinese catalogue misses this plural form; say it plainly."""

    def get_error_message(self) -> str:
        return f"密码太短，至少需要{self.min_length}个字符。"

    def get_help_text(self) -> str:
        return f"密码至少需要{self.min_length}个字符。"


CLASSES = (
    ("小写字母", lambda ch: ch in string.ascii_lowercase),
    ("大写字母", lambda ch: ch in string.ascii_uppercase),
    ("数字", lambda ch: ch in string.digits),
    ("符号", lambda ch: not ch.isalnum()),
)


class CharacterClasses:
    """At least ``min_classes`` of lower case, upper case, digits and symbols (Chinese counts as none)."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        present = sum(any(test(ch) for ch in password) for _, test in CLASSES)
        if present < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return f"密码须包含小写字母、大写字母、数字、符号中的至少{self.min_classes}类。"


class NotContainingUsername:
    """The account name is the first thing an attacker tries, in any case."""

    def validate(self, password: str, user: Any = None) -> None:
        username = (user.get_username() if user is not None else "").strip().lower()
        if username and username in password.lower():
            raise ValidationError("密码不能包含账号名。", code="password_contains_username")

    def get_help_text(self) -> str:
        return "密码不能包含账号名。"


def demo_mode() -> bool:
    """The installation holds the demo (`luoshi demo` loaded it), whose password is published."""
    from luoshi.core.models import Flag

    return Flag.is_set(Flag.DEMO)


class NotDemoPassword:
    """The demo password is printed in the README and on the demo's login page."""

    def validate(self, password: str, user: Any = None) -> None:
        if settings.LUOSHI_DEMO_PASSWORD.lower() in password.lower() and not demo_mode():
            raise ValidationError("不能使用演示系统的公开密码。", code="password_is_demo")

    def get_help_text(self) -> str:
        return "不能使用演示系统的公开密码。"


class NotRecentPassword:
    """None of the account's last ``count`` passwords; their hashes are kept when a password is saved."""

    def __init__(self, count: int = 5):
        self.count = count

    def validate(self, password: str, user: Any = None) -> None:
        from .models import PasswordHistory

        if user is None or user.pk is None:
            return
        recent = PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[: self.count]
        if any(check_password(password, encoded) for encoded in recent):
            raise ValidationError(f"不能与最近{self.count}次使用过的密码相同。", code="password_reused")

    def password_changed(self, password: str, user: Any = None) -> None:
        from .models import PasswordHistory

        if user is None or user.pk is None:
            return
        PasswordHistory.objects.create(user=user, password=user.password)
        stale = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[self.count :]
        PasswordHistory.objects.filter(pk__in=list(stale)).delete()

    def get_help_text(self) -> str:
        return f"不能与最近{self.count}次使用过的密码相同。"
