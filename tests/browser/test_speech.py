"""A clerk enters a speech, accepts five of its requirements and assigns them in one step: each task gets a
short clean title, the lead unit's 分管领导 and the deadline found; then the 对标对表 page shows them."""

import os
from pathlib import Path

import pytest

from luoshi.tasks.models import Task

pytestmark = pytest.mark.browser

SPEECH = (
    "一、干部一科要在明年6月底前完成年轻干部专题调研。二、干部二科要在明年3月底前完善考核办法，办公室配合。"
    "三、人才工作科要在明年4月底前完成人才政策评估。四、公务员管理科要在明年3月底前完成公务员招录方案。"
    "五、研究室要在明年5月底前形成调研报告。"
)
SHOTS = os.environ.get("LUOSHI_SCREENSHOTS")  # a folder: the pages are saved there to be looked at


def shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_five_requirements_assigned_in_one_step_with_leaders(page_as, phone):
    page = page_as("bgs-staff", phone=phone)
    page.goto(page.url.split("/tasks/")[0] + "/directives/new/")
    page.fill("#id_title", "部长在务虚会上的讲话")
    page.fill("#id_issued_on", "2026-11-20")
    page.fill("#id_text", SPEECH)
    page.get_by_role("button", name="录入并分解").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("requirement").count() == 5
    assert page.locator("#selected-count").inner_text() == "5"
    shot(page, f"decomposition-{'phone' if phone else 'desktop'}")
    page.get_by_role("button", name="转为任务并交办").click()
    page.wait_for_load_state()
    assert "已将 5 条要求转为任务并交办" in page.content()
    tasks = list(Task.objects.select_related("leader__user").order_by("id"))
    assert [t.status for t in tasks] == ["assigned"] * 5 and all(t.leader for t in tasks)
    assert tasks[0].title == "完成年轻干部专题调研" and tasks[0].leader.user.username == "deputy1"
    page.get_by_role("link", name="对标对表").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("coverage-row").count() == 5 and "0 条未覆盖" in page.content()
    shot(page, f"coverage-{'phone' if phone else 'desktop'}")
