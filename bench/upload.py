"""Two ~1 MB directives entered through the API at once while another client keeps asking /api/v1/me/:
the uploads answer within seconds (a long text becomes a job) and /me/ never waits more than 2 s.

Run it on a scratch copy of the demo data:

    LUOSHI_DATA_DIR=/tmp/upload .venv/bin/luoshi demo --no-serve
    LUOSHI_DATA_DIR=/tmp/upload .venv/bin/python -m bench.upload --chars 1000000 --workers 2
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from bench.web import BenchError, Call, Connection, Setup, percentile, serve

SEED = Path(__file__).parents[1] / "src/luoshi/directives/data/seed-speech.txt"
LIMIT_MS = 2000


def document(chars: int) -> str:
    """The seed speech repeated to ``chars`` characters: a long speech of the kind users paste."""
    seed = SEED.read_text(encoding="utf-8")
    return (seed * (chars // len(seed) + 1))[:chars]


def upload(base_url: str, auth: dict[str, str], text: str, out: dict) -> None:
    body = json.dumps({"title": f"长文件 {len(text):,} 字", "text": text}, ensure_ascii=False).encode()
    conn = Connection(base_url, timeout=300)
    started = time.perf_counter()
    try:
        status, headers, answer = conn.send(
            Call("POST", "/api/v1/directives/", body, {**auth, "Content-Type": "application/json"})
        )
    finally:
        conn.close()
    out.update(
        status=status,
        ms=(time.perf_counter() - started) * 1000,
        started=started,
        status_url=headers.get("Location"),
        body=answer[:300],
    )


def wait_for_job(base_url: str, auth: dict[str, str], out: dict, timeout: float = 600) -> None:
    """Follow the upload's status URL until its job ends; ``out["job"]`` = (outcome, seconds from upload)."""
    if out.get("status") != 202:
        out["job"] = ("-", 0.0)
        return
    url, started = out["status_url"], out["started"]
    out["job"] = ("timeout", timeout)
    conn = Connection(base_url)
    try:
        while time.perf_counter() - started < timeout:
            status, _, answer = conn.send(Call("GET", url, None, auth))
            job = json.loads(answer) if status == 200 else {}
            if job.get("status") in ("done", "failed"):
                error = f"，{job['error']}" if job.get("error") else ""
                outcome = f"{job['status']} ({job.get('found', 0)} 条{error})"
                out["job"] = (outcome, time.perf_counter() - started)
                return
            time.sleep(0.5)
    finally:
        conn.close()


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")
    import django

    django.setup()
    from django.conf import settings

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chars", type=int, default=1_000_000)
    parser.add_argument("--uploads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    text = document(args.chars)
    log_path = settings.DATA_DIR / "logs" / "bench-upload-server.log"
    try:
        with contextlib.ExitStack() as stack:
            base_url = stack.enter_context(serve(args.workers, log_path))
            setup = Setup(base_url, staff="bgs-staff", head="head", password=settings.LUOSHI_DEMO_PASSWORD)
            writer, reader = setup.token("bgs-staff"), setup.token("gb1-staff")
            results: list[dict] = [{} for _ in range(args.uploads)]
            # Each upload, then its job to the end; /me/ is timed the whole while (the jobs share the CPU).
            threads = [
                threading.Thread(
                    target=lambda out=out: (
                        upload(base_url, writer, text, out),
                        wait_for_job(base_url, writer, out),
                    )
                )
                for out in results
            ]
            me, conn = [], Connection(base_url)
            for thread in threads:
                thread.start()
            while any(t.is_alive() for t in threads) or len(me) < 20:
                started = time.perf_counter()
                status, _, _ = conn.send(Call("GET", "/api/v1/me/", None, reader))
                me.append(((time.perf_counter() - started) * 1000, status))
                time.sleep(0.1)
            conn.close()
    except BenchError as exc:
        print(f"bench/upload.py: {exc}", file=sys.stderr)
        return 2
    times = [ms for ms, _ in me]
    for r in results:
        outcome, seconds = r.get("job", ("-", 0.0))
        print(
            f"upload {args.chars:,} chars: {r.get('status')} in {r.get('ms', 0):.0f} ms;"
            f" job {outcome} after {seconds:.1f} s"
        )
    print(
        f"/api/v1/me/ meanwhile ({args.workers} workers): {len(me)} requests,"
        f" p50 {percentile(times, 50):.0f} ms, "
        f"worst {max(times):.0f} ms, non-200: {sum(s != 200 for _, s in me)}"
    )
    bad = (
        max(times) >= LIMIT_MS
        or any(s != 200 for _, s in me)
        or any(r.get("status") not in (201, 202) for r in results)
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
