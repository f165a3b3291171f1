"""Permission checks for services, refusing with a Chinese message.

The refusal is written to the audit log at the edge (middleware, API exception handler), outside
the service's transaction, which rolls back everything inside it.
"""

from __future__ import annotations

from typing import Any

from .errors import Forbidden


def require(
    user: Any, perm: str, obj: Any = None, message: str = "您没有执行此操作的权限", code: str | None = None
) -> None:
    """Refuse with ``message`` (and the machine ``code`` a client may act on) unless ``user`` holds
    ``perm``, on ``obj`` when given."""
    if user is not None and user.is_authenticated and user.has_perm(perm, obj):
        return
    raise Forbidden(message, code)


def attribute_history(actor: Any, *objects: Any, reason: str | None = None) -> None:
    """simple_history takes the author from the request; the CLI and the tick have none, so say it.
    ``reason`` is the change reason the next save records."""
    for obj in objects:
        obj._history_user = actor if getattr(actor, "is_authenticated", False) else None
        if reason is not None:
            obj._change_reason = reason
