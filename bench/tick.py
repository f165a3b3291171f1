"""One tick over the whole province, and the Excel export of a 100,000-row ledger: time and peak memory.

    LUOSHI_DATA_DIR=/tmp/province .venv/bin/python bench/tick.py            # after bench/datagen.py
    LUOSHI_DATABASE_URL=postgresql://... .venv/bin/python bench/tick.py --rows 100000

The tick runs as `luoshi tick` would (every reminder, escalation and digest of the day, then the outbox)
inside a transaction that is rolled back, so the figure is the same on every run. Each part runs in a
child process of its own (bench/child.py), so its peak memory (maximum resident set size) is its own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from bench.child import measured


class _Rollback(Exception):
    pass


def measure_tick(today: dt.date | None) -> dict[str, Any]:
    from django.db import transaction

    from luoshi.notify.tick import tick
    from luoshi.tasks.models import Task

    started = time.perf_counter()
    try:
        with transaction.atomic():
            result = tick(today)
            elapsed = time.perf_counter() - started
            raise _Rollback
    except _Rollback:
        pass
    return {
        "seconds": round(elapsed, 2),
        "tasks": Task.objects.count(),
        "reminders": result.reminders,
        "escalations": result.escalations,
        "throttled": result.throttled,
        "digests": result.digests,
        "summary": result.summary(),
    }


def measure_export(rows: int, username: str) -> dict[str, Any]:
    """Through the page's own view, streamed to a file, as a browser would receive it."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client
    from openpyxl import load_workbook

    from luoshi.tasks.models import Task

    settings.ALLOWED_HOSTS = ["*"]
    cutoff = Task.objects.order_by("due_date", "id").values_list("due_date", flat=True)[rows - 1]
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    started = time.perf_counter()
    response = client.get("/tasks/export.xlsx", {"due_before": cutoff.isoformat()}, secure=True)
    first = None
    size = 0
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as out:
        for chunk in response.streaming_content:
            first = first or time.perf_counter() - started
            size += len(chunk)
            out.write(chunk)
        elapsed = time.perf_counter() - started
        out.flush()
        sheet = load_workbook(out.name, read_only=True).worksheets[0]
        written = sum(1 for _ in sheet.iter_rows(min_row=2, values_only=True))
    return {
        "status": response.status_code,
        "rows": written,
        "seconds": round(elapsed, 2),
        "first_byte_seconds": round(first or 0, 2),
        "megabytes": round(size / 2**20, 2),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--rows", type=int, default=100_000, help="rows in the exported ledger (default 100000)"
    )
    parser.add_argument("--user", default="head", help="who exports (default head: every unit)")
    parser.add_argument(
        "--today", type=dt.date.fromisoformat, default=None, help="the tick's day (default today)"
    )
    parser.add_argument("--only", choices=["tick", "export"], help="run one part")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")
    figures: dict[str, Any] = {}
    if args.only in (None, "tick"):
        figures["tick"] = measured(measure_tick, args.today)
    if args.only in (None, "export"):
        figures["export"] = measured(measure_export, args.rows, args.user)
    print(json.dumps(figures, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
