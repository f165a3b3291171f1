"""The query plans behind the main pages and endpoints, as the database runs them on the loaded province.

    LUOSHI_DATABASE_URL=postgresql://... .venv/bin/python bench/explain.py > plans.md   # EXPLAIN ANALYZE
    LUOSHI_DATA_DIR=/tmp/province .venv/bin/python bench/explain.py                     # SQLite: QUERY PLAN

Each page is requested through Django as the named user; every query it runs against the task tables
is explained, slowest first, so an index a filter lacks shows up as a sequential scan with its time.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

PAGES = [
    ("head", "/tasks/", "任务台账，部长（全部单位）"),
    ("gb1-staff", "/tasks/", "任务台账，一个科室"),
    ("gb1-staff", "/tasks/?light=red", "任务台账，红灯"),
    ("gb1-staff", "/tasks/inbox/", "我的待办"),
    ("head", "/tasks/overview/", "领导总览"),
    ("gb1-staff", "/api/v1/tasks/?page_size=50&lead_unit={gb1}", "任务列表 API，按单位"),
    ("head", "/tasks/{task}/", "任务页（50 条复命）"),
]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--min-ms", type=float, default=1.0, help="explain queries slower than this (default 1)"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from luoshi.org.models import Unit
    from luoshi.tasks.models import Task

    settings.ALLOWED_HOSTS = ["*"]
    task = (
        Task.objects.annotate(n=Count("feedback"))
        .filter(n__gte=50)
        .order_by("pk")
        .values_list("pk", flat=True)[0]
    )
    names = {"gb1": Unit.objects.get(code="gb1").pk, "task": task}
    postgres = connection.vendor == "postgresql"
    print(f"# Query plans on {connection.vendor}, {Task.objects.count():,} tasks\n")
    for username, path, label in PAGES:
        path = path.format(**names)
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        client.get(path, secure=True)
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            status = client.get(path, secure=True).status_code
            elapsed = (time.perf_counter() - started) * 1000
        print(
            f"## {label}: `{path}` as {username} — {status}, {elapsed:.0f} ms, "
            f"{len(ctx.captured_queries)} queries\n"
        )
        for query in sorted(ctx.captured_queries, key=lambda q: -float(q["time"])):
            ms = float(query["time"]) * 1000
            if ms < args.min_ms or "tasks_" not in query["sql"]:
                continue
            with connection.cursor() as cursor:
                cursor.execute(
                    ("EXPLAIN (ANALYZE, BUFFERS) " if postgres else "EXPLAIN QUERY PLAN ") + query["sql"]
                )
                plan = "\n".join(
                    " | ".join(str(c) for c in row) if not postgres else row[0] for row in cursor.fetchall()
                )
            print(f"{ms:.1f} ms: `{query['sql'][:160]}…`\n\n```\n{plan}\n```\n")


if __name__ == "__main__":
    main()
