"""月例会 in a browser: the office holds this month's meeting; the section head of 干部一科, on a phone, finds
the 总结 drafted from the ledger, writes 思考 and 谋划 and submits (a missing part is refused, what was typed
kept); the deputy in charge comments with a level of the rubric; another deputy does not see the report."""

import re

from playwright.sync_api import expect


def test_a_section_head_submits_the_monthly_report_and_a_deputy_comments(page_as, live_demo):
    office = page_as("bgs-staff")
    office.goto(f"{live_demo}/meetings/")
    office.click("button:has-text('建立月例会')")
    expect(office.locator("h1")).to_contain_text("工作例会")
    meeting_url = office.url

    head = page_as("gb1-head", phone=True)
    head.goto(meeting_url)
    head.get_by_role("link", name="干部一科", exact=True).click()
    expect(head.locator("h1")).to_have_text("干部一科工作汇报")
    expect(head.locator("#id_summary")).to_have_value(re.compile("据任务台账生成"))
    head.fill("#id_thinking", "调研覆盖面不够，一线样本偏少")
    head.click("button:has-text('报送汇报')")
    expect(head.locator(".invalid-feedback", has_text="谋划还没有填写")).to_be_visible()
    expect(head.locator("#id_thinking")).to_have_value("调研覆盖面不够，一线样本偏少")
    head.fill("#id_plans", "下月完成专题调研报告初稿")
    head.click("button:has-text('报送汇报')")
    expect(head.locator(".alert-success")).to_contain_text("汇报已报送")
    expect(head.locator(".badge", has_text="已报送")).to_be_visible()

    deputy = page_as("deputy1")
    deputy.goto(meeting_url)
    deputy.get_by_role("link", name="干部一科", exact=True).click()
    deputy.check("text=深度")
    deputy.fill("#id_text", "思考有深度，谋划要再具体")
    deputy.click("button:has-text('提交点评')")
    expect(deputy.locator(".invalid-feedback", has_text="请选择评分")).to_be_visible()
    expect(deputy.locator("#id_text")).to_have_value("思考有深度，谋划要再具体")
    deputy.check("text=较好（85分）")
    deputy.click("button:has-text('提交点评')")
    expect(deputy.locator(".alert-success")).to_contain_text("点评已保存")
    expect(deputy.locator(".list-group-item", has_text="思考有深度")).to_contain_text("较好")

    other = page_as("deputy2")
    other.goto(meeting_url)
    expect(other.get_by_role("link", name="干部一科", exact=True)).to_have_count(0)
