"""Mixed load with a ledger of writes: N clients for S seconds, each reading (task list API,
任务台账, 我的待办) and reporting progress (复命) through the API with a fresh Idempotency-Key,
against `luoshi serve`.

Afterwards every write the server acknowledged (2xx) is looked up in the database by its marker: the run
fails on any error or any acknowledged write that is missing. Run it on a scratch copy of the demo data
(`luoshi demo --no-serve` in a fresh LUOSHI_DATA_DIR, or under scripts/with-postgres.sh):

    LUOSHI_DATA_DIR=/tmp/soak .venv/bin/luoshi demo --no-serve
    LUOSHI_DATA_DIR=/tmp/soak .venv/bin/python -m bench.soak --clients 32 --seconds 60
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import sys
import threading
import time
import uuid
from collections.abc import Sequence

from django.urls import reverse

from bench.web import BenchError, Call, Connection, Setup, percentile, serve


def run(base_url: str, setup: Setup, clients: int, seconds: float) -> dict:
    """Every client loops read, read, read, write until the time is up; returns counts and the markers of the
    acknowledged writes."""
    tag = uuid.uuid4().hex[:8]
    pool = [reverse("api:task-feedback", args=[pk]) for pk in setup.write_pool]
    reads = [
        ("GET", reverse("api:task-list") + "?page_size=50", setup.token(setup.staff)),
        ("GET", reverse("tasks:ledger"), setup.session(setup.staff)),
        ("GET", reverse("tasks:inbox"), setup.session(setup.head)),
    ]
    write_auth = setup.token(setup.staff)
    acknowledged: list[list[str]] = [[] for _ in range(clients)]
    errors: list[list[str]] = [[] for _ in range(clients)]
    latencies: list[list[float]] = [[] for _ in range(clients)]
    barrier = threading.Barrier(clients)

    def client(index: int) -> None:
        conn = Connection(base_url)
        barrier.wait()
        stop, n = time.perf_counter() + seconds, 0
        while time.perf_counter() < stop:
            marker = f"soak {tag} {index} {n}"
            if n % 4 == 3:
                body = json.dumps({"progress_text": marker, "percent": 50}, ensure_ascii=False).encode()
                call = Call(
                    "POST",
                    pool[(index + n * clients) % len(pool)],
                    body,
                    {**write_auth, "Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())},
                )
            else:
                method, path, auth = reads[n % 4]
                call = Call(method, path, None, auth)
            n += 1
            started = time.perf_counter()
            try:
                status, _, answer = conn.send(call)
            except (OSError, http.client.HTTPException) as exc:
                errors[index].append(f"{type(exc).__name__} {call.method} {call.path}")
                continue
            latencies[index].append(time.perf_counter() - started)
            if not 200 <= status < 300:
                errors[index].append(f"{status} {call.method} {call.path}: {answer[:200]!r}")
            elif call.method == "POST":
                acknowledged[index].append(marker)
        conn.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = [x for per_client in latencies for x in per_client]
    return {
        "tag": tag,
        "requests": len(every),
        "errors": [e for per in errors for e in per],
        "acknowledged": {m for per in acknowledged for m in per},
        "p95_ms": round(percentile(every, 95) * 1000, 1),
    }


def missing_writes(tag: str, acknowledged: set[str]) -> set[str]:
    from luoshi.tasks.models import Feedback

    stored = set(
        Feedback.objects.filter(progress_text__startswith=f"soak {tag} ").values_list(
            "progress_text", flat=True
        )
    )
    return acknowledged - stored


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connections

    from luoshi.cli import DEFAULT_WORKERS

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    args = parser.parse_args(argv)
    log_path = settings.DATA_DIR / "logs" / "bench-soak-server.log"
    try:
        with contextlib.ExitStack() as stack:
            base_url = stack.enter_context(serve(args.workers, log_path))
            setup = Setup(base_url, staff="gb1-staff", head="head", password=settings.LUOSHI_DEMO_PASSWORD)
            setup.write_pool  # noqa: B018 - looked up before the load, not during it
            connections.close_all()
            result = run(base_url, setup, args.clients, args.seconds)
    except BenchError as exc:
        print(f"bench/soak.py: {exc}", file=sys.stderr)
        return 2
    lost = missing_writes(result["tag"], result["acknowledged"])
    print(
        f"{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}: "
        f"{args.clients} clients × {args.seconds:g} s,"
        f" {args.workers} workers: {result['requests']} requests, p95 {result['p95_ms']} ms,"
        f" {len(result['errors'])} errors; {len(result['acknowledged'])} writes acknowledged,"
        f" {len(lost)} missing"
    )
    for sample in result["errors"][:10]:
        print(f"  {sample}")
    return 1 if result["errors"] or lost else 0


if __name__ == "__main__":
    sys.exit(main())
