#!/usr/bin/env python3
"""Load benchmark of luoshi's pages and API: p50/p95 latency and requests per second under concurrency.

usage: PYTHONPATH=src:. LUOSHI_DATA_DIR=DIR python bench/web.py [--clients 1,8,32] [--seconds 10] ...
Starts `luoshi serve` on a free port (or uses --base-url), logs in once per account, then for each number
of clients runs every scenario for a warm-up and a timed window. Each client is a thread with its own
keep-alive HTTP/1.1 connection. `me` (GET /api/v1/me/) is always measured as the framework's floor, and
every scenario is compared with it at the same concurrency. Run `python bench/web.py --help` for more.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import math
import os
import sys
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict
from functools import cached_property
from pathlib import Path
from urllib.parse import urlencode

from django.urls import reverse

from bench.web_client import BenchError, Call, Connection, Result, Scenario, api_token, excerpt, login
from bench.web_server import serve

BASELINE = "me"
SCENARIOS: dict[str, str] = {
    BASELINE: "GET /api/v1/me/ with a token (the framework's floor)",
    "ledger-unit": "任务台账 page as the staff account (one unit's tasks)",
    "ledger-head": "任务台账 page as the head (every unit's tasks)",
    "inbox": "我的待办 page as the staff account",
    "overview": "领导总览 page as the head",
    "task-page": "the head's page of the task with the most feedback rows"
    " (capped: the fewest of those >= 50)",
    "api-tasks": "GET /api/v1/tasks/?lead_unit=<staff's unit>&page_size=50 with the staff account's token",
    "feedback-write": "POST /api/v1/tasks/<id>/feedback/ (fresh Idempotency-Key),"
    " round robin over open tasks",
}
MANY_FEEDBACK = 50  # the task page: one with 50 feedback rows
WRITE_POOL = 200  # at most this many open tasks take the feedback writes
ERROR_SAMPLES = 3


class Setup:
    """What the scenarios share: the server, the two accounts and their logins, each made once.

    The ORM lookups need Django set up against the server's database (same LUOSHI_* environment).
    """

    def __init__(self, base_url: str, *, staff: str, head: str, password: str) -> None:
        self.base_url, self.staff, self.head, self._password = base_url, staff, head, password
        self._sessions: dict[str, str] = {}
        self._tokens: dict[str, str] = {}

    def session(self, username: str) -> dict[str, str]:
        if username not in self._sessions:
            self._sessions[username] = login(self.base_url, username, self._password)
        return {"Cookie": self._sessions[username]}

    def token(self, username: str) -> dict[str, str]:
        if username not in self._tokens:
            self._tokens[username] = api_token(self.base_url, username, self._password)
        return {"Authorization": f"Token {self._tokens[username]}", "Accept": "application/json"}

    @cached_property
    def staff_unit(self) -> int:
        from luoshi.org.models import Person

        person = Person.objects.filter(user__username=self.staff).first()
        if person is None or person.unit_id is None:
            raise BenchError(f"{self.staff} is not a person of a unit")
        return person.unit_id

    @cached_property
    def page_task(self) -> tuple[int, int]:
        """(task id, feedback rows) of a task the head sees: of those with >= 50 rows the one with the fewest
        (the issue's page, not a pile a write benchmark left), else the one with the most."""
        from django.contrib.auth import get_user_model
        from django.db.models import Count

        from luoshi.tasks.models import Task

        head = get_user_model().objects.filter(username=self.head).first()
        tasks = Task.objects.restrict(head, "view").annotate(rows=Count("feedback")).order_by("-rows", "pk")
        chosen = tasks.filter(rows__gte=MANY_FEEDBACK).order_by("rows", "pk").first() or tasks.first()
        if chosen is None:
            raise BenchError(f"{self.head} sees no task")
        return chosen.pk, chosen.rows

    @cached_property
    def write_pool(self) -> list[int]:
        """Open tasks of the staff account's unit, without task-page's task when others exist."""
        from luoshi.tasks.choices import TaskStatus
        from luoshi.tasks.models import Task

        pool = list(
            Task.objects.filter(
                lead_unit=self.staff_unit, status__in=[TaskStatus.ACKNOWLEDGED, TaskStatus.IN_PROGRESS]
            )
            .order_by("pk")
            .values_list("pk", flat=True)[: WRITE_POOL + 1]
        )
        if not pool:
            raise BenchError(f"no acknowledged or in-progress task led by {self.staff}'s unit")
        return [pk for pk in pool if pk != self.page_task[0]][:WRITE_POOL] or pool


def build_scenario(name: str, setup: Setup) -> Scenario:
    """The scenario called name: its ORM lookups and logins are done here, before any timing."""
    staff, head = setup.staff, setup.head

    def get(path: str, auth: dict[str, str]) -> Callable[[int, int, int], Call]:
        call = Call("GET", path, headers=auth)
        return lambda client, n, clients: call

    if name == BASELINE:
        return Scenario(name, staff, get(reverse("api:me"), setup.token(staff)))
    if name == "ledger-unit":
        return Scenario(name, staff, get(reverse("tasks:ledger"), setup.session(staff)))
    if name == "ledger-head":
        return Scenario(name, head, get(reverse("tasks:ledger"), setup.session(head)))
    if name == "inbox":
        return Scenario(name, staff, get(reverse("tasks:inbox"), setup.session(staff)))
    if name == "overview":
        return Scenario(name, head, get(reverse("tasks:overview"), setup.session(head)))
    if name == "task-page":
        pk, rows = setup.page_task
        fewer = "" if rows >= MANY_FEEDBACK else f" (no task the head sees has {MANY_FEEDBACK})"
        return Scenario(
            name,
            head,
            get(reverse("tasks:detail", args=[pk]), setup.session(head)),
            f"task {pk}, {rows} feedback rows{fewer}",
        )
    if name == "api-tasks":
        path = f"{reverse('api:task-list')}?{urlencode({'lead_unit': setup.staff_unit, 'page_size': 50})}"
        return Scenario(name, staff, get(path, setup.token(staff)), f"lead_unit={setup.staff_unit}")
    if name == "feedback-write":
        return _feedback_write(setup)
    raise BenchError(f"unknown scenario {name!r}")


def _feedback_write(setup: Setup) -> Scenario:
    pool, auth = setup.write_pool, setup.token(setup.staff)
    paths = [reverse("api:task-feedback", args=[pk]) for pk in pool]

    def next_call(client: int, n: int, clients: int) -> Call:
        """Client i's n-th write goes to pool[(i + n * clients) % len(pool)]: clients writing at the same
        moment hit different tasks while the pool is at least as large as the number of clients."""
        body = json.dumps(
            {"progress_text": f"压力测试复命：客户端{client}第{n}次", "percent": 50}, ensure_ascii=False
        ).encode()
        return Call(
            "POST",
            paths[(client + n * clients) % len(paths)],
            body,
            {**auth, "Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())},
        )

    return Scenario(
        "feedback-write", setup.staff, next_call, f"{len(pool)} open task(s) of unit {setup.staff_unit}"
    )


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0–100) of values; 0 when there are none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(1, math.ceil(p / 100 * len(ordered))) - 1]


