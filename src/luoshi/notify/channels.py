"""The external channels: e-mail over SMTP, DingTalk and WeCom group robots over their webhooks.

Every failure is a DeliveryError with a readable reason; the outbox records it and retries.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
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


def _truncate(text: str, limit: int) -> str:
    data = text.encode()
    if len(data) <= limit:
        return text
    return data[:limit - 40].decode(errors="ignore") + "\n\n……（内容过长，请登录系统查看）"


def post_json(url: str, payload: dict[str, Any]) -> None:
    """POST with a short timeout; both robots answer 200 with ``errcode`` 0 when they accepted it."""
    request = urllib.request.Request(url, data=  # noqa: S310 (a robot address an admin entered)
                                     json.dumps(payload, ensure_ascii=False).encode(),
                                     headers={"Content-Type": "application/json; charset=utf-8"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=settings.LUOSHI_WEBHOOK_TIMEOUT) as response:  # noqa: S310
            raw = response.read(65536)
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise DeliveryError(f"连接失败：{getattr(exc, 'reason', exc)}") from None
    try:
        answer = json.loads(raw or b"{}")
    except ValueError:
        raise DeliveryError(f"应答不是JSON：{raw[:200]!r}") from None
    if isinstance(answer, dict) and answer.get("errcode", 0) != 0:
        raise DeliveryError(f"errcode {answer.get('errcode')}：{answer.get('errmsg', '')}")


def send_robot(robot: Any, title: str, text: str) -> None:
    if robot.channel == Channel.DINGTALK:
        post_json(dingtalk_url(robot.url, robot.secret),
                  {"msgtype": "markdown", "markdown": {"title": title, "text": _truncate(text, DINGTALK_LIMIT)}})
    elif robot.channel == Channel.WECOM:
        post_json(robot.url, {"msgtype": "markdown", "markdown": {"content": _truncate(text, WECOM_LIMIT)}})
    else:
        raise DeliveryError(f"未知的机器人类型：{robot.channel}")


def send_email(to: str, subject: str, body: str) -> None:
    try:
        EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]).send()
    except (OSError, ValueError) as exc:  # smtplib's errors are OSError subclasses
        raise DeliveryError(f"邮件发送失败：{exc}") from None


def send(message: Any) -> None:
    """Deliver one outbox row."""
    if message.channel == Channel.EMAIL:
        send_email(message.address, message.subject, message.body)
        return
    robot = message.robot
    if robot is None or not robot.is_active:
        raise DeliveryError("群机器人已删除或停用")
    send_robot(robot, message.subject, f"#### {message.subject}\n{message.body}")
