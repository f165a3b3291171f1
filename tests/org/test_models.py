"""A unit's name by one rule: its 简称 in rows, its full name in headings and documents."""

import datetime as dt

import pytest
from django.utils import timezone

from luoshi.org.models import Unit, display_name
from luoshi.tasks.queries import late_rows


@pytest.fixture
def make_task_row(user, demo):
    from luoshi.tasks import services

    def make(code: str):
        task = services.create_task(
            actor=user("bgs-staff"),
            title="专项检查",
            lead_unit=Unit.objects.get(code=code),
            due_date=timezone.localdate() + dt.timedelta(days=20),
        )
        return late_rows([task.pk], timezone.localdate())[0]

    return make


def test_a_unit_in_a_row_goes_by_its_short_name_when_it_has_one(demo):
    supervision = Unit.objects.get(code="gbjd")
    assert (supervision.name, supervision.display_name) == ("干部监督科", "监督科")
    assert Unit.objects.get(code="gb1").display_name == "干部一科"
    assert display_name("干部监督科", "") == "干部监督科"


def test_a_task_row_names_its_lead_unit_by_the_same_rule(make_task_row):
    row = make_task_row("gbjd")
    assert (row.lead_unit.name, row.lead_unit.display_name) == ("干部监督科", "监督科")


def test_dense_lists_and_headings_follow_the_rule(client_as, make_task_row):
    row = make_task_row("gbjd")
    ledger = client_as("head").get("/tasks/").content.decode()
    assert '<td data-label="牵头单位" class="text-nowrap ls-row-meta">监督科</td>' in ledger
    page = client_as("head").get(f"/tasks/{row.pk}/").content.decode()
    assert "<span>干部监督科 牵头</span>" in page