def measure(base_url: str, scenario: Scenario, clients: int, seconds: float, warmup: float) -> Result:
    """Run scenario with `clients` threads for warmup + seconds; requests begun in the warm-up don't count."""
    clock: dict[str, float] = {}
    barrier = threading.Barrier(clients, action=lambda: clock.setdefault("start", time.perf_counter()))
    latencies: list[list[float]] = [[] for _ in range(clients)]
    ends: list[float] = [0.0] * clients
    failures: list[list[str]] = [[] for _ in range(clients)]

    def client(index: int) -> None:
        conn = Connection(base_url)
        barrier.wait()
        counted_from = clock["start"] + warmup
        stop = counted_from + seconds
        n = 0
        while (started := time.perf_counter()) < stop:
            call = scenario.next_call(index, n, clients)
            n += 1
            try:
                status, _, body = conn.send(call)
                failure = (
                    None if 200 <= status < 300 else f"{status} {call.method} {call.path}: {excerpt(body)}"
                )
            except (OSError, http.client.HTTPException) as exc:
                failure = f"{type(exc).__name__} {call.method} {call.path}: {exc}"
            finished = time.perf_counter()
            if started >= counted_from:
                latencies[index].append(finished - started)
                ends[index] = finished
                if failure:
                    failures[index].append(failure)
        conn.close()

    threads = [
        threading.Thread(target=client, args=(i,), name=f"{scenario.name}-{i}", daemon=True)
        for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    all_latencies = [x for per_client in latencies for x in per_client]
    all_failures = [x for per_client in failures for x in per_client]
    window = max(ends) - (clock["start"] + warmup)
    return Result(
        scenario.name,
        clients,
        len(all_latencies),
        len(all_failures),
        round(percentile(all_latencies, 50) * 1000, 2),
        round(percentile(all_latencies, 95) * 1000, 2),
        round(len(all_latencies) / window, 2) if window > 0 else 0.0,
        all_failures[:ERROR_SAMPLES],
    )


def compare_with_baseline(results: list[Result]) -> None:
    """Fill rps/me and p95/me from the `me` result at the same concurrency."""
    floors = {r.clients: r for r in results if r.scenario == BASELINE}
    for result in results:
        floor = floors.get(result.clients)
        if floor and floor.rps and floor.p95_ms:
            result.rps_vs_me = round(result.rps / floor.rps, 3)
            result.p95_vs_me = round(result.p95_ms / floor.p95_ms, 2)


TABLE_HEADER = (
    f"{'scenario':<16}{'requests':>9}{'errors':>8}{'p50 ms':>10}{'p95 ms':>10}{'rps':>10}"
    f"{'rps/me':>9}{'p95/me':>9}"
)


def format_table(results: list[Result]) -> str:
    """One block per concurrency: scenario, requests, errors, p50, p95, rps and the ratios to `me`."""
    lines: list[str] = []
    for clients in sorted({r.clients for r in results}):
        lines += ["", f"{clients} client{'s' if clients > 1 else ''}", TABLE_HEADER]
        for r in (r for r in results if r.clients == clients):
            ratio = (
                f"{r.rps_vs_me:>9.3f}{r.p95_vs_me:>9.2f}" if r.rps_vs_me is not None else f"{'—':>9}{'—':>9}"
            )
            lines.append(
                f"{r.scenario:<16}{r.requests:>9}{r.errors:>8}{r.p50_ms:>10.1f}{r.p95_ms:>10.1f}"
                f"{r.rps:>10.1f}{ratio}"
            )
    return "\n".join(lines[1:])


def run(
    base_url: str,
    scenarios: list[Scenario],
    clients: Sequence[int],
    seconds: float,
    warmup: float,
    progress: Callable[[str], None] = lambda line: None,
) -> list[Result]:
    """Every scenario at every concurrency: the concurrencies outermost, so each is compared with a
    `me` measured minutes, not a whole run, apart."""
    results: list[Result] = []
    for n in clients:
        for scenario in scenarios:
            progress(f"{scenario.name} × {n} client(s)…")
            results.append(measure(base_url, scenario, n, seconds, warmup))
    compare_with_baseline(results)
    return results


def _positive_ints(text: str) -> list[int]:
    try:
        values = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {text!r}") from None
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError("give positive numbers, e.g. 1,8,32")
    return values


def _scenario_names(text: str) -> list[str]:
    names = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [name for name in names if name not in SCENARIOS]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown scenario(s) {', '.join(unknown)}; choose from {', '.join(SCENARIOS)}"
        )
    # `me` first, always: every other scenario is compared with it.
    return [BASELINE, *(name for name in SCENARIOS if name in names and name != BASELINE)]


