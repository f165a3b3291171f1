import datetime as dt

from django.utils import timezone

from luoshi.training.models import Training


def body(demo, **changes):
    today = timezone.localdate()
    data = {
        "topic": "抓落实能力提升培训班",
        "unit": demo["swzzb"],
        "audience": "部机关干部",
        "audience_units": [demo["gb1"], demo["gb2"]],
        "hours": 8,
        "starts_on": (today - dt.timedelta(days=1)).isoformat(),
        "ends_on": (today - dt.timedelta(days=1)).isoformat(),
    }
    data.update(changes)
    return data


def test_plan_enrol_and_mark_through_the_api(api_as, demo, person):
    api = api_as("bgs-staff")
    created = api.post("/api/v1/trainings/", body(demo), format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    enrolled = api.post(
        f"/api/v1/trainings/{pk}/enrolments/", {"people": [person("gb1-staff").pk]}, format="json"
    )
    assert enrolled.status_code == 200 and enrolled.json()["enrolments"][0]["status"] == "enrolled"
    marked = api.post(
        f"/api/v1/trainings/{pk}/attendance/",
        {"marks": [{"person": person("gb1-staff").pk, "hours": 8}]},
        format="json",
    )
    assert marked.status_code == 200
    assert marked.json()["enrolments"][0] | {"marked_at": None} == {
        "person": person("gb1-staff").pk,
        "person_name": person("gb1-staff").name,
        "unit_name": "干部一科",
        "status": "attended",
        "status_label": "已参训",
        "hours": 8,
        "marked_at": None,
    }
    assert api_as("gb1-staff").get(f"/api/v1/trainings/{pk}/").status_code == 200
    assert api_as("zz1-staff").get(f"/api/v1/trainings/{pk}/").status_code == 404


def test_refusals_carry_their_codes(api_as, demo):
    api = api_as("bgs-staff")
    for data, status, code in [
        (body(demo, hours=0), 400, "invalid_hours"),
        (body(demo, hours=9), 400, "invalid_hours"),
        (body(demo, audience_units=[999999]), 400, "unknown_unit"),
    ]:
        response = api.post("/api/v1/trainings/", data, format="json")
        assert (response.status_code, response.json()["code"]) == (status, code), data
    response = api_as("gb1-staff").post("/api/v1/trainings/", body(demo), format="json")
    assert (response.status_code, response.json()["code"]) == (403, "outside_assign_scope")
    assert not Training.objects.exists()


def test_the_organiser_may_not_credit_her_own_hours(api_as, organiser_enrolled, person):
    response = api_as("bgs-staff").post(
        f"/api/v1/trainings/{organiser_enrolled.pk}/attendance/",
        {"marks": [{"person": person("bgs-staff").pk, "hours": 16}]},
        format="json",
    )
    assert response.status_code == 403 and response.json()["code"] == "own_attendance"
    assert "不能登记本人的出勤" in response.json()["detail"]
    assert set(organiser_enrolled.enrolments.values_list("status", flat=True)) == {"enrolled"}


def test_a_unit_neither_back_dates_its_own_training_nor_credits_its_own_people(api_as, demo, person):
    today, xxzx = timezone.localdate(), demo["xxzx"]
    head, staff = api_as("xxzx-head"), api_as("xxzx-staff")
    own = body(demo, topic="信息中心业务自学", unit=xxzx, audience="本中心", audience_units=[xxzx])
    past = head.post("/api/v1/trainings/", own, format="json")
    assert past.status_code == 403 and past.json()["code"] == "own_past_training"
    assert "由上级或办公室补录" in past.json()["detail"] and not Training.objects.exists()
    created = head.post("/api/v1/trainings/", own | {"ends_on": today.isoformat()}, format="json")
    assert created.status_code == 201
    pk, people = created.json()["id"], [person("xxzx-head").pk, person("xxzx-staff").pk]
    assert (
        head.post(f"/api/v1/trainings/{pk}/enrolments/", {"people": people}, format="json").status_code == 200
    )
    for client, marked in [(head, "xxzx-staff"), (staff, "xxzx-head")]:
        marks = {"marks": [{"person": person(marked).pk, "hours": 8}]}
        response = client.post(f"/api/v1/trainings/{pk}/attendance/", marks, format="json")
        assert response.status_code == 403 and response.json()["code"] == "own_unit_attendance"
    assert set(Training.objects.get(pk=pk).enrolments.values_list("status", flat=True)) == {"enrolled"}
    marks = {"marks": [{"person": p, "hours": 8} for p in people]}
    assert (
        api_as("bgs-staff").post(f"/api/v1/trainings/{pk}/attendance/", marks, format="json").status_code
        == 200
    )
