"""回头看 reminders: the tick asks the reviewer once when a closed problem's recheck date comes."""

import datetime as dt

import pytest

from luoshi.notify.models import Notification, OutboxMessage
from luoshi.notify.tick import tick
from luoshi.problems import services
from luoshi.tasks import services as task_services
from tests.concurrency import at_once, raised


def recheck_notes(problem):
    return list(
        Notification.objects.filter(
            kind="recheck_due", dedupe_key__startswith=f"problem-recheck:{problem.pk}:"
        )
        .select_related("recipient")
        .values_list("recipient__username", "title")
    )


@pytest.fixture
def closed(confirmed, finish, user, today):
    """A problem of 干部一科 closed by deputy1 with its 回头看 ten days on."""
    problem = confirmed()
    for measure in problem.measures.all():
        finish(measure.task)
    return services.close_problem(
        problem, actor=user("deputy1"), note="同意", recheck_on=today + dt.timedelta(days=10)
    )


def test_the_reviewer_is_asked_once_when_the_recheck_comes(closed, today, user, settings):
    settings.LUOSHI_SMTP_HOST = "127.0.0.1"
    user("deputy1").__class__.objects.filter(username="deputy1").update(email="deputy1@org.cn")
    tick(today + dt.timedelta(days=9))
    assert recheck_notes(closed) == []
    tick(today + dt.timedelta(days=10))
    tick(today + dt.timedelta(days=11))
    assert recheck_notes(closed) == [("deputy1", f"问题回头看：{closed.title}")]
    note = Notification.objects.get(kind="recheck_due")
    assert note.url == f"/problems/{closed.pk}/" and OutboxMessage.objects.filter(notification=note).exists()


def test_a_recheck_done_asks_no_more(closed, user, today):
    services.recheck_problem(closed, actor=user("deputy1"), rebounded=False)
    tick(today + dt.timedelta(days=10))
    assert recheck_notes(closed) == []


def test_the_leader_in_charge_is_asked_when_the_reviewer_has_left(closed, user, today):
    reviewer = user("deputy1")
    closed.closed_by = user("head")
    closed.save(update_fields=["closed_by"])
    user("head").__class__.objects.filter(username="head").update(is_active=False)
    tick(today + dt.timedelta(days=10))
    assert [who for who, _ in recheck_notes(closed)] == [reviewer.username]


def test_the_recheck_date_defaults_to_the_reminder_rules_days(confirmed, finish, user, today):
    task_services.set_reminder_policy(actor=user("admin"), recheck_days=30)
    problem = confirmed()
    for measure in problem.measures.all():
        finish(measure.task)
    problem = services.close_problem(problem, actor=user("deputy1"), note="同意")
    assert problem.recheck_on == today + dt.timedelta(days=30)


def test_the_ledger_filters_the_problems_due_for_recheck(closed, confirmed, client_as, today):
    from luoshi.problems.models import Problem

    Problem.objects.filter(pk=closed.pk).update(recheck_on=today)
    other = confirmed(description="干部二科档案管理台账登记不全，部分材料未及时归档")
    page = client_as("deputy1").get("/problems/", {"recheck_due": "true"}).content.decode()
    assert closed.title in page and other.title not in page and 'id="recheck_due"' in page
    assert f"回头看日期{today:%Y-%m-%d}已到" in page


@pytest.mark.django_db(transaction=True)
def test_two_ticks_at_once_ask_once(closed, today):
    later = today + dt.timedelta(days=10)
    assert raised(at_once(lambda: tick(later), lambda: tick(later))) == []
    assert len(recheck_notes(closed)) == 1
