"""The decomposition page in a browser: a pasted notice filed by its title, the suggested lead unit
adopted with one click, and a long document waiting with a progress bar that opens the result by itself."""

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from luoshi.directives import jobs
from luoshi.tasks.models import Task

pytestmark = pytest.mark.browser

SPEECH = (
    "同志们：\n一要持续整顿软弱涣散村党组织，年底前选优配强村党组织书记。\n"
    "二要做好高层次人才引进工作，优化人才服务。\n三要加大年轻干部培养选拔力度。\n"
)


def enter(page, base, text, title="部长在务虚会上的讲话"):
    page.goto(f"{base}/directives/new/")
    page.fill("#id_title", title)
    page.fill("#id_text", text)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


def shot(page, tmp_path, name):
    folder = Path(os.environ.get("LUOSHI_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / name), full_page=True)


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_the_suggested_lead_unit_is_shown_and_adopted_with_one_click(page_as, live_demo, tmp_path, phone):
    page = page_as("bgs-staff", phone=phone)
    enter(page, live_demo, SPEECH)
    first = page.get_by_test_id("requirement").first
    suggestion = first.get_by_test_id("suggestion")
    expect(suggestion).to_contain_text("推荐牵头：基层党建科")
    expect(suggestion).to_contain_text("软弱涣散")
    lead = first.locator("[data-picker][data-name^=lead-]")
    expect(lead.locator(".ls-chip")).to_have_text("基层党建科")
    expect(lead.locator("input[type=hidden]")).to_have_value(
        str(Task._meta.get_field("lead_unit").related_model.objects.get(code="jcdj").pk)
    )
    shot(page, tmp_path, f"decomposition-suggestion-{'phone' if phone else 'desktop'}.png")
    suggestion.get_by_role("button", name="采用").click()
    page.wait_for_load_state()
    expect(page.locator(".alert-success")).to_contain_text("已将 1 条要求转为任务并交办")
    task = Task.objects.get()
    assert (task.lead_unit.code, task.status) == ("jcdj", "assigned")


def test_a_pasted_notice_is_filed_as_the_document_its_title_names(page_as, live_demo):
    page = page_as("head")
    enter(page, live_demo, SPEECH, title="关于做好年度档案移交工作的通知")
    expect(page.locator(".ls-sub").first).to_contain_text("文件 · 本部门")


def test_adopting_a_row_without_a_date_asks_for_it_there_and_assigns(page_as, live_demo, tmp_path):
    """The second row names no 完成时限: 采用并交办 comes back at the page's own address with that row's
    date marked, the third row (no date either, not chosen) left alone; the date typed, the same button
    assigns the task."""
    page = page_as("bgs-staff")
    enter(page, live_demo, SPEECH)
    address = page.url
    second = page.get_by_test_id("requirement").nth(1)
    second.get_by_role("button", name="采用并交办").click()
    page.wait_for_load_state()
    assert page.url == address
    expect(page.get_by_test_id("refusal")).to_contain_text("第2条（")
    expect(second.get_by_test_id("due")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(second.get_by_test_id("due-refused")).to_have_text("交办前请先填写完成时限")
    expect(page.get_by_test_id("requirement").nth(2).get_by_test_id("due")).not_to_have_class(
        re.compile(r"\bis-invalid\b")
    )
    shot(page, tmp_path, "decomposition-adopt-needs-date.png")
    assert not Task.objects.exists()
    due = timezone.localdate() + dt.timedelta(days=40)
    second.get_by_test_id("due").fill(due.isoformat())
    second.get_by_role("button", name="采用并交办").click()
    page.wait_for_load_state()
    expect(page.locator(".alert-success")).to_contain_text("已将 1 条要求转为任务并交办")
    task = Task.objects.get()
    assert (task.lead_unit.code, task.due_date, task.status) == ("rc", due, "assigned")


def test_a_refused_row_comes_into_view_whole_between_the_sticky_bars_on_a_laptop(page_as, live_demo):
    """转为任务并交办 with rows that name no 完成时限: the first refused row — from its head (where a note
    says what else it lacks) to its date's message — is brought into view whole between the top bar and
    the decision bar, on a desktop screen as low as a laptop's, and its date takes the cursor."""
    page = page_as("bgs-staff")
    page.set_viewport_size({"width": 1366, "height": 650})
    enter(page, live_demo, SPEECH)
    page.evaluate("document.querySelectorAll('[data-testid=due]').forEach(field => { field.value = ''; })")
    page.get_by_role("button", name="转为任务并交办").click()
    page.wait_for_load_state()
    row = page.get_by_test_id("requirement").filter(has=page.get_by_test_id("due-refused")).first
    expect(row.get_by_test_id("due")).to_be_focused()
    top = page.locator(".ls-navbar").bounding_box()
    bar = page.locator(".ls-decide-bar").bounding_box()
    card, message = row.bounding_box(), row.get_by_test_id("due-refused").bounding_box()
    assert card["y"] >= top["y"] + top["height"], "the row's head is under the top bar"
    assert message["y"] + message["height"] <= bar["y"], "the date's message is under the decision bar"


def test_on_a_phone_the_decision_bar_is_one_line_and_opens_the_other_actions(page_as, live_demo):
    page = page_as("bgs-staff", phone=True)
    enter(page, live_demo, SPEECH)
    bar = page.locator(".ls-decide-bar")
    assert bar.bounding_box()["height"] < 70, "one line, not a third of the screen"
    draft = bar.get_by_role("button", name="转为任务（草稿）")
    expect(draft).to_be_hidden()
    bar.get_by_role("button", name="更多操作").click()
    expect(draft).to_be_visible()
    expect(bar.get_by_role("button", name="转为任务并交办")).to_be_visible()


def test_a_long_document_waits_with_a_progress_bar_and_opens_by_itself(
    page_as, live_demo, settings, tmp_path
):
    settings.LUOSHI_EXTRACT_INLINE_CHARS = 200
    page = page_as("bgs-staff")
    enter(page, live_demo, SPEECH * 5, title="长文件")
    card = page.get_by_test_id("extraction")
    expect(card).to_contain_text("完成后本页自动显示识别出的要求")
    expect(card.locator(".progress-bar")).to_be_visible()
    shot(page, tmp_path, "decomposition-waiting.png")
    assert jobs.run_extraction_jobs() == 1
    expect(page.get_by_test_id("requirement").first).to_be_visible(timeout=15_000)
    expect(page.get_by_test_id("extraction")).to_have_count(0)
