"""The whole execution loop in a real browser, as the four people involved do it."""

import datetime as dt
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from luoshi.org.models import Person, Unit
from luoshi.tasks import services
from luoshi.tasks.models import Task

pytestmark = pytest.mark.browser
SEED = Path(__file__).parents[2] / "src/luoshi/directives/data/seed-speech.txt"


def test_from_speech_to_closed_task(page_as, live_demo):
    # the office uploads the speech and confirms one requirement as a task for 干部一科
    office = page_as("bgs-staff")
    office.goto(f"{live_demo}/directives/new/")
    office.fill("#id_title", "部长在春节收心会上的讲话")
    office.set_input_files("#id_file", str(SEED))
    office.get_by_role("button", name="录入并分解").click()
    office.wait_for_url("**/directives/*/")
    expect(office.locator(".alert-success")).to_contain_text("请逐条确认后转为任务")
    cards = office.get_by_test_id("requirement")
    assert cards.count() >= 20
    for box in office.locator("input[name=selected]").all():
        box.uncheck()
    card = cards.filter(has_text="在选人用人上要突出政治标准")
    card.locator("input[name=selected]").check()
    lead, leader = card.locator("[data-name^=lead-]"), card.locator("[data-name^=leader-]")
    lead.locator("input[type=search]").fill("干部一")
    lead.locator("[data-pick]", has_text="干部一科").click()
    expect(leader.locator(".ls-chip")).to_have_count(0)  # the lead's 分管领导 follows, or is picked
    leader.locator("input[type=search]").fill("刘振华")
    leader.locator("[data-pick]", has_text="刘振华").click()
    expect(leader.locator(".ls-chip")).to_contain_text("刘振华")
    card.get_by_label("完成时限").fill((timezone.localdate() + dt.timedelta(days=40)).isoformat())
    office.get_by_role("button", name="转为任务并交办").click()
    expect(office.locator(".alert-success")).to_contain_text("已将 1 条要求转为任务并交办")
    card = office.get_by_test_id("requirement").filter(has_text="在选人用人上要突出政治标准")
    card.locator("a[href^='/tasks/']").click()
    expect(office.locator("main")).to_contain_text("已交办")
    task_url = office.url

    # the section head acknowledges it from the inbox
    head = page_as("gb1-head")
    head.get_by_test_id("inbox-acknowledge").get_by_role("button", name="签收").click()
    expect(head.locator(".alert-success")).to_contain_text("已签收")

    # the staff member reports, then asks to close with evidence: the request is the completion report
    staff = page_as("gb1-staff", phone=True)
    staff.goto(task_url)
    staff.fill("#feedback-form textarea[name=progress_text]", "已完成干部政治素质考察办法初稿")
    staff.fill("#feedback-form input[name=percent]", "90")
    staff.get_by_role("button", name="报送", exact=True).click()
    expect(staff.locator(".alert-success")).to_contain_text("复命已报送")
    staff.get_by_role("button", name="申请销号").click()
    staff.locator("#close-form.show").wait_for()
    staff.fill("#close-form textarea[name=evidence_text]", "办法已经部务会审定印发")
    with staff.expect_navigation():
        staff.get_by_role("button", name="提交销号申请").click()
    expect(staff.locator(".alert-success")).to_contain_text("销号申请已提交")
    expect(staff.get_by_role("progressbar", name="进度")).to_have_attribute("aria-valuenow", "100")
    expect(staff.locator("#timeline li[data-kind=close_requested]")).to_contain_text("100%")
    expect(staff.locator("#timeline li[data-kind=close_requested]")).to_contain_text("办法已经部务会审定印发")

    # the deputy in charge approves from the inbox
    deputy = page_as("deputy1")
    deputy.get_by_test_id("inbox-approve").get_by_role("link", name="审核销号").click()
    deputy.get_by_role("button", name="批准销号").click()
    expect(deputy.locator(".alert-success")).to_contain_text("已销号")
    assert Task.objects.get(title__contains="在选人用人上要突出政治标准").status == "closed"


def test_a_task_with_an_open_sub_task_cannot_be_closed(page_as, live_demo):
    users = get_user_model().objects
    gb1 = Unit.objects.get(code="gb1")
    parent = services.create_task(
        actor=users.get(username="bgs-staff"),
        title="完善干部考察办法",
        lead_unit=gb1,
        due_date=timezone.localdate() + dt.timedelta(days=20),
        leader=Person.objects.get(user__username="deputy1"),
    )
    services.assign(parent, actor=users.get(username="bgs-staff"))
    services.acknowledge(parent, actor=users.get(username="gb1-head"))
    child = services.create_task(
        actor=users.get(username="gb1-head"),
        title="起草考察谈话提纲",
        lead_unit=gb1,
        parent=parent,
        due_date=timezone.localdate() + dt.timedelta(days=10),
    )
    services.assign(child, actor=users.get(username="gb1-head"))

    staff = page_as("gb1-staff")
    staff.goto(f"{live_demo}/tasks/{parent.pk}/")
    staff.get_by_role("button", name="申请销号").click()
    staff.locator("#close-form.show").wait_for()
    staff.fill("#close-form textarea[name=evidence_text]", "已完成")
    with staff.expect_navigation():
        staff.get_by_role("button", name="提交销号申请").click()
    expect(staff.locator(".alert-danger")).to_contain_text("还有1项子任务未销号，不能销号：起草考察谈话提纲")
    parent.refresh_from_db()
    assert parent.status == "acknowledged"


def test_a_close_out_sent_back_is_in_the_units_inbox_on_a_phone(page_as, live_demo):
    """The deputy sends the close-out back; the clerk finds it at the top of 我的待办 on a phone with the
    reason on the task page, not only in a notification."""
    users = get_user_model().objects
    task = services.create_task(
        actor=users.get(username="bgs-staff"),
        title="修订干部考察谈话提纲",
        lead_unit=Unit.objects.get(code="gb1"),
        due_date=timezone.localdate() + dt.timedelta(days=40),
        leader=Person.objects.get(user__username="deputy1"),
    )
    services.assign(task, actor=users.get(username="bgs-staff"))
    services.acknowledge(task, actor=users.get(username="gb1-head"))
    services.request_close(task, actor=users.get(username="gb1-staff"), evidence_text="提纲已印发")

    deputy = page_as("deputy1")
    deputy.get_by_test_id("inbox-approve").get_by_role("link", name="审核销号").click()
    deputy.get_by_label("退回理由").fill("缺少印发文件")
    deputy.get_by_role("button", name="退回", exact=True).click()
    expect(deputy.locator(".alert-success")).to_be_visible()

    staff = page_as("gb1-staff", phone=True)
    sent_back = staff.get_by_test_id("inbox-sent_back")
    expect(sent_back).to_contain_text("修订干部考察谈话提纲")
    sent_back.get_by_role("link", name="复命").click()
    expect(staff.locator("#timeline li[data-kind=close_rejected]")).to_contain_text("缺少印发文件")
    staff.fill("#feedback-form textarea[name=progress_text]", "已补充印发文件")
    staff.fill("#feedback-form input[name=percent]", "95")
    staff.get_by_role("button", name="报送", exact=True).click()
    expect(staff.locator(".alert-success")).to_contain_text("复命已报送")
    staff.goto(f"{live_demo}/tasks/inbox/")
    expect(staff.get_by_test_id("inbox-sent_back")).to_have_count(0)
