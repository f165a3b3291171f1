#!/usr/bin/env python3
"""问题清单 at 100,000 problems: the similar-problem search and the problem ledger under load.

usage:
  PYTHONPATH=src:. LUOSHI_DATA_DIR=DIR python bench/problems.py generate [--count 100000]
  PYTHONPATH=src:. LUOSHI_DATA_DIR=DIR python bench/problems.py time [--clients 8] [--seconds 10]

`generate` migrates a scratch database (SQLite in DIR, or LUOSHI_DATABASE_URL), loads the demo
organization and writes --count problems across its units and the category tree: descriptions made of
the department's own words, their jieba words stored as `record_problem` stores them, a third being
rectified with a measure task each (some past their deadline), some closed, old, recurring or common.
`time` then measures, in this process, the similar-problem search as a page and the API ask it (with a
category and a unit; with a unit only; as the head and as a section's staff) and the CPU time of each
ledger page, and, against `luoshi serve`, the ledger page and API at --clients concurrent clients
(p50/p95, bench/web.py's method; --clients 0 skips that).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

SUBJECTS = [
    "干部人事档案",
    "个人有关事项报告",
    "三会一课",
    "党费收缴",
    "人才公寓申请",
    "公务员平时考核",
    "选人用人程序",
    "干部教育培训学时",
    "年轻干部选拔",
    "基层党组织换届",
    "发展党员",
    "软弱涣散村党组织整顿",
    "公务员招录",
    "因私出国证照管理",
    "领导干部兼职",
    "主题党日活动",
    "干部考察谈话",
    "试用期满考核",
    "职级晋升",
    "驻村第一书记管理",
]
FAULTS = [
    "不及时",
    "不规范",
    "落实不到位",
    "流于形式",
    "记录不全",
    "审核不严",
    "底数不清",
    "台账缺失",
    "程序倒置",
    "把关不严",
    "重复填报",
    "超期办理",
    "材料造假",
    "责任不明确",
    "监督缺位",
]
CONTEXTS = [
    "部分单位",
    "个别乡镇",
    "少数干部",
    "一些村党支部",
    "有的科室",
    "个别县区",
    "部分街道社区",
    "有的机关支部",
]
DETAILS = [
    "群众反映强烈",
    "督查中多次发现",
    "整改后又有反复",
    "相关台账登记不全",
    "未按规定时限办结",
    "责任人未及时认定",
    "上级检查时才补材料",
    "制度执行打折扣",
    "抽查核实发现与实际不符",
    "存在以会代训现象",
]
QUERIES = 100


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")
    import django

    django.setup()


def generate(count: int, seed: int = 7) -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from luoshi.core.models import Flag
    from luoshi.demo import load_demo
    from luoshi.org.models import Person, Unit
    from luoshi.problems.models import CommonProblem, Measure, Problem, ProblemCategory, follow_measures
    from luoshi.problems.similar import token_text
    from luoshi.tasks.models import Task

    call_command("migrate", verbosity=0)
    if not Flag.is_set(Flag.DEMO):
        load_demo(with_work=False)
    rng = random.Random(seed)
    units = list(Unit.objects.filter(is_active=True, parent__isnull=False))
    leaves = list(ProblemCategory.objects.filter(parent__isnull=False))
    head = get_user_model().objects.get(username="head")
    # Recorded by and led by the demo's people, spread as a real ledger spreads them: the planner's
    # statistics (ANALYZE below) then see a recorder or a leader own a few hundred problems, not all.
    people = list(Person.objects.filter(user__is_active=True).order_by("pk"))
    today = timezone.localdate()
    words: dict[tuple[str, str, str, str, str], str] = {}
    started = time.perf_counter()
    done = Problem.objects.count()
    batch = 5000
    while done < count:
        n = min(batch, count - done)
        rows = []
        for _ in range(n):
            unit = rng.choice(units)
            combo = (
                unit.name,
                rng.choice(CONTEXTS),
                rng.choice(SUBJECTS),
                rng.choice(FAULTS),
                rng.choice(DETAILS),
            )
            text = f"{combo[0]}{combo[1]}{combo[2]}{combo[3]}，{combo[4]}。"
            if combo not in words:
                words[combo] = token_text(text[:30], text)
            found = today - dt.timedelta(days=rng.randrange(0, 3 * 365))
            roll = rng.random()
            status = (
                "recorded"
                if roll < 0.3
                else "rectifying"
                if roll < 0.65
                else "closed"
                if roll < 0.95
                else "dismissed"
            )
            rows.append(
                Problem(
                    title=text[:30],
                    description=text,
                    source=rng.choice(
                        ["inspection", "visit", "patrol", "audit", "public", "self_check", "monthly_meeting"]
                    ),
                    severity=rng.choice(["normal", "normal", "normal", "serious", "grave"]),
                    status=status,
                    unit=unit,
                    category=rng.choice(leaves),
                    found_on=found,
                    recorded_by_id=rng.choice(people).user_id,
                    responsible_unit=unit if status in ("rectifying", "closed") else None,
                    leader=rng.choice(people) if status in ("rectifying", "closed") else None,
                    recurring=rng.random() < 0.02,
                    tokens=words[combo],
                    recheck_on=found + dt.timedelta(days=180) if status == "closed" else None,
                )
            )
        with transaction.atomic():
            made = Problem.objects.bulk_create(rows, batch_size=1000)
            tasks = []
            owners = []
            for problem in made:
                if problem.status != "rectifying":
                    continue
                due = problem.found_on + dt.timedelta(days=rng.randrange(30, 200))
                tasks.append(
                    Task(
                        title=f"【治标】整改：{problem.title}",
                        lead_unit_id=problem.unit_id,
                        status=rng.choice(["assigned", "acknowledged", "in_progress", "closed"]),
                        due_date=due,
                        subtree_due_date=due,
                        cadence="once",
                    )
                )
                owners.append(problem)
            tasks = Task.objects.bulk_create(tasks, batch_size=1000)
            Measure.objects.bulk_create(
                [Measure(problem=p, task=t, kind="quick") for p, t in zip(owners, tasks)], batch_size=1000
            )
            follow_measures([p.pk for p in owners])
        done += n
        rate = done / (time.perf_counter() - started)
        print(f"{done:>7} problems ({rate:.0f}/s)", file=sys.stderr, flush=True)
    if not CommonProblem.objects.exists():  # some old and common ones, for the filters
        ids = list(Problem.objects.order_by("id").values_list("pk", flat=True)[: count // 10])
        Problem.objects.filter(pk__in=ids[: len(ids) // 2]).update(previous_id=ids[-1])
        for start in range(0, min(len(ids), 3000), 3):
            group = CommonProblem.objects.create(title=f"共性问题{start // 3 + 1}", created_by=head)
            Problem.objects.filter(pk__in=ids[start : start + 3]).update(common=group)
    with connection.cursor() as cursor:  # statistics, as a migration (SQLite) or autovacuum leaves them
        cursor.execute("ANALYZE")
    print(f"{Problem.objects.count()} problems, {Measure.objects.count()} measures", file=sys.stderr)


def timed(call: Callable[[], Any], times: int) -> list[float]:
    spent = []
    for _ in range(times):
        started = time.perf_counter()
        call()
        spent.append((time.perf_counter() - started) * 1000)
    return spent


def search_figures(seed: int = 11) -> list[tuple[str, int, float, float, float]]:
    """p50, p95 and max (ms) of QUERIES searches each, as the record form's panel asks them."""
    from django.contrib.auth import get_user_model

    from bench.web import percentile
    from luoshi.org.models import Unit
    from luoshi.problems.models import Problem, ProblemCategory
    from luoshi.problems.similar import common_proposal, similar_problems

    rng = random.Random(seed)
    users = get_user_model().objects
    units = list(Unit.objects.filter(is_active=True, parent__isnull=False))
    leaves = list(ProblemCategory.objects.filter(parent__isnull=False))
    texts = [
        f"{rng.choice(CONTEXTS)}{rng.choice(SUBJECTS)}{rng.choice(FAULTS)}，{rng.choice(DETAILS)}"
        for _ in range(QUERIES)
    ]
    cases = {
        "category+unit, head": (users.get(username="head"), True),
        "unit only, head": (users.get(username="head"), False),
        "category+unit, gb1-staff": (users.get(username="gb1-staff"), True),
    }
    figures = []
    for name, (user, with_category) in cases.items():
        spent, cpu = [], []
        for text in texts:
            unit = rng.choice(units)
            category = rng.choice(leaves) if with_category else None
            base = Problem.objects.restrict(user, "view")
            started, used = time.perf_counter(), time.process_time()
            matches = similar_problems(text, base=base, unit=unit, category=category)
            common_proposal(matches, unit)
            spent.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - used) * 1000)
        figures.append(
            (name, len(spent), percentile(spent, 50), percentile(spent, 95), max(spent), percentile(cpu, 50))
        )
    return figures


