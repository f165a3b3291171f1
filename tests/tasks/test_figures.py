"""Every figure of the leaders' overview equals the ledger and the API filtered the same way, for every
demo account that has the overview (docs/figures.md): one definition per figure, held by this test."""

import datetime as dt
import io
import re

from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from luoshi.org.models import Unit
from luoshi.reports.ledger import FIRST_DATA_ROW
from luoshi.tasks import overview as overview_mod
from luoshi.tasks.choices import Light, TaskStatus
from luoshi.tasks.models import Feedback, Task

LIGHTS = (Light.RED, Light.YELLOW, Light.GREEN)


def _ledger_count(client, query: str) -> int:
    page = client.get(f"/tasks/?{query}").content.decode()
    return int(re.search(r"共 (\d+) 项", page)[1])


def _api_count(api, query: str) -> int:
    return api.get(f"/api/v1/tasks/?{query}").json()["count"]


def _reports_due(unit_ids: list[int], since: dt.date, today: dt.date) -> tuple[int, int, int]:
    """及时率's parts counted here by hand, from the reports and the open tasks."""
    answered = Feedback.objects.filter(task__lead_unit__in=unit_ids, period_due__gte=since)
    missing = Task.objects.filter(
        lead_unit__in=unit_ids, status__in=TaskStatus.OPEN, next_report_due__lt=today
    )
    return answered.count(), answered.filter(late=True).count(), missing.count()


def _row_units(row: overview_mod.Row, reach: list[int]) -> list[int]:
    if row.own_only:
        return [row.unit.pk]
    return [
        pk
        for pk in Unit.objects.filter(tree_path__startswith=row.unit.tree_path).values_list("pk", flat=True)
        if pk in reach
    ]


def test_the_overview_the_ledger_the_api_and_the_export_give_the_same_figures(
    demo_work, client_as, api_as, today
):
    from luoshi.org.scopes import VIEW, unit_scope

    readers = [u for u in get_user_model().objects.order_by("username") if u.has_perm("tasks.view_overview")]
    assert len(readers) >= 4
    checked = owed = late_tasks = 0
    for reader in readers:
        data = overview_mod.build(reader, today)
        client, api = client_as(reader.username), api_as(reader.username)
        reach = f"under={data.root.pk if data.root else 'all'}"
        totals = data.totals()
        for light in LIGHTS:
            query = f"light={light}&{reach}"
            assert _ledger_count(client, query) == totals[light] == _api_count(api, query), (reader, light)
        export = load_workbook(
            io.BytesIO(b"".join(client.get(f"/tasks/export.xlsx?light=red&{reach}").streaming_content))
        )
        assert export.active.max_row - FIRST_DATA_ROW == totals[Light.RED], reader
        page = client.get("/tasks/overview/").content.decode()
        listed = page[page.index("红灯任务（含下级逾期）") :]
        assert len(re.findall(r'class="ls-task-title"', listed)) == min(totals[Light.RED], 20), reader
        scope = unit_scope(reader, VIEW)
        units = (
            list(Unit.objects.values_list("pk", flat=True)) if scope.everything else sorted(scope.unit_ids)
        )
        for row in data.rows:
            for light in LIGHTS:
                query = f"light={light}&{row.reach}"
                assert _ledger_count(client, query) == row.counts[light] == _api_count(api, query), (
                    reader,
                    row,
                )
            reports, late, missing = _reports_due(_row_units(row, units), data.since, today)
            assert (row.reports, row.late, row.missing) == (reports, late, missing), (reader, row)
            if row.missing:  # 未报 opens exactly the tasks it counts
                query = f"report_owed=true&{row.reach}"
                assert _ledger_count(client, query) == row.missing == _api_count(api, query), (reader, row)
                assert f'href="/tasks/?{query.replace("&", "&amp;")}"' in page, (reader, row)
                owed += row.missing
            # 应报复命 and 迟报 count report periods; the tasks beside them open exactly those tasks.
            for name, tasks, periods in (
                ("reports_since", row.due_tasks, row.due),
                ("late_since", row.late_tasks, row.late),
            ):
                query = f"{name}={data.since}&{row.reach}"
                assert _ledger_count(client, query) == tasks == _api_count(api, query), (reader, row, name)
                assert tasks <= periods, (reader, row, name)
                if tasks:
                    assert f'href="/tasks/?{query.replace("&", "&amp;")}"' in page, (reader, row, name)
                    late_tasks += name == "late_since"
            checked += 1
    assert checked >= 10 and owed > 0 and late_tasks > 0


