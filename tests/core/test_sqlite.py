"""luoshi's SQLite backend: writers take turns on a file lock, released however a transaction ends."""
import threading
import time

import pytest
from django.db import OperationalError, connection, connections, transaction

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backend only")]


def _other():
    other = connections.create_connection("default")
    other.settings_dict["OPTIONS"] = {**other.settings_dict["OPTIONS"], "timeout": 0.3}
    return other


def test_the_next_writer_starts_as_soon_as_the_last_one_commits():
    started = []

    def write():
        other = connections.create_connection("default")  # a connection of its own, as another worker has
        other.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
        started.append(time.monotonic())
        other.rollback()
        other.set_autocommit(True)
        other.close()

    with transaction.atomic():
        waiter = threading.Thread(target=write)
        waiter.start()
        time.sleep(0.5)
        assert not started, "the second writer waits for the first"
        committed = time.monotonic()
    waiter.join(5)
    assert started and started[0] - committed < 0.15


def test_a_writer_that_waits_too_long_is_told_the_database_is_locked():
    other = _other()
    with transaction.atomic():
        with pytest.raises(OperationalError, match="database is locked"):
            other.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    other.close()


@pytest.mark.parametrize("end", ["commit", "rollback", "close"])
def test_the_turn_is_given_back_however_the_transaction_ends(end):
    if end == "close":
        holder = _other()
        holder.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
        holder.close()
    elif end == "rollback":
        with pytest.raises(ZeroDivisionError), transaction.atomic():
            1 / 0
    else:
        with transaction.atomic():
            pass
    other = _other()
    with transaction.atomic(using="default"):
        pass
    other.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    other.rollback()
    other.set_autocommit(True)
    other.close()


def test_flush_empties_tables_with_triggers_and_keeps_the_triggers():
    """Like PostgreSQL's TRUNCATE, flush passes the audit log's DELETE trigger; the trigger stays."""
    from django.core.management import call_command

    from luoshi.accounts.audit import record
    from luoshi.accounts.models import SecurityEvent

    record("login", username="a")
    call_command("flush", interactive=False, verbosity=0)
    assert not SecurityEvent.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'accounts_securityevent'")
        assert sorted(name for (name,) in cursor.fetchall()) == ["accounts_securityevent_no_delete",
                                                                 "accounts_securityevent_no_update"]
