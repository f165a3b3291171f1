import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from luoshi.extract import extract

TEXT = (
    "同志们：\n今天讲两点。一要认真学习。各科室要在6月底前完成专题学习；"
    "二要抓好落实，干部一科要在两周内报送方案。"
)


class FakeModel(BaseHTTPRequestHandler):
    answer: object = None
    status = 200
    seen: list = []

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        FakeModel.seen.append(
            (self.path, self.headers.get("Authorization"), json.loads(self.rfile.read(length)))
        )
        body = json.dumps({"choices": [{"message": {"content": FakeModel.answer}}]}).encode()
        self.send_response(FakeModel.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server(monkeypatch):
    httpd = HTTPServer(("127.0.0.1", 0), FakeModel)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    monkeypatch.setenv("LUOSHI_LLM_BASE_URL", f"http://127.0.0.1:{httpd.server_port}/v1")
    monkeypatch.setenv("LUOSHI_LLM_MODEL", "qwen-local")
    monkeypatch.setenv("LUOSHI_LLM_API_KEY", "k")
    FakeModel.status, FakeModel.seen = 200, []
    yield FakeModel
    httpd.shutdown()


def test_model_quotes_become_contract_items(server):
    server.answer = json.dumps(
        {"items": [{"quote": "一要认真学习。各科室要在6月底前完成专题学习"}, {"quote": "不在原文里的句子"}]},
        ensure_ascii=False,
    )
    r = extract(TEXT, base_date=dt.date(2026, 3, 18), engine="llm")
    assert r.engine == "llm" and len(r.items) == 1
    it = r.items[0]
    assert TEXT[it.start : it.end] == it.text and it.deadline.date == dt.date(2026, 6, 30)
    path, auth, body = server.seen[0]
    assert path == "/v1/chat/completions" and auth == "Bearer k" and body["model"] == "qwen-local"


@pytest.mark.parametrize(
    "answer,status",
    [
        ("这不是 JSON", 200),
        (json.dumps({"foo": 1}), 200),
        (json.dumps({"items": [{"quote": "编造"}]}), 200),
        ("{}", 500),
    ],
)
def test_nonsense_or_failure_falls_back_to_rules(server, answer, status):
    server.answer, server.status = answer, status
    r = extract(TEXT, base_date=dt.date(2026, 3, 18), engine="llm")
    assert r.engine == "rules" and r.items and "规则引擎" in r.notes[0]


def test_unreachable_or_unconfigured_endpoint_falls_back(monkeypatch):
    monkeypatch.setenv("LUOSHI_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("LUOSHI_LLM_MODEL", "m")
    assert extract(TEXT, engine="llm").engine == "rules"
    monkeypatch.delenv("LUOSHI_LLM_BASE_URL")
    assert extract(TEXT, engine="llm").engine == "rules"
