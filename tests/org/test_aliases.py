"""Recording a unit's alias: by whoever may hand the unit work, once, in its history, never a name of
another unit."""

from __future__ import annotations

import pytest

from luoshi.accounts.models import SecurityEvent
from luoshi.core.errors import Forbidden, InvalidInput
from luoshi.org import services
from luoshi.org.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def rc(demo):
    return Unit.objects.get(code="rc")


def aliases(unit):
    return Unit.objects.get(pk=unit.pk).aliases


def test_an_alias_is_added_with_one_history_entry_naming_who_and_where(user, rc):
    before, events = rc.history.count(), SecurityEvent.objects.count()
    services.add_unit_alias(rc, actor=user("rc-staff"), alias="人才工作领导小组", source="导入《台账.xlsx》")
    assert aliases(rc) == ["人才办", "人才工作办公室", "人才科", "人才工作领导小组"]
    assert rc.history.count() == before + 1
    entry = rc.history.first()
    assert entry.history_user.username == "rc-staff"
    assert entry.history_change_reason == "导入《台账.xlsx》时记为别名“人才工作领导小组”"
    assert SecurityEvent.objects.count() == events  # a unit's names are no right: not a security event


def test_an_alias_is_kept_as_compared(user, rc):
    services.add_unit_alias(rc, actor=user("head"), alias=" 人才工作領導 小組(辦公室) ")
    assert aliases(rc)[-1] == "人才工作领导小组（办公室）"


def test_sent_twice_it_is_recorded_once(user, rc):
    staff = user("rc-staff")
    services.add_unit_alias(rc, actor=staff, alias="人才工作领导小组")
    count = rc.history.count()
    services.add_unit_alias(rc, actor=staff, alias="人才工作領導小組")
    services.add_unit_alias(rc, actor=staff, alias="人才科")  # already its short name
    assert aliases(rc).count("人才工作领导小组") == 1 and rc.history.count() == count


@pytest.mark.parametrize(
    "alias, message",
    [
        ("干部一科", "“干部一科”是“干部一科”的名称，不能记为“人才工作科”的别名"),
        ("監督科", "“监督科”是“干部监督科”的简称"),
        ("部 办", "“部办”是“办公室”的别称"),
        ("市委组织部", "是“江城市委组织部”的简称"),
        ("干部1科", "“干部1科”（即“干部一科”）是“干部一科”的名称，不能记为“人才工作科”的别名"),
        ("干部壹科", "“干部壹科”（即“干部一科”）是“干部一科”的名称"),
        ("干部１科", "（即“干部一科”）是“干部一科”的名称"),  # a full-width digit
    ],
)
def test_a_name_of_another_unit_is_refused_and_nothing_changes(user, rc, alias, message):
    count = rc.history.count()
    with pytest.raises(InvalidInput) as refused:
        services.add_unit_alias(rc, actor=user("head"), alias=alias)
    assert refused.value.code == "alias_taken" and message in refused.value.message
    assert aliases(rc) == ["人才办", "人才工作办公室", "人才科"] and rc.history.count() == count


def test_an_alias_taken_by_one_unit_is_not_given_to_another(user, rc):
    services.add_unit_alias(rc, actor=user("head"), alias="人才工作领导小组")
    with pytest.raises(InvalidInput, match="是“人才工作科”的别称"):
        services.add_unit_alias(Unit.objects.get(code="xxzx"), actor=user("head"), alias="人才工作领导小组")


@pytest.mark.parametrize(
    "alias, code", [("", "alias_required"), ("  ", "alias_required"), ("人" * 101, "alias_too_long")]
)
def test_an_empty_or_overlong_alias_is_refused(user, rc, alias, code):
    with pytest.raises(InvalidInput) as refused:
        services.add_unit_alias(rc, actor=user("head"), alias=alias)
    assert refused.value.code == code
    assert aliases(rc) == ["人才办", "人才工作办公室", "人才科"]