def page_figures(times: int = 20) -> list[tuple[str, int, float, float, float]]:
    """The ledger pages of the load run, each asked ``times`` times in this process (Django's test client):
    queries per page and the medians of this process's CPU time and of the time its queries took. On a
    machine shared with other work the fair before/after comparison: it leaves out the wait for a core."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from bench.web import percentile
    from luoshi.org.models import Unit
    from luoshi.problems.models import ProblemCategory

    unit = Unit.objects.get(code="gb1").pk
    category = ProblemCategory.objects.filter(parent__isnull=False).order_by("id").first().pk
    ledger = reverse("problems:list")
    pages = [
        ("ledger-head", "head", ledger),
        ("ledger-unit", "gb1-staff", ledger),
        ("ledger-overdue", "head", f"{ledger}?overdue=true"),
        ("ledger-filtered", "head", f"{ledger}?category={category}&novelty=new&unit={unit}"),
        ("ledger-unit-overdue", "gb1-staff", f"{ledger}?overdue=true"),
    ]
    plain = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    figures = []
    with override_settings(ALLOWED_HOSTS=["*"], STORAGES={**settings.STORAGES, **plain}):
        for name, username, path in pages:
            client = Client()
            client.force_login(get_user_model().objects.get(username=username))
            client.get(path, secure=True)  # the session's first page
            cpu, sql, queries = [], [], 0
            for _ in range(times):
                with CaptureQueriesContext(connection) as captured:
                    used = time.process_time()
                    assert client.get(path, secure=True).status_code == 200
                    cpu.append((time.process_time() - used) * 1000)
                sql.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
                queries = len(captured)
            figures.append((name, queries, percentile(cpu, 50), percentile(sql, 50), percentile(cpu, 95)))
    return figures


def load_figures(clients: Sequence[int], seconds: float, warmup: float, workers: int) -> list[Any]:
    from django.conf import settings
    from django.db import connections
    from django.urls import reverse

    from bench.web import Call, Scenario, api_token, login, run, serve
    from luoshi.org.models import Unit
    from luoshi.problems.models import ProblemCategory

    log_path = settings.DATA_DIR / "logs" / "bench-problems-server.log"
    unit = Unit.objects.get(code="gb1").pk
    category = ProblemCategory.objects.filter(parent__isnull=False).order_by("id").first().pk
    connections.close_all()
    with serve(workers, log_path) as base:
        head = {"Cookie": login(base, "head", "luoshi-demo")}
        staff = {"Cookie": login(base, "gb1-staff", "luoshi-demo")}
        token = {"Authorization": f"Token {api_token(base, 'head', 'luoshi-demo')}"}
        ledger = reverse("problems:list")

        def get(path: str, auth: dict[str, str]) -> Callable[[int, int, int], Call]:
            call = Call("GET", path, headers=auth)
            return lambda client, n, count: call

        scenarios = [
            Scenario("ledger-head", "head", get(ledger, head)),
            Scenario("ledger-unit", "gb1-staff", get(ledger, staff)),
            Scenario("ledger-overdue", "head", get(f"{ledger}?overdue=true", head)),
            Scenario(
                "ledger-filtered", "head", get(f"{ledger}?category={category}&novelty=new&unit={unit}", head)
            ),
            Scenario("api-problems", "head", get(f"{reverse('api:problem-list')}?page_size=50", token)),
            Scenario(
                "api-similar",
                "head",
                get(
                    f"{reverse('api:problem-similar')}?text=%E5%B9%B2%E9%83%A8%E6%A1%A3%E6%A1%88%E5%AE%A1%E6%A0%B8%E4%B8%8D%E4%B8%A5&unit={unit}&category={category}",
                    token,
                ),
            ),
        ]
        return run(
            base, scenarios, clients, seconds, warmup, lambda line: print(line, file=sys.stderr, flush=True)
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="write the problems into the scratch database")
    gen.add_argument("--count", type=int, default=100_000)
    tim = sub.add_parser("time", help="measure the similar-problem search and the ledger")
    tim.add_argument(
        "--clients", default="8", help="comma-separated concurrencies (default 8; 0: in process only)"
    )
    tim.add_argument("--seconds", type=float, default=10.0)
    tim.add_argument("--warmup", type=float, default=3.0)
    tim.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2, one per core)")
    args = parser.parse_args(argv)
    setup_django()
    if args.command == "generate":
        generate(args.count)
        return 0
    from django.db import connection

    from bench.web import format_table
    from luoshi.problems.models import Problem

    print(f"{Problem.objects.count()} problems, database {connection.vendor}")
    print(
        f"{'similar-problem search':<28}{'queries':>8}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'CPU p50':>9}"
    )
    for name, n, p50, p95, top, cpu in search_figures():
        print(f"{name:<28}{n:>8}{p50:>9.1f}{p95:>9.1f}{top:>9.1f}{cpu:>9.1f}")
    print(f"\n{'ledger page, in process':<28}{'queries':>8}{'CPU p50':>9}{'SQL p50':>9}{'CPU p95':>9}")
    for name, queries, cpu, sql, cpu95 in page_figures():
        print(f"{name:<28}{queries:>8}{cpu:>9.1f}{sql:>9.1f}{cpu95:>9.1f}")
    if args.clients == "0":
        return 0
    results = load_figures([int(c) for c in args.clients.split(",")], args.seconds, args.warmup, args.workers)
    print(f"\n{args.seconds:g} s per run after {args.warmup:g} s of warm-up, {args.workers} gunicorn workers")
    print(format_table(results))
    return 1 if any(r.errors for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
