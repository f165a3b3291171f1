"""bench/web.py's client side: an account's keep-alive connection, its login (session cookie or API
token), and the calls and scenarios a client makes."""

from __future__ import annotations

import http.client
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from django.urls import reverse

REQUEST_TIMEOUT = 90.0  # seconds; above gunicorn's own 60 s worker timeout
RETRYABLE = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError)


class BenchError(Exception):
    """The benchmark cannot run: a failed login, a missing task, a server that did not start."""


@dataclass(frozen=True)
class Call:
    """One HTTP request a client sends."""

    method: str
    path: str
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Scenario:
    """A named load: who sends it and which request a client sends next."""

    name: str
    username: str
    # (client index, that client's request number, number of clients) -> the request to send
    next_call: Callable[[int, int, int], Call]
    note: str = ""


@dataclass
class Result:
    """The figures of one scenario at one concurrency."""

    scenario: str
    clients: int
    requests: int
    errors: int
    p50_ms: float
    p95_ms: float
    rps: float
    error_samples: list[str]
    rps_vs_me: float | None = None
    p95_vs_me: float | None = None


class Connection:
    """One client's persistent HTTP/1.1 connection; it reconnects on the next request after an error."""

    def __init__(self, base_url: str, timeout: float = REQUEST_TIMEOUT) -> None:
        parts = urlsplit(base_url)
        kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        self._conn = kind(parts.hostname or "127.0.0.1", parts.port, timeout=timeout)

    def send(self, call: Call) -> tuple[int, http.client.HTTPMessage, bytes]:
        """Status, headers and body. A kept-alive connection the server has just closed is retried once."""
        reused = self._conn.sock is not None
        try:
            try:
                return self._exchange(call)
            except RETRYABLE:
                if not reused:
                    raise
                self._conn.close()
                return self._exchange(call)
        except (OSError, http.client.HTTPException):
            self._conn.close()
            raise

    def _exchange(self, call: Call) -> tuple[int, http.client.HTTPMessage, bytes]:
        self._conn.request(call.method, call.path, body=call.body, headers=call.headers)
        response = self._conn.getresponse()
        return response.status, response.msg, response.read()

    def close(self) -> None:
        self._conn.close()


def login(base_url: str, username: str, password: str) -> str:
    """A browser session for username, as a Cookie header: the login page's CSRF token, then the form."""
    conn = Connection(base_url)
    try:
        login_path = reverse("accounts:login")
        status, headers, body = conn.send(Call("GET", login_path))
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or token is None:
            raise BenchError(f"login page answered {status} without a CSRF token")
        jar = _cookies({}, headers)
        form = urlencode(
            {
                "csrfmiddlewaretoken": token.group(1).decode(),
                "username": username,
                "password": password,
                "next": "",
            }
        ).encode()
        status, headers, body = conn.send(
            Call(
                "POST",
                login_path,
                form,
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": base_url.rstrip("/"),
                    "Cookie": _cookie_header(jar),
                },
            )
        )
        if status != 302 or login_path in (headers.get("Location") or ""):
            raise BenchError(f"login as {username} failed ({status}): {excerpt(body)}")
        return _cookie_header(_cookies(jar, headers))
    finally:
        conn.close()


def api_token(base_url: str, username: str, password: str) -> str:
    """The user's API token from POST /api/v1/auth/token/ (counted by the lockout like a login)."""
    conn = Connection(base_url)
    try:
        body = json.dumps({"username": username, "password": password}).encode()
        status, _, answer = conn.send(
            Call("POST", reverse("api:token"), body, {"Content-Type": "application/json"})
        )
    finally:
        conn.close()
    if status != 200:
        raise BenchError(f"token for {username} refused ({status}): {excerpt(answer)}")
    return json.loads(answer)["token"]


def _cookies(jar: dict[str, str], headers: http.client.HTTPMessage) -> dict[str, str]:
    cookies = SimpleCookie()
    for header in headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    return {**jar, **{name: morsel.value for name, morsel in cookies.items()}}


def _cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in jar.items())


def excerpt(body: bytes, limit: int = 300) -> str:
    """A response body for a message: tags stripped, whitespace squeezed, truncated."""
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]*>", " ", body.decode("utf-8", "replace"))).strip()
    return text if len(text) <= limit else text[:limit] + "…"
