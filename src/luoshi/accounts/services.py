"""Account actions a user takes on their own account, and API tokens."""
from __future__ import annotations

from typing import Any

from django.contrib.auth import update_session_auth_hash
from django.db import transaction
from rest_framework.authtoken.models import Token

from luoshi.core.errors import Forbidden, InvalidInput
from luoshi.org.models import Person
from luoshi.org.scopes import person_of

from .audit import record
from .models import SecurityEventKind


@transaction.atomic
def change_password(user: Any, *, old_password: str, new_password: str, request: Any = None) -> None:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    if not user.check_password(old_password):
        raise InvalidInput("原密码不正确", "wrong_password")
    if old_password == new_password:
        raise InvalidInput("新密码不能与原密码相同", "same_password")
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise InvalidInput("；".join(exc.messages), "weak_password") from None
    user.set_password(new_password)
    user.save(update_fields=["password"])
    Person.objects.filter(user=user).update(must_change_password=False)
    if request is not None:
        update_session_auth_hash(request, user)
    record(SecurityEventKind.PASSWORD_CHANGED, actor=user, request=request)


@transaction.atomic
def issue_token(user: Any, *, actor: Any = None, request: Any = None) -> str:
    """One token per account; issuing it again returns the same key (API clients keep working)."""
    if not user.is_active:
        raise Forbidden("账号已停用", "inactive")
    person = person_of(user)
    if person is not None and person.must_change_password:
        raise Forbidden("首次登录须先在网页上修改密码，之后才能使用API", "password_change_required")
    token, created = Token.objects.get_or_create(user=user)
    if created:
        record(SecurityEventKind.TOKEN_CREATED, actor=actor or user, target=user.get_username(), request=request)
    return token.key


@transaction.atomic
def token_login(user: Any, *, request: Any) -> str:
    """A password exchanged for a token is a login like the page's, and goes in the audit log as one."""
    key = issue_token(user, request=request)
    record(SecurityEventKind.LOGIN, actor=user, request=request, detail={"via": "api"})
    return key


@transaction.atomic
def unlock_account(username: str, *, actor: Any, request: Any = None) -> str:
    from axes.utils import reset as axes_reset

    from luoshi.core.guards import require

    require(actor, "accounts.unlock_account")
    axes_reset(username=username)
    record(SecurityEventKind.UNLOCKED, actor=actor, target=username, request=request)
    return username
