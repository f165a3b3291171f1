"""问题清单 journey: a clerk records a problem that came back — the form shows the closed one as she types
and the page marks it 反弹 —, the section head confirms it with a 治标 and a 治本 measure, and once the
measures are done the leader in charge, not the section head, closes it (desktop and phone). The section
head issues a numbered 督办单 from the problem's page on the way."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from luoshi.org.models import Unit
from luoshi.problems import services
from luoshi.problems.models import Problem
from luoshi.tasks import services as task_services
from luoshi.tasks.models import Task

pytestmark = pytest.mark.browser


def _closed_problem():
    users = get_user_model().objects
    problem = services.record_problem(
        actor=users.get(username="gb1-staff"),
        unit=Unit.objects.get(code="gb1"),
        source="inspection",
        description="干部人事档案中出生日期前后记载不一致，审核把关不严",
        found_on=timezone.localdate() - dt.timedelta(days=100),
    )
    # Closed long ago: the rows as the services leave them, without driving its measures' tasks here.
    Problem.objects.filter(pk=problem.pk).update(status="closed")
    return problem


@pytest.mark.parametrize("phone", [False, True])
def test_a_recurring_problem_is_flagged_and_confirmed_with_measures(page_as, live_demo, tmp_path, phone):
    shots = Path(os.environ.get("LUOSHI_SCREENSHOTS") or tmp_path)
    old = _closed_problem()
    clerk = page_as("gb1-staff", phone=phone)
    clerk.goto(f"{live_demo}/problems/new/")
    clerk.select_option("#id_source", "patrol")
    clerk.fill("#id_description", "巡察发现干部人事档案出生日期前后不一致的问题仍然存在，审核把关不严")
    match = clerk.locator("[data-testid=similar-match]").first
    expect(match).to_contain_text("已销号问题反弹")
    expect(match).to_contain_text(old.title)
    clerk.screenshot(path=str(shots / f"problem-new-{'phone' if phone else 'desktop'}.png"), full_page=True)
    clerk.get_by_role("button", name="登记", exact=True).click()
    expect(clerk.locator("h1")).to_contain_text("巡察发现干部人事档案")
    expect(clerk.locator(".ls-sub")).to_contain_text("反弹")
    problem = Problem.objects.exclude(pk=old.pk).get()
    assert problem.recurring and problem.previous_id == old.pk

    head = page_as("gb1-head", phone=phone)
    head.goto(f"{live_demo}/problems/{problem.pk}/")
    due = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
    head.fill("#id_root_cause", "档案专审只看材料齐全，缺少复核")
    head.fill("#id_title_1", "逐一核对并认定出生日期")
    head.fill("#id_due_1", due)
    head.fill("#id_title_2", "建立干部档案专审复核制度")
    head.fill("#id_due_2", due)
    head.get_by_role("button", name="确认整改并交办措施").click()
    measures = head.locator("[data-testid=measure]")
    expect(measures).to_have_count(2)
    expect(measures.first).to_contain_text("治标")
    expect(measures.last).to_contain_text("建立干部档案专审复核制度")
    expect(head.get_by_text("不能销号")).to_have_count(0)  # nobody asked to close; the head may not
    head.screenshot(
        path=str(shots / f"problem-confirmed-{'phone' if phone else 'desktop'}.png"), full_page=True
    )

    # A numbered 督办单 from the problem's page (the card comes in once the page has loaded).
    head.get_by_role("button", name="开具", exact=True).click()
    expect(head.locator("[data-testid=problem-notices]")).to_contain_text("督办单 督办〔")
    head.screenshot(path=str(shots / f"problem-notice-{'phone' if phone else 'desktop'}.png"), full_page=True)

    # One more measure, its 责任人 named as at 确认整改.
    head.get_by_text("增加整改措施", exact=True).click()
    head.fill("#id_title", "组织漏报干部补报并说明情况")
    head.fill("#id_due_date", due)
    head.select_option("#id_owner", label="谢宇航（干部一科）")
    head.screenshot(path=str(shots / f"problem-measure-{'phone' if phone else 'desktop'}.png"))
    head.get_by_role("button", name="交办这项措施").click()
    expect(measures).to_have_count(3)
    added = Task.objects.get(problem_measure__problem=problem, title__contains="组织漏报干部补报")
    assert added.owner.user.username == "gb1-staff"

    # The measures done through the execution loop; the section head waits, the leader in charge closes.
    users = get_user_model().objects
    for measure in services.measures_of(problem):
        task_services.acknowledge(measure.task, actor=users.get(username="gb1-head"))
        task_services.request_close(
            measure.task, actor=users.get(username="gb1-staff"), evidence_text="已完成"
        )
        task_services.approve_close(measure.task, actor=users.get(username="deputy1"))
    head.reload()
    expect(head.get_by_text("待分管领导")).to_be_visible()
    expect(head.locator("#close")).to_have_count(0)
    leader = page_as("deputy1", phone=phone)
    leader.goto(f"{live_demo}/problems/{problem.pk}/")
    leader.fill("#close textarea[name=note]", "佐证齐全，同意销号")
    leader.screenshot(
        path=str(shots / f"problem-close-{'phone' if phone else 'desktop'}.png"), full_page=True
    )
    leader.get_by_role("button", name="审核通过，销号").click()
    expect(leader.locator("#recheck")).to_be_visible()
    assert Problem.objects.get(pk=problem.pk).closed_by.username == "deputy1"
