"""一线走访 on a phone with no signal: the unit searched for while there is signal, the rest written with a
photo while offline, kept on the phone (the unit too) and sent once when the network returns — exactly one
visit, its photo resized."""

import re

import pytest
from playwright.sync_api import expect

from luoshi.inspections.models import Visit
from luoshi.org.models import Unit
from luoshi.problems.models import Problem

from ..core.images import jpeg

pytestmark = pytest.mark.browser


def test_a_visit_recorded_offline_is_sent_once_when_the_network_returns(page_as, live_demo, tmp_path):
    photo = tmp_path / "现场.jpg"
    photo.write_bytes(jpeg(2400, 1800, gps=True))
    page = page_as("jcq-head", phone=True)  # a county department's head, visiting a village of the county
    page.goto(f"{live_demo}/inspections/visits/new/")
    expect(page.locator("input[type=file][capture=environment][accept='image/*']")).to_have_count(1)

    page.fill("#id_unit", "江城区")
    page.locator("[data-pick]", has_text="江城区委组织部").click()
    page.fill("#id_place", "江城区幸福村党群服务中心")
    page.reload()  # the draft keeps the unit chosen, with its name
    expect(page.locator(".ls-chip")).to_have_text("江城区委组织部")
    expect(page.locator("#id_place")).to_have_value("江城区幸福村党群服务中心")

    page.context.set_offline(True)
    page.fill("#id_unit", "东湖")
    expect(page.locator(".ls-picks")).to_contain_text("没有网络")
    page.keyboard.press("Escape")
    page.fill("#id_people_met", "村党支部书记")
    page.fill("#id_heard", "党员反映组织生活形式单一")
    page.fill("#id_raised", "活动室长期闭门")
    page.set_input_files("#id_photos", str(photo))
    expect(page.locator("#visit-photos")).to_contain_text("现场.jpg")
    page.click("#visit-form button[type=submit]")
    expect(page.locator("#visit-status")).to_contain_text("没有网络")
    page.click("#visit-form button[type=submit]")  # impatient: a second tap while offline
    assert Visit.objects.count() == 0

    page.context.set_offline(False)  # the browser fires "online": the queued draft goes
    expect(page).to_have_url(re.compile(r"/inspections/visits/\d+/$"), timeout=20_000)
    expect(page.locator("h1")).to_have_text("江城区幸福村党群服务中心")
    visit = Visit.objects.get()
    photo_row = visit.photos.get()
    assert (photo_row.width, photo_row.height) == (1600, 1200) and photo_row.latitude is None
    assert visit.client_key and Problem.objects.filter(origin=f"visit:{visit.pk}").count() == 1
    assert visit.unit == Unit.objects.get(code="jcq")
    expect(page.locator("img[alt^=现场照片]")).to_have_count(1)

    # The draft is gone: a new visit starts empty, and reloading sends nothing again.
    page.goto(f"{live_demo}/inspections/visits/new/")
    expect(page.locator("#id_place")).to_have_value("")
    page.wait_for_timeout(500)
    assert Visit.objects.count() == 1