def parse_args(argv: Sequence[str] | None, default_workers: int) -> argparse.Namespace:
    scenario_help = "\n".join(f"  {name:<15} {what}" for name, what in SCENARIOS.items())
    parser = argparse.ArgumentParser(
        prog="bench/web.py",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Load benchmark of luoshi's pages and API: p50/p95 latency (ms) and requests per second\n"
        "per scenario and number of concurrent clients, each compared with GET /api/v1/me/.",
        epilog=f"""scenarios:
{scenario_help}

the database:
  The script reads the database through the ORM (the staff account's unit, the task page's task, the
  open tasks for the writes) and the server it starts uses the same environment. Point both at a
  dataset with the usual settings, e.g. a generated one:
    PYTHONPATH=src:. LUOSHI_DATA_DIR=/tmp/webbench python bench/web.py
    PYTHONPATH=src:. LUOSHI_DATABASE_URL=postgres://u:p@host:5432/luoshi python bench/web.py
  With --base-url the server is yours: give this script the LUOSHI_* settings of that server's
  database (and run it with LUOSHI_TICK_SECONDS=0 and plain HTTP, or HTTPS with --base-url https://…).
  The demo data is enough (`luoshi demo --no-serve`). Accounts need password PASSWORD; each is logged
  in once (a session for pages, a token for the API), so a wrong password costs one lockout attempt.

what it changes:
  feedback-write adds real feedback rows (复命) and idempotency keys: run it on a scratch copy.

the server:
  Without --base-url, `python -m luoshi.cli serve` (that is, `luoshi serve`) runs on a free loopback
  port with LUOSHI_TICK_SECONDS=0 and LUOSHI_HTTPS=0; its output (gunicorn's access log) goes to
  DATA_DIR/logs/bench-web-server.log, and it is stopped afterwards (its whole process group).

output:
  A table per concurrency; rps/me and p95/me are the ratios to `me` at the same concurrency. Non-2xx
  answers are errors: their first bodies are printed and the exit status is 1. It is 2 when the
  benchmark cannot run (a refused login, no task to use, a server that does not start).""",
    )
    parser.add_argument(
        "--clients",
        type=_positive_ints,
        default=[1, 8, 32],
        metavar="N,N,…",
        help="concurrent clients, one run per number (default: 1,8,32)",
    )
    parser.add_argument(
        "--seconds", type=float, default=10.0, help="timed seconds per scenario and concurrency (default: 10)"
    )
    parser.add_argument(
        "--warmup", type=float, default=2.0, help="seconds before each timed window, not counted (default: 2)"
    )
    parser.add_argument(
        "--scenarios",
        type=_scenario_names,
        default=_scenario_names(",".join(SCENARIOS)),
        metavar="NAME,…",
        help="a subset of the scenarios below (me is always measured)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=default_workers,
        help=f"gunicorn workers of the started server (default: {default_workers}, as luoshi serve)",
    )
    parser.add_argument(
        "--base-url", metavar="URL", help="benchmark a running server instead of starting one"
    )
    parser.add_argument("--user", default="gb1-staff", help="the unit staff account (default: gb1-staff)")
    parser.add_argument("--head", default="head", help="the account that sees every unit (default: head)")
    parser.add_argument(
        "--password", default="luoshi-demo", help="both accounts' password (default: luoshi-demo)"
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write every figure to FILE as JSON")
    return parser.parse_args(argv)


def _progress(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connections

    from luoshi.cli import DEFAULT_WORKERS

    args = parse_args(argv, DEFAULT_WORKERS)
    log_path = settings.DATA_DIR / "logs" / "bench-web-server.log"
    try:
        with contextlib.ExitStack() as stack:
            if args.base_url:
                base_url = args.base_url.rstrip("/")
            else:
                _progress(f"starting luoshi serve --workers {args.workers}; its log: {log_path}")
                base_url = stack.enter_context(serve(args.workers, log_path))
            setup = Setup(base_url, staff=args.user, head=args.head, password=args.password)
            scenarios = [build_scenario(name, setup) for name in args.scenarios]
            connections.close_all()  # the load is the server's alone
            _progress(f"{base_url}, database {settings.DATABASES['default']['NAME']}")
            for scenario in scenarios:
                print(
                    f"{scenario.name:<16}as {scenario.username}"
                    f"{', ' + scenario.note if scenario.note else ''}"
                )
            results = run(base_url, scenarios, args.clients, args.seconds, args.warmup, _progress)
    except BenchError as exc:
        print(f"bench/web.py: {exc}", file=sys.stderr)
        return 2
    server = f"server {base_url}" if args.base_url else f"{args.workers} gunicorn workers, log {log_path}"
    print(f"{args.seconds:g} s per run after {args.warmup:g} s of warm-up; {server}")
    print(format_table(results))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "base_url": base_url,
                    "workers": None if args.base_url else args.workers,
                    "server_log": None if args.base_url else str(log_path),
                    "seconds": args.seconds,
                    "warmup": args.warmup,
                    "scenarios": {s.name: {"user": s.username, "note": s.note} for s in scenarios},
                    "results": [asdict(r) for r in results],
                },
                ensure_ascii=False,
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
    failed = [r for r in results if r.errors]
    if not failed:
        return 0
    print(f"\nERRORS: {sum(r.errors for r in failed)} request(s) failed; these figures are not valid.")
    for r in failed:
        print(f"  {r.scenario} × {r.clients}: {r.errors} error(s)")
        for sample in r.error_samples:
            print(f"    {sample}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
