"""考核评价 in a browser: the head makes this year's scheme from the template, opens the month, computes it
and publishes the ranking; the period is then locked, and a section's staff see their own unit's place first
and the published ranking, with only their own unit's score open to them."""

from playwright.sync_api import expect


def test_the_head_scores_and_publishes_a_month(page_as, live_demo):
    head = page_as("head")
    head.goto(f"{live_demo}/assessment/")
    head.click("button:has-text('制定方案')")
    expect(head.locator("h1")).to_contain_text("考核方案")
    head.click("button:has-text('开设考核期')")
    expect(head.locator("h1")).to_contain_text("比学赶超")
    head.click("button:has-text('计算得分')")
    expect(head.locator(".alert-success")).to_contain_text("已重新计算")
    expect(head.locator(".card-header", has_text="科室")).to_be_visible()
    expect(head.locator("text=无可考核事项").first).to_be_visible()
    head.click("button:has-text('审定发布红黑榜')")
    expect(head.locator(".badge", has_text="已发布")).to_be_visible()
    expect(head.locator("button:has-text('重新计算')")).to_have_count(0)  # locked: no recompute
    expect(head.locator("summary", has_text="解除锁定")).to_be_visible()
    period_url = head.url

    staff = page_as("gb1-staff")
    staff.goto(period_url)
    expect(staff.locator(".alert-primary")).to_contain_text("干部一科")  # the reader's own place first
    expect(staff.locator("section.card").first).to_contain_text("本单位所在组")
    expect(staff.get_by_role("link", name="干部一科", exact=True)).to_be_visible()
    expect(staff.get_by_role("link", name="干部二科", exact=True)).to_have_count(0)
    staff.get_by_role("link", name="干部一科", exact=True).click()
    expect(staff.locator("h1")).to_have_text("干部一科")
    expect(staff.locator("text=交办后2日内签收的比例")).to_be_visible()
