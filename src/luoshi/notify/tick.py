"""`luoshi tick`: run the planners (each app's reminders), make the day's digests, deliver the outbox,
then tidy up (expired idempotency keys, uploaded files whose transaction rolled back).

Safe to run from several processes or instances at once: the planning transaction is serialized
(an advisory lock on PostgreSQL, the IMMEDIATE write lock on SQLite) and every reminder and digest
has a unique key; delivery claims one message at a time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from luoshi.core.dbstats import optimize
from luoshi.core.idempotency import purge_expired
from luoshi.core.uploads import remove_uncommitted

from .planners import plan
from .services import deliver, make_digests

LOCK_KEY = 0x6C756F73  # "luos": one planner at a time across all instances


@dataclass
class TickResult:
    today: dt.date
    reminders: int = 0
    escalations: int = 0
    throttled: int = 0
    digests: int = 0
    sent: int = 0
    failed: int = 0
    retrying: int = 0
    dry_run: bool = False

    def summary(self) -> str:
        text = (
            f"{self.today:%Y-%m-%d}：新提醒 {self.reminders} 条（其中督办 {self.escalations} 条，"
            f"因最小间隔暂缓 {self.throttled} 条），汇总 {self.digests} 份，"
            f"发送成功 {self.sent} 条，失败 {self.failed} 条，待重试 {self.retrying} 条"
        )
        return text + "（试算，未保存、未发送）" if self.dry_run else text


class _DryRun(Exception):
    pass


def tick(
    today: dt.date | None = None, *, now: dt.datetime | None = None, dry_run: bool = False
) -> TickResult:
    """Evaluate as of ``today`` (default: the real today) and deliver what is due.

    For another day the clock moves with it: the minimum interval is measured from that day, and
    the day's digest is made without waiting for LUOSHI_DIGEST_HOUR.
    """
    now = now or timezone.now()
    real_today = timezone.localdate(now)
    today = today or real_today
    as_of = now + (today - real_today)
    result = TickResult(today, dry_run=dry_run)
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
            made = plan(today, as_of)
            result.reminders, result.escalations, result.throttled = (
                len(made.notifications),
                made.escalations,
                made.throttled,
            )
            if today != real_today or timezone.localtime(now).hour >= settings.LUOSHI_DIGEST_HOUR:
                result.digests = make_digests(today)
            if dry_run:
                raise _DryRun
    except _DryRun:
        return result
    delivery = deliver()
    result.sent, result.failed, result.retrying = delivery.sent, delivery.failed, delivery.retrying
    purge_expired(now)
    remove_uncommitted()
    optimize()
    return result