@pytest.mark.parametrize("username", ["gb1-staff", "admin", "inspector"])
def test_a_unit_beyond_ones_reach_is_refused(user, rc, username):
    with pytest.raises(Forbidden) as refused:
        services.add_unit_alias(rc, actor=user(username), alias="人才工作领导小组")
    assert refused.value.code == "outside_assign_scope"
    assert "只能为您可以交办任务的单位" in refused.value.message
    assert aliases(rc) == ["人才办", "人才工作办公室", "人才科"]


def test_an_inactive_unit_gets_no_alias(user, rc):
    Unit.objects.filter(pk=rc.pk).update(is_active=False)
    rc.refresh_from_db()
    with pytest.raises(InvalidInput, match="已停用"):
        services.add_unit_alias(rc, actor=user("head"), alias="人才工作领导小组")


@pytest.mark.parametrize(
    "alias, message",
    [
        ("干部一科", "“干部一科”是“干部一科”的名称，不能记为“人才工作科”的别名"),
        ("監督科", "“监督科”是“干部监督科”的简称"),
        ("部办", "“部办”是“办公室”的别称"),
    ],
)
def test_the_system_admins_edit_refuses_another_units_name_as_an_alias(user, rc, alias, message):
    count = rc.history.count()
    with pytest.raises(InvalidInput) as refused:
        services.update_unit(rc, actor=user("admin"), aliases=["人才办", alias], duties="改了职责")
    assert refused.value.code == "alias_taken" and message in refused.value.message
    unit = Unit.objects.get(pk=rc.pk)
    assert unit.aliases == ["人才办", "人才工作办公室", "人才科"] and unit.duties != "改了职责"
    assert rc.history.count() == count


def test_a_new_unit_gets_no_alias_of_another(user, rc):
    with pytest.raises(InvalidInput, match="“人才科”是“人才工作科”的简称，不能记为“人才服务科”的别名"):
        services.create_unit(
            actor=user("admin"),
            code="rcfw",
            name="人才服务科",
            kind="section",
            parent=rc.parent,
            aliases=["人才科"],
        )
    assert not Unit.objects.filter(code="rcfw").exists()


@pytest.mark.parametrize(
    "alias, other",
    [
        ("市委组织部干部一科", "干部一科"),  # a ledger's import takes it for 干部一科
        # the names of the units above before its own, as a ledger writes it in full: taken too
        ("江城市委组织部干部一科", "干部一科"),
        ("中共江城市委组织部干部监督科", "干部监督科"),
        ("干部一科。", "干部一科"),  # near-identical: the import proposes 干部一科, the alias would take it
        ("干部监督科室", "干部监督科"),
    ],
)
def test_a_name_read_as_another_unit_is_refused(user, rc, alias, other):
    count = rc.history.count()
    with pytest.raises(InvalidInput) as refused:
        services.add_unit_alias(rc, actor=user("rc-staff"), alias=alias)
    assert refused.value.code == "alias_taken"
    assert f"与“{other}”的名称几乎相同，导入台账时会被认作“{other}”，不能记为“人才工作科”的别名" in (
        refused.value.message
    )
    assert aliases(rc) == ["人才办", "人才工作办公室", "人才科"] and rc.history.count() == count


def test_a_name_only_close_to_another_units_is_its_own_alias(user, rc):
    for alias in ("人才工作一科", "人才一科"):  # like 干部一科, not it
        services.add_unit_alias(rc, actor=user("rc-staff"), alias=alias)
    assert aliases(rc)[-2:] == ["人才工作一科", "人才一科"]


def test_a_name_of_a_unit_beyond_the_clerks_reach_is_refused(user, rc):
    with pytest.raises(InvalidInput, match="是“江城区委组织部”的名称"):
        services.add_unit_alias(rc, actor=user("rc-staff"), alias="江城区委组织部")
