"""The external channels: e-mail over SMTP, DingTalk and WeCom group robots over their webhooks.

Every failure is a DeliveryError with a readable reason; the outbox records it and retries.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import smtplib
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage

from .choices import Channel

WECOM_LIMIT = 4096  # bytes of markdown WeCom accepts
DINGTALK_LIMIT = 20000


class DeliveryError(Exception):
    pass


# What went wrong, in words the one reading the outbox can act on; first match wins (subclasses first).
EXPLANATIONS: list[tuple[type[BaseException], str]] = [
    (smtplib.SMTPAuthenticationError, "邮件服务器拒绝登录，请检查发件账号和密码"),
    (smtplib.SMTPRecipientsRefused, "收件地址被邮件服务器拒绝，请检查此人的邮箱地址"),
    (smtplib.SMTPSenderRefused, "发件地址被邮件服务器拒绝，请检查发件人设置"),
    (smtplib.SMTPServerDisconnected, "邮件服务器中途断开了连接"),
    (smtplib.SMTPException, "邮件服务器拒绝了这封邮件"),
    (ConnectionRefusedError, "服务器无法连接（连接被拒绝），请检查地址和端口"),
    (socket.gaierror, "服务器地址无法解析，请检查主机名"),
    (TimeoutError, "连接服务器超时"),
    (ssl.SSLError, "与服务器建立加密连接失败"),
    (ConnectionError, "与服务器的连接中断"),
]


def explain(error: BaseException, what: str = "") -> str:
    """A failed delivery's cause in Chinese, with the technical detail kept after it for the admin."""
    reason = getattr(error, "reason", None)  # urllib wraps the socket error
    cause = reason if isinstance(reason, BaseException) else error
    text = next((words for kind, words in EXPLANATIONS if isinstance(cause, kind)), "发送失败")
    if what and text.startswith("服务器"):
        text = what + text
    return f"{text}（{type(cause).__name__}：{cause}）"


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's 加签: base64 HMAC-SHA256 of "timestamp\\nsecret" keyed with the secret, URL-quoted."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest))


def dingtalk_url(url: str, secret: str, timestamp_ms: int | None = None) -> str:
    if not secret:
        return url
    timestamp_ms = timestamp_ms if timestamp_ms is not None else round(time.time() * 1000)
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}timestamp={timestamp_ms}&sign={dingtalk_sign(secret, timestamp_ms)}"


# What a robot's markdown reads as a link, an image, emphasis, a heading, a quote or HTML, given its
# full-width twin: a task title is typed by a user and goes to every group robot, where
# ``[请核验](http://…)`` would be a link posted under the system's name. The direction controls that
# reorder what follows them on the line (U+202A–202E, U+2066–2069) are dropped: a title ending in U+202E
# showed the rest of the system's sentence reversed to the whole group.
DIRECTION_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
MARKDOWN_PLAIN = str.maketrans("[]()<>*_`#\r\n", "［］（）＜＞＊＿｀＃  ", DIRECTION_CONTROLS)


def markdown_plain(text: str) -> str:
    """User text shown as itself in a robot's markdown message."""
    return text.translate(MARKDOWN_PLAIN)


def _truncate(text: str, limit: int) -> str:
    data = text.encode()
    if len(data) <= limit:
        return text
    return data[: limit - 40].decode(errors="ignore") + "\n\n……（内容过长，请登录系统查看）"


def post_json(url: str, payload: dict[str, Any]) -> None:
    """POST with a short timeout; both robots answer 200 with ``errcode`` 0 when they accepted it."""
    request = urllib.request.Request(  # noqa: S310 (a robot address an admin entered)
        url,
        data=json.dumps(payload, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.LUOSHI_WEBHOOK_TIMEOUT) as response:  # noqa: S310
            raw = response.read(65536)
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise DeliveryError(explain(exc, "群机器人")) from None
    try:
        answer = json.loads(raw or b"{}")
    except ValueError:
        raise DeliveryError(f"应答不是JSON：{raw[:200]!r}") from None
    if isinstance(answer, dict) and answer.get("errcode", 0) != 0:
        raise DeliveryError(f"errcode {answer.get('errcode')}：{answer.get('errmsg', '')}")


def send_robot(robot: Any, title: str, text: str) -> None:
    if robot.channel == Channel.DINGTALK:
        post_json(
            dingtalk_url(robot.url, robot.secret),
            {"msgtype": "markdown", "markdown": {"title": title, "text": _truncate(text, DINGTALK_LIMIT)}},
        )
    elif robot.channel == Channel.WECOM:
        post_json(robot.url, {"msgtype": "markdown", "markdown": {"content": _truncate(text, WECOM_LIMIT)}})
    else:
        raise DeliveryError(f"未知的机器人类型：{robot.channel}")


def send_email(to: str, subject: str, body: str) -> None:
    try:
        # A subject is one header line: a title typed with a line break would refuse the whole message.
        subject = " ".join(subject.splitlines())
        EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]).send()
    except (OSError, ValueError) as exc:  # smtplib's errors are OSError subclasses
        raise DeliveryError(explain(exc, "邮件")) from None


def send(message: Any) -> None:
    """Deliver one outbox row."""
    if message.channel == Channel.EMAIL:
        send_email(message.address, message.subject, message.body)
        return
    robot = message.robot
    if robot is None or not robot.is_active:
        raise DeliveryError("群机器人已删除或停用")
    send_robot(robot, message.subject, f"#### {markdown_plain(message.subject)}\n{message.body}")
