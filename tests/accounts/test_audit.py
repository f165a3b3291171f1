"""Writing the audit log: every row sealed into one hash chain, and the first broken link found."""

import pytest

from luoshi.accounts import chain
from luoshi.accounts.audit import client_ip, record, record_export, verify_chain
from luoshi.accounts.models import SecurityEvent, SecurityEventKind
from tests.concurrency import at_once, raised
from tests.factories import UserFactory


def test_rows_are_chained_in_id_order(db):
    first = record(SecurityEventKind.LOGIN_FAILED, username="gb1-staff", ip_address="10.0.0.7")
    second = record(
        SecurityEventKind.EXPORT,
        username="head",
        ip_address="2001:db8::1",
        target="任务台账",
        detail={"format": "xlsx", "filters": {"unit": ["3"]}, "rows": 12},
    )
    assert first.prev_hash == chain.GENESIS and second.prev_hash == first.hash
    stored = SecurityEvent.objects.get(pk=second.pk)  # sealed as the database gives it back
    assert chain.seal(stored.prev_hash, stored) == stored.hash
    assert verify_chain() == (2, None)


def test_an_export_names_the_reader_the_list_and_what_was_in_it(db, rf):
    reader = UserFactory(username="gb1-staff")
    request = rf.get("/tasks/ledger/export/", REMOTE_ADDR="10.0.0.9")
    request.user = reader
    event = record_export(request, "任务台账", filters="status=active")
    assert (event.kind, event.actor, event.username, event.ip_address, event.target) == (
        SecurityEventKind.EXPORT,
        reader,
        "gb1-staff",
        "10.0.0.9",
        "任务台账",
    )
    assert event.detail == {"format": "xlsx", "filters": "status=active"}
    other = record_export(request, "分解表.docx", fmt="docx", actor=None, job=3)
    assert other.detail == {"format": "docx", "job": 3}


def test_a_refused_request_reads_in_chinese_in_the_log(db):
    from luoshi.accounts.audit import record_denial

    reader = UserFactory(username="admin")
    record_denial(reader, "/tasks/", "GET")
    record_denial(reader, "/problems/1/do/close/", "POST")
    record_denial(reader, "/accounts/two-factor/", "恢复码已重新生成")
    texts = [e.detail_text for e in SecurityEvent.objects.order_by("id")]
    assert texts == ["操作：查看", "操作：提交", "操作：恢复码已重新生成"]


def test_an_empty_log_verifies(db):
    assert verify_chain() == (0, None)


def test_a_changed_row_is_the_first_broken_link(db, tamper):
    events = [record(SecurityEventKind.LOGIN, username=f"u{i}") for i in range(4)]
    tamper("UPDATE accounts_securityevent SET username = 'intruder' WHERE id = %s", (events[1].pk,))
    count, broken = verify_chain()
    assert broken.id == events[1].pk and "本条记录被改动" in broken.reason
    assert count == 2


def test_a_deleted_row_breaks_the_next_link(db, tamper):
    events = [record(SecurityEventKind.LOGIN, username=f"u{i}") for i in range(4)]
    tamper("DELETE FROM accounts_securityevent WHERE id = %s", (events[2].pk,))
    _, broken = verify_chain()
    assert broken.id == events[3].pk
    assert f"上一条（id={events[1].pk}）" in broken.reason and "被删除" in broken.reason


def test_a_resealed_row_still_breaks_the_next_link(db, tamper):
    events = [record(SecurityEventKind.LOGIN, username=f"u{i}") for i in range(3)]
    tamper("UPDATE accounts_securityevent SET username = 'intruder' WHERE id = %s", (events[0].pk,))
    forged = SecurityEvent.objects.get(pk=events[0].pk)
    tamper(
        "UPDATE accounts_securityevent SET hash = %s WHERE id = %s",
        (chain.seal(forged.prev_hash, forged), events[0].pk),
    )
    _, broken = verify_chain()
    assert broken.id == events[1].pk


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_chain():
    """Eight threads, each its own connection, append at once: the chain has no fork."""

    def write(n: int) -> None:
        for i in range(5):
            record(SecurityEventKind.LOGIN_FAILED, username=f"t{n}-{i}")

    assert raised(at_once(*(lambda n=n: write(n) for n in range(8)))) == []
    assert verify_chain() == (40, None)
    assert SecurityEvent.objects.values("prev_hash").distinct().count() == 40


def test_the_attack_a_forged_forwarded_for_is_not_the_source_address(db, rf):
    request = rf.get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="10.66.6.6")
    assert client_ip(request) == "10.0.0.9"


def test_behind_a_trusted_proxy_the_source_is_the_address_it_appended(db, rf, settings):
    settings.LUOSHI_TRUSTED_PROXIES = frozenset({"127.0.0.1"})
    forwarded = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.66.6.6, 10.0.0.9")
    assert client_ip(forwarded) == "10.0.0.9"  # the client's own 10.66.6.6 is never read
    garbled = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.9, <script>")
    assert client_ip(garbled) == "127.0.0.1"
    elsewhere = rf.get("/", REMOTE_ADDR="10.0.0.8", HTTP_X_FORWARDED_FOR="10.0.0.9")
    assert client_ip(elsewhere) == "10.0.0.8"
