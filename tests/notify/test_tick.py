"""The tick as a whole: digests, urgent escalations, two ticks at once, dry runs and the command."""

import datetime as dt

import pytest
from click.testing import CliRunner
from django.contrib.auth import get_user_model
from django.core import mail

from luoshi.cli import main
from luoshi.notify.models import Notification, OutboxMessage, Robot
from luoshi.notify.tick import tick
from tests.concurrency import at_once, raised
from tests.notify.servers import FakeRobot

D = dt.date
DAY = D(2026, 12, 2)


@pytest.fixture
def emails(settings, demo):
    """SMTP on, and addresses for the people these tests remind."""
    settings.LUOSHI_SMTP_HOST = "127.0.0.1"
    for username in ("gb1-staff", "gb1-head", "deputy1"):
        get_user_model().objects.filter(username=username).update(email=f"{username}@org.cn")


def three_reports_due(craft):
    tasks = [
        craft(owner="gb1-staff", next_report_due=DAY, due_date=D(2027, 3, 1), title=f"调研课题{i}")
        for i in range(3)
    ]
    OutboxMessage.objects.all().delete()  # the assignments' messages went out the days before
    return tasks


def test_three_reminders_make_one_email(craft, emails):
    three_reports_due(craft)
    mail.outbox.clear()
    result = tick(DAY)
    assert result.reminders == 3 and result.digests == 1 and result.sent == 1
    [message] = mail.outbox
    assert message.to == ["gb1-staff@org.cn"] and message.subject == "【落实】今日提醒 3 项"
    assert all(f"调研课题{i}" in message.body for i in range(3))
    assert OutboxMessage.objects.filter(status="merged", address="gb1-staff@org.cn").count() == 3


def test_a_second_digest_waits_for_the_next_day(craft, emails):
    three_reports_due(craft)
    tick(DAY)
    craft(owner="gb1-staff", next_report_due=DAY, due_date=D(2027, 3, 1), title="后来的任务")
    OutboxMessage.objects.filter(notification__kind="assigned").delete()
    mail.outbox.clear()
    again = tick(DAY)
    assert again.reminders == 1 and again.digests == 0 and mail.outbox == []
    assert tick(DAY + dt.timedelta(days=1)).digests == 1 and len(mail.outbox) == 1


def test_the_digest_waits_for_the_digest_hour_on_the_real_day(craft, emails, settings):
    settings.LUOSHI_DIGEST_HOUR = 24  # never reached today
    craft(owner="gb1-staff", next_report_due=D(2026, 11, 25), due_date=D(2027, 3, 1))
    result = tick(now=dt.datetime(2026, 11, 25, 3, tzinfo=dt.UTC))
    assert result.reminders == 1 and result.digests == 0
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"held"}


def test_escalations_go_out_at_once_and_robots_hear_their_unit(craft, emails):
    server = FakeRobot([200])
    try:
        Robot.objects.create(
            name="一科群",
            channel="wecom",
            url=server.url,
            unit_id=craft(next_report_due=D(2026, 12, 31), due_date=D(2027, 3, 1)).lead_unit_id,
        )
        Robot.objects.create(
            name="二科群", channel="wecom", url=server.url + "&gb2", unit=None, is_active=False
        )
        task = craft(owner="gb1-staff", next_report_due=D(2026, 9, 30), due_date=D(2027, 3, 1))
        mail.outbox.clear()
        result = tick(D(2026, 10, 13))
    finally:
        server.shutdown()
        server.server_close()
    assert result.escalations == 2
    urgent = sorted(m.to[0] for m in mail.outbox if m.subject.startswith("督办"))
    assert urgent == ["deputy1@org.cn", "gb1-head@org.cn"]
    texts = [c["json"]["markdown"]["content"] for c in server.calls]
    assert any("督办" in t and task.title in t for t in texts)
    assert all("&gb2" not in c["path"] for c in server.calls)


def test_a_dry_run_saves_and_sends_nothing(craft, emails):
    three_reports_due(craft)
    before = Notification.objects.count()
    mail.outbox.clear()
    result = tick(DAY, dry_run=True)
    assert result.reminders == 3 and "试算" in result.summary()
    assert Notification.objects.count() == before and OutboxMessage.objects.count() == 0 and mail.outbox == []


def test_the_command_reports_in_chinese(craft, emails):
    three_reports_due(craft)
    result = CliRunner().invoke(main, ["tick", "--today", "2026-12-02"])
    assert result.exit_code == 0, result.output
    assert "2026-12-02：新提醒 3 条" in result.output and "发送成功 1 条" in result.output
    assert "2026-12-02：新提醒 0 条" in CliRunner().invoke(main, ["tick", "--today", "2026-12-02"]).output


def test_the_command_has_help():
    result = CliRunner().invoke(main, ["tick", "--help"])
    assert result.exit_code == 0 and "--today" in result.output and "--loop" in result.output


@pytest.mark.django_db(transaction=True)
def test_two_ticks_at_once_make_and_send_everything_once(craft, emails):
    for i in range(4):
        craft(owner="gb1-staff", next_report_due=D(2026, 9, 30), due_date=D(2027, 3, 1), title=f"任务{i}")
    OutboxMessage.objects.all().delete()
    mail.outbox.clear()
    assert raised(at_once(lambda: tick(D(2026, 10, 13)), lambda: tick(D(2026, 10, 13)))) == []
    keys = list(Notification.objects.exclude(dedupe_key=None).values_list("dedupe_key", flat=True))
    assert len(keys) == len(set(keys)) == 4 * 3  # overdue report to the owner, two escalations
    subjects = sorted(m.to[0] + m.subject for m in mail.outbox)
    assert len(subjects) == len(set(subjects)) == 4 * 2 + 1  # 8 escalations at once, the owner's digest


def test_the_attack_a_task_title_posts_no_link_to_the_group_robot(craft, emails):
    title = "完成调研](http://evil.example/login) [请点此核验身份"
    server = FakeRobot([200])
    try:
        Robot.objects.create(name="全部门群", channel="wecom", url=server.url, unit=None)
        craft(owner="gb1-staff", next_report_due=D(2026, 9, 30), due_date=D(2027, 3, 1), title=title)
        tick(D(2026, 10, 13))
    finally:
        server.shutdown()
        server.server_close()
    texts = [c["json"]["markdown"]["content"] for c in server.calls]
    assert texts and all("](http://evil" not in t for t in texts)
    assert any("完成调研］（http://evil.example/login） ［请点此核验身份" in t for t in texts)
