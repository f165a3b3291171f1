"""bench/web.py's server side: `luoshi serve` (gunicorn) on a free port for the time of a run, stopped
with its workers."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from django.urls import reverse

from bench.web_client import BenchError, Call, Connection


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve(workers: int, log_path: Path, start_timeout: float = 180.0) -> Iterator[str]:
    """`luoshi serve` on a free loopback port (this interpreter, this environment); yields its base URL.

    Its output (gunicorn's access log) goes to log_path. The periodic tick is off and the server speaks
    plain HTTP. On exit the whole process group is stopped: gunicorn's master and its workers.
    """
    port = free_port()
    env = dict(os.environ, LUOSHI_TICK_SECONDS="0", LUOSHI_HTTPS="0")
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "luoshi.cli",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(workers),
            ],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_login_page(base_url, process, log_path, start_timeout)
        yield base_url
    finally:
        _stop(process)


def _wait_for_login_page(base_url: str, process: subprocess.Popen, log_path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log_path.read_text(errors="replace")[-2000:]
            raise BenchError(f"luoshi serve exited with {process.returncode}:\n{tail}")
        conn = Connection(base_url, timeout=5)
        try:
            if conn.send(Call("GET", reverse("accounts:login")))[0] == 200:
                return
        except OSError:
            pass
        finally:
            conn.close()
        time.sleep(0.5)
    raise BenchError(f"the login page did not answer within {timeout:.0f} s; see {log_path}")


def _stop(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
