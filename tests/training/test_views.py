import datetime as dt

from django.utils import timezone

from luoshi.training.choices import Attendance
from luoshi.training.models import Training


def plan_data(demo, **changes):
    today = timezone.localdate()
    data = {
        "topic": "抓落实能力提升培训班",
        "unit": demo["swzzb"],
        "audience": "部机关干部",
        "audience_units": [demo["gb1"], demo["gb2"]],
        "hours": 16,
        "starts_on": today.isoformat(),
        "ends_on": (today + dt.timedelta(days=1)).isoformat(),
    }
    data.update(changes)
    return data


def test_the_office_plans_a_training_from_the_page(client_as, demo):
    response = client_as("bgs-staff").post("/training/new/", plan_data(demo))
    training = Training.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/training/{training.pk}/"
    assert set(training.audience_units.values_list("code", flat=True)) == {"gb1", "gb2"}


def test_absurd_hours_come_back_with_what_was_typed(client_as, demo):
    response = client_as("bgs-staff").post("/training/new/", plan_data(demo, hours=300, place="市委党校"))
    html = response.content.decode()
    assert response.status_code == 400 and "2天的培训最多16学时" in html
    assert 'value="市委党校"' in html and 'value="300"' in html
    assert not Training.objects.exists()


def test_a_section_cannot_plan_for_the_department(client_as, demo):
    """The department is not among the hosts a section may pick: a forged id is refused on the form."""
    response = client_as("gb1-head").post("/training/new/", plan_data(demo, audience_units=[demo["gb1"]]))
    html = response.content.decode()
    assert response.status_code == 400 and "所选单位不在您可选择的范围内，请从搜索结果中选择" in html
    assert 'value="抓落实能力提升培训班"' in html and 'value="部机关干部"' in html
    assert not Training.objects.exists()


def test_the_host_is_picked_by_a_typed_search_starting_at_ones_own_unit(
    client_as, demo, django_assert_num_queries
):
    """No list of every unit: only the planner's own unit, chosen to start with, and a search box."""
    client = client_as("gb1-head")
    client.get("/training/new/")  # the session and the scopes, read once
    with django_assert_num_queries(9):  # the page shell, and one to name the host
        page = client.get("/training/new/").content.decode()
    assert 'data-name="unit"' in page and f'name="unit" value="{demo["gb1"]}"' in page
    assert "干部二科" not in page and "江城市委组织部</option>" not in page
    response = client.post("/training/new/", plan_data(demo, unit=demo["gb1"], audience_units=[demo["gb1"]]))
    assert response.status_code == 302 and Training.objects.get().unit.code == "gb1"


def test_audience_units_are_searched_within_ones_reach_and_a_forged_one_refused(client_as, demo):
    page = client_as("gb1-head").get("/training/new/").content.decode()
    assert 'hx-get="/org/pick/units/?reach=assign"' in page and "干部二科" not in page
    response = client_as("gb1-head").post("/training/new/", plan_data(demo, unit=demo["gb1"]))
    html = response.content.decode()
    assert response.status_code == 400 and "所选单位不在您可选择的范围内" in html
    assert 'value="抓落实能力提升培训班"' in html and not Training.objects.exists()
    assert client_as("inspector").get("/training/new/").status_code == 403


def test_enrol_and_mark_attendance_on_the_training_page(client_as, training, person):
    client = client_as("bgs-staff")
    page = client.get(f"/training/{training.pk}/").content.decode()
    assert "为学员报名" in page and "保存出勤" in page
    marks = {f"hours-{person('gb1-staff').pk}": "16", f"hours-{person('gb1-head').pk}": ""}
    assert client.post(f"/training/{training.pk}/attendance/", marks).status_code == 302
    statuses = dict(training.enrolments.values_list("person__user__username", "status"))
    assert statuses["gb1-staff"] == Attendance.ATTENDED and statuses["gb1-head"] == Attendance.ABSENT
    bad = client.post(f"/training/{training.pk}/attendance/", {f"hours-{person('gb1-head').pk}": "99"})
    assert bad.status_code == 400 and "不能超过本次培训的16学时" in bad.content.decode()
    assert 'value="99"' in bad.content.decode()


def test_one_who_does_not_manage_sees_no_forms(client_as, training):
    page = client_as("gb1-staff").get(f"/training/{training.pk}/").content.decode()
    assert "抓落实能力提升培训班" in page and "保存出勤" not in page and "为学员报名" not in page
    assert client_as("gb1-staff").post(f"/training/{training.pk}/enrol/", {"people": []}).status_code == 400


def test_the_people_pages_show_yearly_hours(client_as, training, person, user):
    from luoshi.training import services

    services.mark_attendance(training, actor=user("bgs-staff"), marks={person("gb1-staff").pk: 16})
    html = client_as("gb1-head").get("/training/people/").content.decode()
    assert person("gb1-staff").name in html and person("gb2-staff").name not in html
    record = client_as("gb1-staff").get(f"/training/people/{person('gb1-staff').pk}/").content.decode()
    assert "认定学时共 <strong>16</strong>" in record and "抓落实能力提升培训班" in record
    assert client_as("gb1-staff").get(f"/training/people/{person('gb2-staff').pk}/").status_code == 404


def test_the_organiser_marks_the_others_on_the_page_not_herself(client_as, organiser_enrolled, person):
    client = client_as("bgs-staff")
    page = client.get(f"/training/{organiser_enrolled.pk}/").content.decode()
    own, other = person("bgs-staff").pk, person("gb1-staff").pk
    assert (
        "本人出勤由他人登记" in page and f'name="hours-{own}"' not in page and f'name="hours-{other}"' in page
    )
    forged = client.post(f"/training/{organiser_enrolled.pk}/attendance/", {f"hours-{own}": "16"})
    assert forged.status_code == 400 and "不能登记本人的出勤和学时" in forged.content.decode()
    assert set(organiser_enrolled.enrolments.values_list("status", flat=True)) == {"enrolled"}
    assert (
        client.post(f"/training/{organiser_enrolled.pk}/attendance/", {f"hours-{other}": "16"}).status_code
        == 302
    )


def test_a_units_own_people_are_marked_from_above_on_the_page(client_as, demo, person):
    gb1, today = demo["gb1"], timezone.localdate()
    client = client_as("gb1-head")
    own = plan_data(demo, topic="科室业务自学", unit=gb1, audience_units=[gb1], hours=8)
    past = own | {"starts_on": (today - dt.timedelta(days=3)).isoformat()}
    past["ends_on"] = (today - dt.timedelta(days=2)).isoformat()
    refused = client.post("/training/new/", past)
    html = refused.content.decode()
    assert refused.status_code == 400 and "由上级或办公室补录" in html and 'value="科室业务自学"' in html
    assert client.post("/training/new/", own | {"ends_on": today.isoformat()}).status_code == 302
    training = Training.objects.get()
    client.post(f"/training/{training.pk}/enrol/", {"people": [person("gb1-staff").pk]})
    page = client.get(f"/training/{training.pk}/").content.decode()
    staff = person("gb1-staff").pk
    assert "本单位人员由上级或办公室登记" in page and f'name="hours-{staff}"' not in page
    assert "保存出勤" not in page
    forged = client.post(f"/training/{training.pk}/attendance/", {f"hours-{staff}": "8"})
    assert forged.status_code == 400 and "须由本单位以外" in forged.content.decode()
    office = client_as("bgs-staff").get(f"/training/{training.pk}/").content.decode()
    assert f'name="hours-{staff}"' in office and "保存出勤" in office
