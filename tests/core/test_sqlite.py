"""luoshi's SQLite backend: a flush passes the audit log's triggers and keeps them."""

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backend only"),
]


def test_flush_empties_tables_with_triggers_and_keeps_the_triggers():
    """Like PostgreSQL's TRUNCATE, flush passes the audit log's DELETE trigger; the trigger stays."""
    from django.core.management import call_command

    from luoshi.accounts.audit import record
    from luoshi.accounts.models import SecurityEvent

    record("login", username="a")
    call_command("flush", interactive=False, verbosity=0)
    assert not SecurityEvent.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'accounts_securityevent'"
        )
        assert sorted(name for (name,) in cursor.fetchall()) == [
            "accounts_securityevent_no_delete",
            "accounts_securityevent_no_update",
        ]
