"""主办/协办: a co-unit reports on its own part; the lead unit sees the parts; the task's figure stays the
lead unit's."""

import pytest

from luoshi.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from luoshi.notify.choices import NotificationKind
from luoshi.notify.models import Notification
from luoshi.org.models import Unit
from luoshi.tasks import services
from luoshi.tasks.choices import EventKind, PartStatus
from luoshi.tasks.models import TaskPart


@pytest.fixture
def shared(make_task):
    """A task led by 干部一科 with 干部二科 as its co-unit, signed for."""
    return make_task(acknowledge=True, co_units=[Unit.objects.get(code="gb2")])


def test_a_co_unit_reports_its_part_and_the_lead_unit_hears_of_it(shared, user):
    gb2 = Unit.objects.get(code="gb2")
    assert [(p.unit, p.status, p.pk) for p in services.parts_of(shared)] == [(gb2, PartStatus.PENDING, None)]
    part = services.report_part(
        shared, gb2, actor=user("gb2-staff"), progress_text="已提供考核数据", percent=50
    )
    assert (part.status, part.progress, part.last_report) == (PartStatus.IN_PROGRESS, 50, "已提供考核数据")
    shared.refresh_from_db()
    assert shared.progress == 0, "a part never moves the task's figure: the lead unit reports the whole"
    event = shared.events.get(kind=EventKind.PART_REPORTED)
    assert (
        event.note.startswith(gb2.name)
        and {"field": "progress", "label": "协办进度", "old": "0%", "new": "50%"} in event.changes
    )
    told = set(
        Notification.objects.filter(kind=NotificationKind.PART_REPORTED).values_list(
            "recipient__username", flat=True
        )
    )
    assert "gb1-head" in told and "gb2-staff" not in told
    services.report_part(
        shared, gb2.pk, actor=user("gb2-staff"), progress_text="数据已核对", percent=80, done=True
    )
    assert TaskPart.objects.get(task=shared, unit=gb2).status == PartStatus.DONE
    assert TaskPart.objects.get(task=shared, unit=gb2).progress == 100


@pytest.mark.parametrize("username, error", [("gb1-staff", Forbidden), ("jcq-head", NotFound)])
def test_only_the_co_units_people_report_its_part(shared, user, username, error):
    with pytest.raises(error):
        services.report_part(
            shared, Unit.objects.get(code="gb2"), actor=user(username), progress_text="x", percent=10
        )
    assert not TaskPart.objects.exists()


def test_a_unit_that_is_not_a_co_unit_has_no_part(shared, user):
    with pytest.raises(NotFound, match="不是这项任务的配合单位"):
        services.report_part(
            shared, Unit.objects.get(code="gb1"), actor=user("gb1-staff"), progress_text="x", percent=10
        )


@pytest.mark.parametrize("text, percent", [("", 10), ("进展", 101), ("进展", "abc")])
def test_bad_input_is_refused_in_chinese_and_changes_nothing(shared, user, text, percent):
    with pytest.raises(InvalidInput):
        services.report_part(
            shared, Unit.objects.get(code="gb2"), actor=user("gb2-staff"), progress_text=text, percent=percent
        )
    assert not TaskPart.objects.exists() and not shared.events.filter(kind=EventKind.PART_REPORTED).exists()


def test_no_part_is_reported_on_a_draft(make_task, user):
    task = make_task(co_units=[Unit.objects.get(code="gb2")])
    with pytest.raises(Conflict):
        services.report_part(
            task, Unit.objects.get(code="gb2"), actor=user("gb2-staff"), progress_text="x", percent=10
        )


def test_the_co_unit_reports_through_the_page_and_the_lead_unit_sees_it(shared, client_as):
    gb2 = Unit.objects.get(code="gb2")
    page = client_as("gb2-staff").get(f"/tasks/{shared.pk}/").content.decode()
    assert 'id="part-form"' in page and 'id="feedback-form"' not in page
    response = client_as("gb2-staff").post(
        f"/tasks/{shared.pk}/do/report_part/",
        {"unit": gb2.pk, "progress_text": "已提供考核数据", "percent": "40", "form_key": "k1"},
        follow=True,
    )
    assert "已报送" in response.content.decode()
    page = client_as("gb1-head").get(f"/tasks/{shared.pk}/").content.decode()
    parts = page[page.index('id="parts"') :]
    assert gb2.name in parts and "已提供考核数据" in parts and "40%" in parts
    assert 'id="part-form"' not in page


