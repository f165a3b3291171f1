"""The audit log is append-only in the database itself: raw SQL cannot change or remove a row."""

import pytest
from django.db import DatabaseError, connection, transaction

from luoshi.accounts.audit import record
from luoshi.accounts.models import SecurityEvent, SecurityEventKind


def rows() -> list[tuple]:
    return list(SecurityEvent.objects.order_by("id").values_list("id", "username", "hash"))


@pytest.mark.parametrize(
    "sql, message",
    [
        ("UPDATE accounts_securityevent SET username = 'someone-else'", "安全审计日志只可追加，不可修改"),
        ("DELETE FROM accounts_securityevent", "安全审计日志只可追加，不可删除"),
    ],
)
def test_raw_sql_cannot_update_or_delete_audit_rows(db, sql, message):
    record(SecurityEventKind.LOGIN_FAILED, username="gb1-staff", ip_address="10.0.0.7")
    before = rows()
    with pytest.raises(DatabaseError, match=message), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert rows() == before


def test_appending_is_still_allowed(db):
    record(SecurityEventKind.LOGIN_FAILED, username="a")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO accounts_securityevent (at, kind, username, target, detail, prev_hash, hash)"
            " VALUES (%s, 'login', 'b', '', '{}', '', '')",
            ["2026-01-01 00:00:00+00:00"],
        )
    assert SecurityEvent.objects.count() == 2


def test_the_model_refuses_changes_before_the_database_does(db):
    event = record(SecurityEventKind.LOGIN, username="a")
    event.username = "someone-else"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        SecurityEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        SecurityEvent.objects.update(username="x")
