"""The task page on a phone: a co-unit reports its part (协办), and a refused report keeps what was typed."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from luoshi.org.models import Person, Unit
from luoshi.tasks import services
from luoshi.tasks.models import Feedback, TaskPart

pytestmark = pytest.mark.browser


def _shared_task():
    """A task led by 干部一科 with 干部二科 as its co-unit, signed for."""
    users = get_user_model().objects
    task = services.create_task(
        actor=users.get(username="bgs-staff"),
        title="开展年轻干部专题调研",
        lead_unit=Unit.objects.get(code="gb1"),
        co_units=[Unit.objects.get(code="gb2")],
        due_date=timezone.localdate() + dt.timedelta(days=30),
        cadence="weekly:5",
        leader=Person.objects.get(user__username="deputy1"),
    )
    services.assign(task, actor=users.get(username="bgs-staff"))
    services.acknowledge(task, actor=users.get(username="gb1-head"))
    return task


def test_a_co_unit_reports_its_part_on_a_phone(page_as, live_demo, tmp_path):
    task = _shared_task()
    staff = page_as("gb2-staff", phone=True)
    staff.goto(f"{live_demo}/tasks/{task.pk}/")
    expect(staff.locator("#part-form")).to_be_visible()
    expect(staff.locator("#feedback-form")).to_have_count(0)
    staff.fill("#part-form textarea[name=progress_text]", "已提供近三年考核数据")
    staff.fill("#part-form input[name=percent]", "60")
    staff.screenshot(path=tmp_path / "part-form-phone.png", full_page=True)
    with staff.expect_navigation():
        staff.locator("#part-form").get_by_role("button", name="报送").click()
    expect(staff.locator(".alert-success")).to_contain_text("本单位承担部分的进展已报送")
    expect(staff.locator("#parts")).to_contain_text("60%")
    expect(staff.locator("#parts")).to_be_in_viewport()
    assert TaskPart.objects.get(task=task).progress == 60

    head = page_as("gb1-head")
    head.goto(f"{live_demo}/tasks/{task.pk}/")
    parts = head.locator("#parts")
    expect(parts).to_contain_text("干部二科")
    expect(parts).to_contain_text("已提供近三年考核数据")
    expect(head.locator("#timeline")).to_contain_text("协办进度：由 0% 改为 60%")
    head.screenshot(path=tmp_path / "task-page-desktop.png", full_page=True)
    staff.screenshot(path=tmp_path / "task-page-phone.png", full_page=True)


def test_a_refused_report_on_a_phone_keeps_the_text(page_as, live_demo, tmp_path):
    task = _shared_task()
    staff = page_as("gb1-staff", phone=True)
    staff.goto(f"{live_demo}/tasks/{task.pk}/")
    text = "已走访三个县，形成调研提纲"
    staff.fill("#feedback-form textarea[name=progress_text]", text)
    staff.fill("#feedback-form input[name=percent]", "30")
    staff.fill("#feedback-form textarea[name=difficulties]", "样本数据不全")
    staff.set_input_files(
        "#feedback-form input[name=files]",
        files=[{"name": "tool.exe", "mimeType": "application/octet-stream", "buffer": b"MZ\x90"}],
    )
    with staff.expect_navigation():
        staff.locator("#feedback-form").get_by_role("button", name="报送").click()
    form = staff.locator("#feedback-form")
    expect(form.locator(".invalid-feedback")).to_contain_text("tool.exe")
    expect(form.locator("textarea[name=progress_text]")).to_have_value(text)
    expect(form.locator("textarea[name=difficulties]")).to_have_value("样本数据不全")
    expect(form.locator("input[name=percent]")).to_have_value("30")
    staff.screenshot(path=tmp_path / "feedback-error-phone.png", full_page=True)
    assert not Feedback.objects.filter(task=task).exists()

    # the text stays in the phone's browser as a draft, even when the page is opened afresh
    staff.goto(f"{live_demo}/tasks/{task.pk}/")
    expect(staff.locator("#feedback-form textarea[name=progress_text]")).to_have_value(text)
    with staff.expect_navigation():
        staff.locator("#feedback-form").get_by_role("button", name="报送").click()
    expect(staff.locator(".alert-success")).to_contain_text("复命已报送")
    # the page opens at the record, the report just sent first, not at the top a phone's length above it
    newest = staff.locator("#timeline li").first
    expect(newest).to_contain_text(text)
    expect(newest).to_be_in_viewport()
    staff.screenshot(path=tmp_path / "feedback-sent-phone.png")
    staff.goto(f"{live_demo}/tasks/{task.pk}/")
    expect(staff.locator("#feedback-form textarea[name=progress_text]")).to_have_value("")


def test_a_refused_extension_far_down_the_page_comes_into_view(page_as, live_demo):
    """The error of a form low on a long page is shown where the eye is, its field takes the cursor."""
    task = _shared_task()
    head = page_as("gb1-head")
    head.goto(f"{live_demo}/tasks/{task.pk}/")
    head.get_by_role("button", name="申请延期").click()
    form = head.locator("#extension-form.show")
    form.wait_for()
    form.locator("input[name=new_due_date]").fill((task.due_date - dt.timedelta(days=1)).isoformat())
    form.locator("textarea[name=reason]").fill("需补充调研")
    with head.expect_navigation():
        form.get_by_role("button", name="提交延期申请").click()
    error = head.locator("#extension-form .invalid-feedback")
    expect(error).to_contain_text("新的完成时限应晚于原完成时限")
    expect(error).to_be_in_viewport()
    expect(head.locator("#extension-form input[name=new_due_date]")).to_be_focused()
    expect(head.locator("#extension-form textarea[name=reason]")).to_have_value("需补充调研")