def test_the_api_lists_and_takes_a_part(shared, api_as):
    gb2 = Unit.objects.get(code="gb2")
    listed = api_as("gb1-head").get(f"/api/v1/tasks/{shared.pk}/parts/").json()
    assert listed["results"][0]["unit"] == gb2.pk and listed["results"][0]["status"] == "pending"
    assert listed["may_report"] == []
    assert api_as("gb2-staff").get(f"/api/v1/tasks/{shared.pk}/parts/").json()["may_report"] == [gb2.pk]
    response = api_as("gb2-staff").post(
        f"/api/v1/tasks/{shared.pk}/parts/", {"progress_text": "已提供考核数据", "percent": 60}, format="json"
    )
    assert response.status_code == 200 and response.json()["progress"] == 60
    assert response.json()["reported_by_name"]
    refused = api_as("gb1-staff").post(
        f"/api/v1/tasks/{shared.pk}/parts/",
        {"unit": gb2.pk, "progress_text": "x", "percent": 60},
        format="json",
    )
    assert refused.status_code == 403
    unnamed = api_as("gb1-staff").post(
        f"/api/v1/tasks/{shared.pk}/parts/", {"progress_text": "x", "percent": 60}, format="json"
    )
    assert unnamed.status_code == 400 and "配合单位" in str(unnamed.json())


def test_a_co_unit_that_has_reported_stays_on_the_task(shared, user, api_as, client_as):
    """Removing it would hide its 协办 reports, and the task, from the people who made them."""
    gb2 = Unit.objects.get(code="gb2")
    services.report_part(shared, gb2, actor=user("gb2-staff"), progress_text="已提供考核数据", percent=50)
    refused = api_as("bgs-staff").patch(f"/api/v1/tasks/{shared.pk}/", {"co_units": []}, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "co_unit_reported"
    assert "干部二科" in refused.json()["detail"]
    page = client_as("bgs-staff").post(
        f"/tasks/{shared.pk}/edit/",
        {
            "title": shared.title,
            "lead_unit": shared.lead_unit_id,
            "leader": shared.leader_id,
            "due_date": shared.due_date.isoformat(),
            "cadence": shared.cadence,
            "weight": shared.weight,
            "finish_standard": shared.finish_standard,
        },
    )
    assert page.status_code == 409 and "已报送协办进展" in page.content.decode()
    assert list(shared.co_units.all()) == [gb2]
    assert api_as("gb2-staff").get(f"/api/v1/tasks/{shared.pk}/parts/").json()["results"][0]["progress"] == 50


def test_a_co_unit_that_has_not_reported_may_be_removed_by_who_assigned_the_task(shared, user):
    services.update_task(shared, actor=user("bgs-staff"), co_units=[])
    assert not shared.co_units.exists()


def test_the_lead_unit_adds_co_units_but_does_not_drop_those_it_was_given(shared, user, api_as):
    gb2, gbjd = Unit.objects.get(code="gb2"), Unit.objects.get(code="gbjd")
    refused = api_as("gb1-head").patch(f"/api/v1/tasks/{shared.pk}/", {"co_units": []}, format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "terms_locked"
    assert "交办人或分管领导" in refused.json()["detail"]
    assert list(shared.co_units.all()) == [gb2]
    services.update_task(shared, actor=user("gb1-head"), co_units=[gb2, gbjd])
    assert set(shared.co_units.all()) == {gb2, gbjd}


def test_a_part_for_a_unit_id_too_large_for_the_database_is_a_400(shared, api_as):
    for big in (2**63, 10**24):
        response = api_as("gb2-staff").post(
            f"/api/v1/tasks/{shared.pk}/parts/",
            {"unit": big, "progress_text": "x", "percent": 60},
            format="json",
        )
        assert response.status_code == 400 and response.json()["code"] == "invalid"
