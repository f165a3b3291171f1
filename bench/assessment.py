"""Scoring a province: every section and county department of a generated province, 30 indicators, a year.

    LUOSHI_DATA_DIR=/tmp/prov-sqlite .venv/bin/python bench/datagen.py --tasks 200000   # once
    LUOSHI_DATA_DIR=/tmp/prov-sqlite .venv/bin/python bench/assessment.py --year 2026

Makes (once) a scheme of 30 scoring indicators (26 computed from the data, cycling the seven figures, and
the four judged ones), opens the year, its last quarter and one month, and times computing each — every
unit scored, ranked and stored as a new version — then reading the ranking and one unit's score page.
Prints seconds and the number of SQL statements of each step.

With ``--clients 8`` it then publishes the month (so every business user reads its ranking) and measures
the ranking page served by gunicorn (bench/web.py's method: p50/p95 at that many clients, beside `me` as
the floor), as the head and as a section's staff member, and one page of the largest group:

    LUOSHI_DATA_DIR=/tmp/prov-sqlite PYTHONPATH=src:. .venv/bin/python bench/assessment.py --clients 8
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

TASK_METRICS = ["ack_on_time", "feedback_on_time", "close_on_time", "overdue", "extensions"]
PROBLEM_METRICS = ["problems_on_time", "recurrences"]


def indicators(assessors: list[int]) -> dict[str, list[dict[str, Any]]]:
    from luoshi.assessment.defaults import standard_indicators

    tasks = [
        {"name": f"任务指标{n + 1}", "weight": 5, "kind": "auto", "metric": TASK_METRICS[n % 5]}
        for n in range(20)
    ]
    problems = [
        {
            "name": f"问题指标{n + 1}",
            "weight": 17 if n < 4 else 16,
            "kind": "auto",
            "metric": PROBLEM_METRICS[n % 2],
        }
        for n in range(6)
    ]
    return {
        "process": [
            {"name": "任务落实", "weight": 70, "children": tasks},
            {"name": "问题整改", "weight": 30, "children": problems},
        ],
        "effect": standard_indicators(assessors)["effect"],
    }


def timed(label: str, run: Any) -> Any:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = run()
        seconds = time.perf_counter() - started
    print(f"{label:<44} {seconds:8.2f} s  {len(queries):6d} SQL")
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--year", type=int, default=None, help="the year to score (default: this year)")
    parser.add_argument("--month", type=int, default=11, help="the month also scored (default 11)")
    parser.add_argument("--clients", default="", help="also serve the month's ranking page at these clients")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2, one per core)")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from luoshi.assessment import services
    from luoshi.assessment.explain import explain, ranking, visible_scores
    from luoshi.assessment.models import Indicator, Period, Scheme, UnitScore
    from luoshi.org.models import Person

    year = args.year or timezone.localdate().year
    head = get_user_model().objects.get(username="head")
    scheme = Scheme.objects.filter(year=year).first()
    if scheme is None:
        judges = list(
            Person.objects.filter(user__username__in=["head", "deputy1"]).values_list("pk", flat=True)
        )
        scheme = services.create_scheme(
            actor=head, year=year, name="", process_weight=40, effect_weight=60, indicators=indicators(judges)
        )
    leaves = Indicator.objects.filter(scheme=scheme).exclude(kind="group").count()
    print(f"scheme {scheme.name}: {leaves} scoring indicators")
    for kind, day in (
        ("year", dt.date(year, 6, 30)),
        ("quarter", dt.date(year, 10, 1)),
        ("month", dt.date(year, args.month, 1)),
    ):
        period = Period.objects.filter(scheme=scheme, kind=kind, starts_on__lte=day, ends_on__gte=day).first()
        if period is None:
            period = services.open_period(scheme, actor=head, kind=kind, day=day)
        if period.is_locked:
            services.reopen_period(period, actor=head, reason="基准测试")
        timed(f"compute {period.name}", lambda p=period: services.compute_period(p, actor=head))
        period.refresh_from_db()
        scores = UnitScore.objects.filter(period=period, version=period.version)
        print(
            f"  {scores.count()} units scored, {scores.filter(assessable=True).count()} ranked,"
            f" version {period.version}"
        )
        timed(
            "  ranking (the head: every unit)", lambda p=period: sum(len(g.scores) for g in ranking(p, head))
        )
        one = visible_scores(period, head).filter(assessable=True).first()
        if one is not None:
            timed(f"  one unit's score page ({one.unit.name})", lambda p=period, s=one: explain(p, [s]))
    if args.clients:
        services.publish_period(period, actor=head)
        page_figures(period.pk, [int(c) for c in args.clients.split(",")], args)


def page_figures(period: int, clients: list[int], args: Any) -> None:
    """The ranking page of a published period under load, as the head and as a section's staff member, and
    the card of the largest group paged to its middle (as htmx asks for it); `me` (GET /api/v1/me/) is
    measured beside them as the framework's floor on the same shared cores."""
    from django.conf import settings
    from django.db import connections
    from django.db.models import Count
    from django.urls import reverse

    from bench.web import BASELINE, Call, Scenario, api_token, format_table, login, run, serve
    from luoshi.assessment.models import Period, UnitScore
    from luoshi.assessment.standings import PER_PAGE

    shown = Period.objects.get(pk=period).published_version
    largest = (
        UnitScore.objects.filter(period_id=period, version=shown)
        .values("peer_group")
        .annotate(units=Count("id"))
        .order_by("-units")
        .first()
    )
    connections.close_all()
    path = reverse("assessment:period", args=[period])
    with serve(args.workers, settings.DATA_DIR / "logs" / "bench-assessment-server.log") as base:
        token = {"Authorization": f"Token {api_token(base, 'gb1-staff', 'luoshi-demo')}"}
        calls = {
            BASELINE: ("gb1-staff", Call("GET", reverse("api:me"), headers=token)),
            "ranking-head": (
                "head",
                Call("GET", path, headers={"Cookie": login(base, "head", "luoshi-demo")}),
            ),
            "ranking-unit": (
                "gb1-staff",
                Call("GET", path, headers={"Cookie": login(base, "gb1-staff", "luoshi-demo")}),
            ),
        }
        if largest is not None:
            middle = largest["units"] // PER_PAGE // 2 + 1
            calls["ranking-group-page"] = (
                "head",
                Call(
                    "GET",
                    f"{path}?group={largest['peer_group']}&page={middle}",
                    headers={"Cookie": calls["ranking-head"][1].headers["Cookie"], "HX-Request": "true"},
                ),
            )
        scenarios = [
            Scenario(name, user, lambda client, n, count, c=call: c) for name, (user, call) in calls.items()
        ]
        results = run(base, scenarios, clients, args.seconds, args.warmup)
    print(f"\n{args.seconds:g} s per run after {args.warmup:g} s of warm-up, {args.workers} gunicorn workers")
    print(format_table(results))


if __name__ == "__main__":
    main()
