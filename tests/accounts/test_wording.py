"""The audit log as an auditor reads it: a refused address by its page's name, units by name."""

import pytest

from luoshi.accounts.audit import record, record_denial
from luoshi.accounts.models import SecurityEvent, SecurityEventKind
from luoshi.accounts.wording import page_name, worded
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("target", "name"),
    [
        ("/org/manage/", "系统管理"),
        ("/tasks/?status=active", "任务台账"),
        ("/api/v1/requirements/7/reject/", "接口：要求条目（/api/v1/requirements/7/reject/）"),
        ("/org/manage/people/5/", "系统管理（/org/manage/people/5/）"),
        ("/api/v1/tasks/5/", "接口：任务（/api/v1/tasks/5/）"),
        ("tasks.Task:{'pk': 5}", "任务（编号5）"),
        ("tasks.Task:{'pk': '5'}", "任务（编号5）"),
        ("/no/such/page/", "/no/such/page/"),
        ("nowhere.Model:{'pk': 5}", "nowhere.Model:{'pk': 5}"),
    ],
)
def test_a_refused_address_is_named_by_its_page(target, name):
    assert page_name(target) == name


def test_the_log_names_the_page_refused_and_the_units_an_older_entry_kept_as_codes(demo):
    before = SecurityEvent.objects.count()
    record_denial(UserFactory(username="intruder"), "/org/manage/", "GET")
    record(
        SecurityEventKind.ROLE_CHANGED,
        target="gb1-staff",
        detail={"before": [["gb1", "staff"]], "after": [["gb1", "section_head"]]},
    )
    record(SecurityEventKind.OVERSIGHT_CHANGED, target="deputy3", detail={"before": ["gb1"], "after": []})
    denial, role, oversight = worded(SecurityEvent.objects.order_by("id")[before:])
    assert denial.target_text == "系统管理" and role.target_text == "gb1-staff"
    assert role.detail_text == "干部一科·干部 → 干部一科·科室负责人"
    assert oversight.detail_text == "干部一科 → 无"
