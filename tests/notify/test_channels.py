"""The channels against local stand-ins: DingTalk's signature, a failing-then-working robot, a real SMTP."""

import base64
import datetime as dt
import hashlib
import hmac
import smtplib
import socket
import urllib.parse

import pytest
from django.utils import timezone

from luoshi.notify import channels, services
from luoshi.notify.models import OutboxMessage, Robot
from tests.notify.servers import FakeRobot, SMTPSink

SECRET = "SEC0123456789abcdef"


@pytest.fixture
def robot_server():
    servers = []

    def start(*script):
        server = FakeRobot(list(script))
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_dingtalk_signature_follows_the_documented_scheme():
    timestamp = 1577262236757
    string_to_sign = f"{timestamp}\n{SECRET}"
    expected = urllib.parse.quote_plus(
        base64.b64encode(
            hmac.new(
                SECRET.encode("utf-8"), string_to_sign.encode("utf-8"), digestmod=hashlib.sha256
            ).digest()
        )
    )
    assert channels.dingtalk_sign(SECRET, timestamp) == expected
    url = channels.dingtalk_url("https://oapi.dingtalk.com/robot/send?access_token=x", SECRET, timestamp)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    assert query["timestamp"] == [str(timestamp)] and query["access_token"] == ["x"]
    assert query["sign"] == [
        base64.b64encode(hmac.new(SECRET.encode(), string_to_sign.encode(), hashlib.sha256).digest()).decode()
    ]


def test_an_unsigned_robot_keeps_its_url():
    assert channels.dingtalk_url("https://x/send?access_token=y", "") == "https://x/send?access_token=y"


def queued(robot, body="- **徐佳** 【待复命】测试"):
    return OutboxMessage.objects.create(
        channel=robot.channel,
        address=robot.name,
        robot=robot,
        subject="今日提醒",
        body=body,
        next_attempt_at=timezone.now(),
    )


def test_a_robot_that_fails_once_is_retried_after_the_back_off(db, robot_server):
    server = robot_server(500, 200)
    robot = Robot.objects.create(name="一科群", channel="dingtalk", url=server.url, secret=SECRET)
    message = queued(robot)
    now = timezone.now()
    first = services.deliver(now=now)
    message.refresh_from_db()
    assert (first.retrying, message.status, message.attempts) == (1, "pending", 1)
    assert "HTTP 500" in message.last_error and message.next_attempt_at == now + dt.timedelta(minutes=1)
    assert services.deliver(now=now + dt.timedelta(seconds=30)).sent == 0, "not before the back-off"
    assert services.deliver(now=now + dt.timedelta(minutes=1, seconds=1)).sent == 1
    message.refresh_from_db()
    assert message.status == "sent" and message.last_error == ""
    call = server.calls[-1]
    assert call["json"]["msgtype"] == "markdown" and "徐佳" in call["json"]["markdown"]["text"]
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(call["path"]).query)
    assert query["access_token"] == ["abc"] and "sign" in query and "timestamp" in query


def test_back_off_doubles_and_is_capped(settings):
    settings.LUOSHI_OUTBOX_MAX_BACKOFF_MINUTES = 10
    assert [services.backoff(n).seconds // 60 for n in range(1, 7)] == [1, 2, 4, 8, 10, 10]


def test_a_robot_that_keeps_failing_ends_failed(db, robot_server, settings):
    settings.LUOSHI_OUTBOX_MAX_ATTEMPTS = 3
    server = robot_server(500)
    robot = Robot.objects.create(name="企微群", channel="wecom", url=server.url)
    message = queued(robot)
    now = timezone.now()
    for minutes in (0, 2, 10, 30):
        services.deliver(now=now + dt.timedelta(minutes=minutes))
    message.refresh_from_db()
    assert message.status == "failed" and message.attempts == 3 and len(server.calls) == 3
    assert (
        server.calls[0]["json"]["msgtype"] == "markdown" and "content" in server.calls[0]["json"]["markdown"]
    )


def test_an_unreachable_robot_is_a_readable_error(db):
    robot = Robot.objects.create(name="断网", channel="wecom", url="http://127.0.0.1:9/nothing")
    message = queued(robot)
    services.deliver()
    message.refresh_from_db()
    assert message.status == "pending" and message.last_error.startswith(
        "群机器人服务器无法连接（连接被拒绝）"
    )


def test_a_deactivated_robot_sends_nothing(db, robot_server):
    server = robot_server(200)
    robot = Robot.objects.create(name="停用", channel="wecom", url=server.url, is_active=False)
    message = queued(robot)
    services.deliver()
    message.refresh_from_db()
    assert server.calls == [] and "停用" in message.last_error


def test_email_goes_through_a_real_smtp_socket(db, settings):
    sink = SMTPSink()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.DEFAULT_FROM_EMAIL = (
            "127.0.0.1",
            sink.port,
            "luoshi@org.cn",
        )
        OutboxMessage.objects.create(
            channel="email",
            address="xujia@org.cn",
            subject="【落实】今日提醒 2 项",
            body="您好，以下是待办提醒：\n【待复命】开展调研",
        )
        assert services.deliver().sent == 1
    finally:
        sink.shutdown()
        sink.server_close()
    [mail] = sink.messages
    assert mail["to"] == ["xujia@org.cn"] and "org.cn" in mail["from"]
    assert mail["message"]["Subject"] == "【落实】今日提醒 2 项"
    assert "开展调研" in mail["message"].get_content()


def test_a_refused_smtp_connection_is_retried(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    message = OutboxMessage.objects.create(channel="email", address="a@b.cn", subject="s", body="b")
    assert services.deliver().retrying == 1
    message.refresh_from_db()
    assert message.last_error.startswith("邮件服务器无法连接（连接被拒绝），请检查地址和端口")


@pytest.mark.parametrize(
    "error, words",
    [
        (ConnectionRefusedError(111, "Connection refused"), "邮件服务器无法连接（连接被拒绝）"),
        (smtplib.SMTPAuthenticationError(535, b"bad"), "邮件服务器拒绝登录"),
        (smtplib.SMTPRecipientsRefused({"a@b.cn": (550, b"no")}), "收件地址被邮件服务器拒绝"),
        (socket.gaierror(-2, "Name or service not known"), "邮件服务器地址无法解析"),
        (TimeoutError("timed out"), "连接服务器超时"),
        (ValueError("odd"), "发送失败"),
    ],
)
def test_a_failing_channel_is_explained_in_chinese(error, words):
    assert channels.explain(error, "邮件").startswith(words)


def test_the_attack_a_title_with_a_line_break_still_reaches_the_mailbox(db, settings):
    from django.core import mail

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxMessage.objects.create(
        channel="email", address="a@b.cn", subject="【落实】今日提醒：第一行\n第二行", body="b"
    )
    assert services.deliver().sent == 1
    assert mail.outbox[-1].subject == "【落实】今日提醒：第一行 第二行"


def test_the_attack_a_direction_control_in_user_text_reverses_nothing_in_a_robot_message():
    assert channels.markdown_plain("完成调研\u202e查核份身\u2066[链接]\u2069") == "完成调研查核份身［链接］"
