"""Under the Content-Security-Policy the pages still work: no violation reported, the overview draws its
chart, the API docs render, and a form that asks before it submits still asks."""

import pytest

from luoshi.org.models import Person

pytestmark = pytest.mark.browser


def violations(page):
    found = []
    page.on(
        "console",
        lambda message: found.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return found


def test_pages_run_without_a_policy_violation(page_as, live_demo):
    page = page_as("head")
    found = violations(page)
    for path in ("/tasks/inbox/", "/tasks/", "/tasks/overview/", "/directives/", "/org/"):
        page.goto(f"{live_demo}{path}")
        page.wait_for_load_state("networkidle")
    page.goto(f"{live_demo}/tasks/overview/")
    page.locator("#lights-chart svg").wait_for(state="attached")  # drawn by echarts from overview.js
    page.goto(f"{live_demo}/api/v1/docs/")
    page.locator(".swagger-ui .info .title").wait_for(state="visible")
    assert "luoshi" in page.locator(".swagger-ui .info .title").inner_text()
    assert found == []


def test_a_form_that_asks_first_submits_only_when_confirmed(page_as, live_demo):
    page = page_as("admin")
    found = violations(page)
    person = Person.objects.get(user__username="gb1-staff")
    page.goto(f"{live_demo}/org/people/{person.pk}/")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="重置密码").click()
    assert asked == ["确定重置该账号的密码？重置须经安全管理员批准。"] and page.url.endswith(
        f"/org/people/{person.pk}/"
    )
    assert found == []
