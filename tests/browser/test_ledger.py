"""A deputy's overview → the same red tasks in the ledger → 催办 them in one step; the 提醒规则 page."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from playwright.sync_api import expect

from luoshi.notify.models import Notification
from luoshi.org.models import Person, Unit
from luoshi.tasks import rollup, services
from luoshi.tasks.models import Task

pytestmark = pytest.mark.browser


def _late_tasks(n):
    users = get_user_model().objects
    titles = []
    for i in range(n):
        task = services.create_task(
            actor=users.get(username="bgs-staff"),
            title=f"逾期任务{i}",
            lead_unit=Unit.objects.get(code="gb1"),
            cadence="weekly:5",
            due_date=timezone.localdate() + dt.timedelta(days=30),
            leader=Person.objects.get(user__username="deputy1"),
        )
        services.assign(task, actor=users.get(username="bgs-staff"))
        services.acknowledge(task, actor=users.get(username="gb1-head"))
        Task.objects.filter(pk=task.pk).update(due_date=timezone.localdate() - dt.timedelta(days=10))
        with transaction.atomic():
            rollup.refresh(Task.objects.get(pk=task.pk))
        titles.append(task.title)
    return titles


def _shots(tmp_path):
    return Path(os.environ.get("LUOSHI_SCREENSHOTS") or tmp_path)


@pytest.mark.parametrize("phone", [False, True])
def test_a_deputy_urges_the_red_tasks_of_the_overview(page_as, live_demo, tmp_path, phone):
    titles = _late_tasks(3)
    deputy = page_as("deputy1", phone=phone)
    deputy.goto(f"{live_demo}/tasks/overview/")
    for title in titles:
        expect(deputy.locator("body")).to_contain_text(title)
    deputy.goto(f"{live_demo}/tasks/?light=red")
    for title in titles:
        expect(deputy.locator("table")).to_contain_text(title)
    if phone:  # a row reads as a short card (task; unit · 分管 · 时限; state), not one cell a line
        row = deputy.locator("tbody tr", has_text=titles[0]).bounding_box()
        assert row is not None and row["height"] < 140, row
    expect(deputy.get_by_role("button", name="催办所选")).to_be_disabled()
    deputy.get_by_label("全选本页").check()
    expect(deputy.locator("[data-selection-count]")).to_have_text("已选 3 项")
    deputy.fill("#urge-message", "请本周内报送整改进展")
    deputy.screenshot(
        path=_shots(tmp_path) / f"ledger-selection-{'phone' if phone else 'desktop'}.png", full_page=True
    )
    with deputy.expect_navigation():
        deputy.get_by_role("button", name="催办所选").click()
    expect(deputy.locator(".alert-success")).to_contain_text("已催办 3 项任务")
    assert Notification.objects.filter(kind="urged", body__contains="请本周内报送整改进展").count() == 3


@pytest.mark.parametrize("phone", [False, True])
def test_the_reminder_policy_page(page_as, live_demo, tmp_path, phone):
    admin = page_as("admin", phone=phone)
    admin.goto(f"{live_demo}/tasks/reminders/")
    admin.fill("#escalate_overdue_days", "5")
    with admin.expect_navigation():
        admin.get_by_role("button", name="保存").click()
    expect(admin.locator(".alert-success")).to_contain_text("提醒规则已保存")
    admin.screenshot(
        path=_shots(tmp_path) / f"reminder-policy-{'phone' if phone else 'desktop'}.png", full_page=True
    )