def test_a_report_long_overdue_brings_the_timeliness_down(make_task, user, today):
    from luoshi.tasks import rollup, services

    on_time = make_task(acknowledge=True, lead="gb2", title="按时复命的")
    services.submit_feedback(on_time, actor=user("gb2-staff"), progress_text="进展", percent=20)
    late = make_task(acknowledge=True, lead="gb2", title="15个工作日未复命的")
    Task.objects.filter(pk=late.pk).update(next_report_due=today - dt.timedelta(days=21))
    rollup.refresh(Task.objects.get(pk=late.pk))
    row = next(r for r in overview_mod.build(user("head"), today).rows if r.unit.code == "gb2")
    assert (row.reports, row.late, row.missing, row.rate) == (1, 0, 1, 50)


def test_late_reports_since_a_mid_month_day_number_the_tasks_they_open(
    make_task, user, client_as, today, monkeypatch
):
    """迟报 and 应报复命 count the periods due since the window's first day whatever day it is: a period
    due the day before (the same month) counts nowhere, as the ledger the number opens lists it nowhere."""
    from luoshi.tasks import services

    since = overview_mod.window_start(today) + dt.timedelta(days=14)
    monkeypatch.setattr(overview_mod, "window_start", lambda day: since)
    dues = [(since - dt.timedelta(days=1), True), (since, True), (since + dt.timedelta(days=3), False)]
    for n, (due, late) in enumerate(dues):
        task = make_task(acknowledge=True, lead="gb2", title=f"第{n + 1}项复命的任务")
        services.submit_feedback(task, actor=user("gb2-staff"), progress_text="进展", percent=20)
        Feedback.objects.filter(task=task).update(period_due=due, late=late)
    row = next(r for r in overview_mod.build(user("head"), today).rows if r.unit.code == "gb2")
    client = client_as("head")
    assert row.late == row.late_tasks == _ledger_count(client, f"late_since={since}&{row.reach}") == 1
    assert row.reports == row.due_tasks == _ledger_count(client, f"reports_since={since}&{row.reach}") == 2
    page = client.get("/tasks/overview/").content.decode()
    link = f'href="/tasks/?late_since={since}&amp;{row.reach}" title="查看这1项有逾期报送复命的任务">1项'
    assert link in page
    assert "迟报1次" in page


def test_the_closed_out_card_opens_the_tasks_it_counts(demo_work, client_as, api_as, today):
    checked = 0
    for reader in get_user_model().objects.order_by("username"):
        if not reader.has_perm("tasks.view_overview"):
            continue
        data = overview_mod.build(reader, today)
        client, api = client_as(reader.username), api_as(reader.username)
        page = client.get("/tasks/overview/").content.decode()
        query = re.search(r'href="/tasks/\?(status=closed&amp;closed_after=[^"]+)"', page)[1]
        query = query.replace("&amp;", "&")
        assert _ledger_count(client, query) == data.closed_recently == _api_count(api, query), reader
        checked += data.closed_recently
    assert checked > 0


def test_the_ledger_says_which_report_filter_it_shows_and_keeps_it(demo_work, client_as, today):
    since = overview_mod.build(get_user_model().objects.get(username="head"), today).since
    client = client_as("head")
    page = client.get(f"/tasks/?late_since={since}&under=all").content.decode()
    words = f"{since:%Y年%-m月%-d日}以来到期的复命有逾期报送"
    assert words in page and 'data-testid="late_since-chip"' in page
    assert f'<input type="hidden" name="late_since" value="{since}">' in page
    printed = client.get(f"/tasks/print/?late_since={since}&under=all").content.decode()
    assert words in printed
