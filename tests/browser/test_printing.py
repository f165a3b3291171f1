"""The ledger printed from Chromium: A4 landscape pages, the header row on each, no navigation."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from luoshi.org.models import Unit
from luoshi.tasks import services

pytestmark = pytest.mark.browser


def test_a_long_ledger_prints_on_several_pages_with_its_header_on_each(page_as, live_demo):
    page = page_as("head")  # loads the demo organisation
    for number in range(60):
        task = acknowledged(title=f"第{number + 1}项：开展年轻干部专题调研并形成报告")
        if number % 3 == 0:
            services.submit_feedback(
                task, actor=account("gb1-staff"), progress_text="已完成调研提纲，召开座谈会两场", percent=30
            )
    page.goto(f"{live_demo}/tasks/print/")
    page.emulate_media(media="print")
    assert page.locator("nav").count() == 0 and page.locator("form").count() == 0
    assert not page.locator(".ls-print-bar").is_visible()
    assert page.eval_on_selector("table thead", "e => getComputedStyle(e).display") == "table-header-group"
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages >= 2
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)", pdf)
    assert float(box[1]) > float(box[2])  # landscape: wider than tall


def account(username):
    return get_user_model().objects.get(username=username)


def acknowledged(title, is_key=False):
    task = services.create_task(
        actor=account("bgs-staff"),
        title=title,
        is_key=is_key,
        cadence="weekly:5",
        lead_unit=Unit.objects.get(code="gb1"),
        due_date=timezone.localdate() + dt.timedelta(days=30),
    )
    services.assign(task, actor=account("bgs-staff"))
    return services.acknowledge(task, actor=account("gb1-head"))
