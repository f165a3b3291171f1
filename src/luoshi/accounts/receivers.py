"""What a login and a lockout do to an account besides the audit row (audit.py writes that)."""

from __future__ import annotations

import time
from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save
from django.dispatch import receiver

AUTH_AT = "_auth_at"


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def _open_account(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    """Every user has an Account, however the user was made (services, createsuperuser, fixtures)."""
    from .models import Account

    if created and not raw:
        Account.objects.get_or_create(user=instance)


@receiver(user_logged_in)
def _stamp_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """The start of the session's absolute lifetime, and the password age check (expired: forced change)."""
    from .services import force_change_if_expired

    session = getattr(request, "session", None)
    if session is not None and session.get(SESSION_KEY) == str(user.pk):
        session[AUTH_AT] = int(time.time())
    force_change_if_expired(user, request=request)


@receiver(user_locked_out)
def _revoke_on_lockout(sender: Any, request: Any, username: str | None = None, **kwargs: Any) -> None:
    """Whoever was guessing may already be in: a lock ends the account's sessions and tokens too."""
    from .services import revoke_access

    user = get_user_model().objects.filter(username=username or "").first()
    if user is not None:
        revoke_access(user, reason="locked_out", request=request)
