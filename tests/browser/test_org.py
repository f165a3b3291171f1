"""A deputy logs in and sees exactly the sections in their charge; a staff member sees no admin menu."""

import pytest

pytestmark = pytest.mark.browser


def test_deputy_sees_exactly_the_sections_in_charge(page_as):
    page = page_as("deputy1")
    assert page.url.endswith("/tasks/inbox/")
    page.get_by_role("link", name="组织架构").click()
    mine = page.get_by_test_id("my-units")
    assert mine.locator(".card-header").inner_text().strip() == "我分管的单位"
    names = [n.strip() for n in mine.locator("li a").all_inner_texts()]
    assert names == ["办公室", "干部一科", "干部二科"]
    assert "系统管理" not in page.locator("nav").inner_text()


def test_staff_on_a_phone_uses_the_collapsed_menu(page_as):
    page = page_as("gb1-staff", phone=True)
    toggler = page.locator(".navbar-toggler")
    assert toggler.is_visible()
    toggler.click()
    page.get_by_role("link", name="组织架构").wait_for(state="visible")
    assert page.get_by_test_id("my-units").count() == 0


def test_wrong_password_shows_the_chinese_error(browser, live_demo):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_demo}/accounts/login/")
    page.fill("#id_username", "deputy1")
    page.fill("#id_password", "wrong-one")
    page.click("button[type=submit]")
    assert "账号或密码不正确" in page.locator(".alert-danger").inner_text()
    context.close()
