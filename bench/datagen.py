"""A province in the database: ≈1,500 units, ≈6,000 people and N tasks with a year of work behind them.

    LUOSHI_DATA_DIR=/tmp/province .venv/bin/python bench/datagen.py --tasks 200000
    LUOSHI_DATABASE_URL=postgresql://... .venv/bin/python bench/datagen.py --tasks 200000

A provincial department, 14 city departments with 10 sections each and 100 county departments with 12
sections each; tasks in trees up to four levels deep (province → city → county → county section), spread
over a year around --today, in every state and every light; about ten feedback reports per task, the
timeline the services would have written. Deterministic for a given --seed and
--today. Rows go in with bulk statements (COPY on PostgreSQL), not one save per row.

The demo role accounts exist here too (head, deputy1–4, inspector, gb1-head, gb1-staff, …, jcq-head…,
admin, secadmin, auditor; password luoshi-demo), so bench/web.py and a browser can look at the result.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]  # run as a script as well as imported

from bench.datagen_org import Writer, build_org, stamp
from bench.datagen_tasks import TaskMaker

PASSWORD = "luoshi-demo"


@dataclass
class Stats:
    units: int = 0
    people: int = 0
    tasks: int = 0
    feedback: int = 0
    events: int = 0
    max_depth: int = 0
    seconds: float = 0.0
    lights: dict[str, int] = field(default_factory=dict)


def generate(tasks: int, seed: int = 20261125, today: dt.date | None = None) -> Stats:
    """Load the province into the configured (empty) database; returns what was written."""
    from django.contrib.auth.hashers import make_password
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.utils import timezone

    from luoshi.accounts.choices import AdminRole
    from luoshi.org import services as org_services
    from luoshi.org.models import Unit
    from luoshi.tasks.choices import Light
    from luoshi.tasks.lights import with_lights
    from luoshi.tasks.models import Task
    from luoshi.tasks.rollup import rebuild

    if Unit.objects.exists() or Task.objects.exists():
        raise SystemExit(
            "数据库不是空的：请用一个新的 LUOSHI_DATA_DIR（或新的 PostgreSQL 数据库）运行 datagen。"
        )
    started = time.perf_counter()
    today = today or timezone.localdate()
    rng = random.Random(seed)
    writer = Writer()
    stats = Stats()
    with transaction.atomic():
        for username, name, role in (
            ("admin", "系统管理员", AdminRole.SYSTEM),
            ("secadmin", "安全管理员", AdminRole.SECURITY),
            ("auditor", "审计管理员", AdminRole.AUDIT),
        ):
            org_services.bootstrap_admin(username, name, PASSWORD, role, is_demo=True)
        org = build_org(writer, rng, make_password(PASSWORD), stamp(today - dt.timedelta(days=365), rng))
        maker = TaskMaker(writer, rng, org, today, tasks)
        maker.run()
        writer.flush()
        rebuild()
        from django.apps import apps

        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(
                no_style(), apps.get_models(include_auto_created=True)
            ):
                cursor.execute(sql)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    stats.units, stats.people = len(org.units), len(org.users)
    stats.tasks, stats.feedback, stats.events = maker.count, maker.feedback_id, maker.event_id
    stats.max_depth = maker.max_depth
    stats.lights = {
        light: with_lights(Task.objects.all(), today).filter(light=light).count() for light in Light.values()
    }
    stats.seconds = time.perf_counter() - started
    return stats


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tasks", type=int, default=200_000, help="how many tasks (default 200000)")
    parser.add_argument("--seed", type=int, default=20261125, help="random seed (same seed, same data)")
    parser.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=None,
        help="the day the year of work leads up to (default: today)",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.db import connection

    print(
        f"loading {args.tasks:,} tasks into {connection.vendor} ({connection.settings_dict['NAME']}) …",
        flush=True,
    )
    stats = generate(args.tasks, args.seed, args.today)
    print(
        json.dumps(
            {
                "seconds": round(stats.seconds, 1),
                "units": stats.units,
                "people": stats.people,
                "tasks": stats.tasks,
                "feedback": stats.feedback,
                "feedback_per_task": round(stats.feedback / max(stats.tasks, 1), 2),
                "events": stats.events,
                "max_depth": stats.max_depth,
                "lights": stats.lights,
            },
            ensure_ascii=False,
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
