"""Who may record a unit's alias: whoever may name the unit as a task's lead unit, never an admin."""

from __future__ import annotations

import pytest

from luoshi.org.models import Unit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "username, code, allowed",
    [
        ("gb1-staff", "gb1", True),  # staff assign to their own unit
        ("gb1-staff", "gb2", False),
        ("gb1-head", "gb1", True),
        ("deputy1", "gb2", True),  # a unit in their charge
        ("deputy1", "rc", False),
        ("head", "rc", True),
        ("bgs-staff", "rc", True),  # 办公室 granted 代上级交办: the department's units
        ("inspector", "gb1", False),  # sees, assigns nothing
        ("admin", "gb1", False),  # the system admin keeps the org chart, imports nothing
        ("secadmin", "gb1", False),
    ],
)
def test_an_alias_is_for_a_unit_one_may_hand_work_to(user, username, code, allowed):
    assert user(username).has_perm("org.add_unit_alias", Unit.objects.get(code=code)) is allowed


@pytest.mark.parametrize("username, allowed", [("gb1-staff", True), ("inspector", False), ("admin", False)])
def test_without_a_unit_the_rule_says_whether_any_unit_is_within_reach(user, username, allowed):
    assert user(username).has_perm("org.add_unit_alias") is allowed
