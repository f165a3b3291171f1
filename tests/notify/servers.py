"""Local stand-ins for the outside world: an SMTP sink and a robot webhook, on 127.0.0.1, port 0."""

from __future__ import annotations

import json
import socketserver
import threading
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, HTTPServer


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib: EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT."""

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        self.reply("220 sink ready")
        sender, rcpts = None, []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line.decode(errors="replace").strip().split(" ", 1)[0].upper()
            if verb in {"EHLO", "HELO"}:
                self.reply("250-sink\r\n250 8BITMIME")
            elif verb == "MAIL":
                sender, rcpts = line.decode().split(":", 1)[1].strip(), []
                self.reply("250 ok")
            elif verb == "RCPT":
                rcpts.append(line.decode().split(":", 1)[1].strip().strip("<>"))
                self.reply("250 ok")
            elif verb == "DATA":
                self.reply("354 end with .")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                self.server.messages.append(
                    {"from": sender, "to": rcpts, "message": message_from_bytes(data, policy=policy.default)}
                )
                self.reply("250 queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")


class SMTPSink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _SMTPHandler)
        self.messages: list[dict] = []
        self.port = self.server_address[1]
        threading.Thread(target=self.serve_forever, daemon=True).start()


class FakeRobot(HTTPServer):
    """Answers each POST with the next status in ``script`` (the last one repeats), like a robot would."""

    def __init__(self, script: list[int]) -> None:
        self.script, self.calls = list(script), []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(handler) -> None:
                body = handler.rfile.read(int(handler.headers["Content-Length"]))
                self.calls.append({"path": handler.path, "json": json.loads(body)})
                status = self.script.pop(0) if len(self.script) > 1 else self.script[0]
                payload = (
                    {"errcode": 0, "errmsg": "ok"} if status == 200 else {"errcode": 500, "errmsg": "busy"}
                )
                data = json.dumps(payload).encode()
                handler.send_response(status)
                handler.send_header("Content-Type", "application/json")
                handler.send_header("Content-Length", str(len(data)))
                handler.end_headers()
                handler.wfile.write(data)

            def log_message(handler, *args) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}/robot/send?access_token=abc"
        threading.Thread(target=self.serve_forever, daemon=True).start()
