"""The bell, /notify/ for every business user, robots and the outbox for the system admin."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from luoshi.notify.models import Notification, OutboxMessage, Robot
from luoshi.notify.services import notify
from luoshi.org.choices import ProposalStatus
from luoshi.org.models import RightsProposal
from luoshi.tasks import services
from tests.conftest import ROLE_ACCOUNTS
from tests.notify.servers import FakeRobot

BUSINESS = {"staff", "section_head", "deputy", "head", "inspector"}
PAGES = {"/notify/": BUSINESS, "/notify/robots/": {"system_admin"}, "/notify/outbox/": {"system_admin"}}


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("role", sorted(ROLE_ACCOUNTS))
def test_page_permissions(client_as, url, role):
    response = client_as(ROLE_ACCOUNTS[role]).get(url)
    assert response.status_code == (200 if role in PAGES[url] else 403), (url, role)


@pytest.mark.parametrize("url", [*PAGES, "/notify/robots/1/"])
def test_anonymous_users_go_to_the_login_page(client_as, url):
    response = client_as(None).get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("url", ["/notify/robots/", "/notify/1/read/", "/notify/outbox/1/retry/"])
def test_posts_are_refused_to_the_wrong_people(client_as, url):
    who = "gb1-head" if "robots" in url or "outbox" in url else "admin"
    assert client_as(who).post(url).status_code == 403


def test_the_bell_shows_the_unread_count_for_one_query(client_as, user):
    notify([user("gb1-head")], "assigned", title="新交办任务：甲")
    notify([user("gb1-head")], "due_soon", title="即将到期：乙")
    client = client_as("gb1-head")
    client.get("/org/")
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/org/").content.decode()
    assert 'aria-label="通知：2条未读"' in page
    assert sum("notify_notification" in q["sql"] for q in ctx.captured_queries) == 1


def test_no_bell_for_admins(client_as):
    assert "bi-bell" not in client_as("admin").get("/org/").content.decode()


def test_the_inbox_lists_unread_first_and_marks_read(client_as, user):
    old = notify([user("gb1-head")], "assigned", title="旧通知")[0]
    new = notify([user("gb1-head")], "due_soon", title="新通知")[0]
    client = client_as("gb1-head")
    client.post(f"/notify/{new.pk}/read/")
    page = client.get("/notify/").content.decode()
    assert page.index("旧通知") < page.index("新通知"), "unread first"
    response = client.post("/notify/read-all/", follow=True)
    assert "已将1条通知标为已读" in response.content.decode()
    old.refresh_from_db()
    assert old.read_at is not None


def test_opening_a_notification_reads_it_and_goes_to_the_task(client_as, user, craft):
    task = craft()
    note = notify([user("gb1-2")], "assigned", task=task, title="看任务")[0]
    response = client_as("gb1-2").post(f"/notify/{note.pk}/read/", {"open": "1"})
    assert response.status_code == 302 and response["Location"] == f"/tasks/{task.pk}/"


def test_a_notice_about_a_page_has_its_button_not_a_raw_address(client_as, user):
    note = notify([user("deputy1")], "meeting", title="干部一科报送了工作汇报", url="/meetings/reports/7/")[0]
    page = client_as("deputy1").get("/notify/").content.decode()
    assert "查看汇报" in page and "/meetings/reports/7/" not in page
    response = client_as("deputy1").post(f"/notify/{note.pk}/read/", {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/meetings/reports/7/"


def test_a_sign_for_notice_is_tagged_as_signed_for(client_as, user, craft):
    task = craft(state="assigned")
    services.acknowledge(task, actor=user("gb1-head"))
    note = Notification.objects.get(task=task, title__startswith="已签收：")
    assert note.kind == "acknowledged" and note.kind_label == "已签收"


def test_notices_made_before_their_link_had_a_field_get_their_button(user):
    """The data step of migration 0009, run again on rows as they used to be written."""
    migration = importlib.import_module("luoshi.notify.migrations.0009_notice_links")
    old = notify([user("deputy1")], "meeting", title="汇报", body="查看：/meetings/reports/7/")[0]
    problem = notify([user("deputy1")], "problem", title="整改", body="请整改\n查看：/problems/3/")[0]
    signed = notify([user("deputy1")], "assigned", title="已签收：甲")[0]
    migration.links_out_of_bodies(django_apps, None)
    for note in (old, problem, signed):
        note.refresh_from_db()
    assert (old.url, old.body) == ("/meetings/reports/7/", "")
    assert (problem.url, problem.body) == ("/problems/3/", "请整改")
    assert signed.kind == "acknowledged"


def test_someone_elses_notification_is_404(client_as, user):
    note = notify([user("gb2-head")], "assigned", title="别人的")[0]
    assert client_as("gb1-head").post(f"/notify/{note.pk}/read/").status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_the_admin_adds_a_robot_and_test_sends(client_as, demo):
    server = FakeRobot([200])
    try:
        client = client_as("admin")
        bad = client.post(
            "/notify/robots/",
            {"name": "一科群", "channel": "dingtalk", "url": server.url, "secret": "oops", "is_active": "on"},
        )
        assert bad.status_code == 400 and "SEC 开头" in bad.content.decode()
        added = client.post(
            "/notify/robots/",
            {
                "name": "一科群",
                "channel": "dingtalk",
                "url": server.url,
                "secret": "SECabc",
                "unit": demo["gb1"],
                "is_active": "on",
            },
            follow=True,
        )
        assert "已提交，待安全管理员批准后生效" in added.content.decode()
        robot = Robot.objects.get()
        assert robot.url == ""  # nothing is sent to it until the security admin approves
        assert "地址待安全管理员批准" in client.get("/notify/robots/").content.decode()
        proposal = RightsProposal.objects.get(robot=robot, status=ProposalStatus.PENDING)
        client_as("secadmin").post("/org/roles/proposals/", {"action": "approve", "ids": [proposal.pk]})
        robot.refresh_from_db()
        assert robot.url == server.url
        response = client.post(f"/notify/robots/{robot.pk}/test/", follow=True)
        assert "已向“一科群”发送测试消息" in response.content.decode()
        assert (
            "sign=" in server.calls[0]["path"] and "测试消息" in server.calls[0]["json"]["markdown"]["text"]
        )
        client.post(f"/notify/robots/{robot.pk}/", {"name": "一科群", "channel": "wecom", "url": server.url})
        robot.refresh_from_db()
        assert robot.channel == "wecom" and not robot.is_active and robot.unit is None
        assert not RightsProposal.objects.filter(status=ProposalStatus.PENDING).exists()  # same address
    finally:
        server.shutdown()
        server.server_close()


def test_a_failing_robot_test_says_why(client_as):
    robot = Robot.objects.create(name="坏群", channel="wecom", url="http://127.0.0.1:9/x")
    response = client_as("admin").post(f"/notify/robots/{robot.pk}/test/", follow=True)
    assert "测试发送失败：群机器人服务器无法连接" in response.content.decode()


def test_failed_deliveries_show_on_the_outbox_page_and_can_be_retried(client_as, settings):
    settings.LUOSHI_OUTBOX_MAX_ATTEMPTS = 1
    from luoshi.notify.services import deliver

    robot = Robot.objects.create(name="企微群", channel="wecom", url="http://127.0.0.1:9/x")
    message = OutboxMessage.objects.create(
        channel="wecom", address=robot.name, robot=robot, subject="督办：甲", body="- 甲"
    )
    assert deliver().failed == 1
    client = client_as("admin")
    page = client.get("/notify/outbox/").content.decode()
    assert "每日提醒汇总" in page and "发送失败" in page and "群机器人服务器无法连接" in page
    assert "重发" in page
    assert "督办：甲" not in page, "the system admin sees what a message is, never what it says"
    client.post(f"/notify/outbox/{message.pk}/retry/", {"status": "failed"})
    message.refresh_from_db()
    assert message.status == "pending" and message.attempts == 0
    assert "每日提醒汇总" not in client.get("/notify/outbox/?status=sent").content.decode()


def test_the_send_queue_shows_the_system_admin_no_task_title(client_as, make_task, user):
    """三员 see no business data: a notification queued for a group robot is listed on the system admin's
    send queue by its kind (延期申请), never by its title, which names the task."""
    import datetime as dt

    Robot.objects.create(name="企微群", channel="wecom", url="http://127.0.0.1:9/x")
    task = make_task(acknowledge=True, title="某某同志拟任职考察")
    later = task.due_date + dt.timedelta(days=5)
    services.request_extension(task, actor=user("gb1-staff"), new_due_date=later, reason="考察对象调整")
    queued = OutboxMessage.objects.filter(notification__task=task)
    assert queued.exists() and all("某某同志拟任职考察" in m.subject for m in queued)
    for status in ("problems", "held", "pending"):
        page = client_as("admin").get(f"/notify/outbox/?status={status}").content.decode()
        assert "某某同志拟任职考察" not in page
    assert "延期申请" in client_as("admin").get("/notify/outbox/?status=held").content.decode()
