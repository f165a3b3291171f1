"""gunicorn, started with luoshi's configuration, does not name itself in its answers."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_answers_say_server_luoshi_not_gunicorn(tmp_path):
    port = free_port()
    env = {**os.environ, "LUOSHI_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "tests.settings"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "luoshi.wsgi:application",
            "--config",
            "python:luoshi.gunicorn_conf",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/no-such-thing/", timeout=2)
            except urllib.error.HTTPError as answer:
                headers = answer.headers
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("gunicorn did not answer")
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert headers["Server"] == "luoshi" and "gunicorn" not in str(headers).lower()
