"""A unit's names as compared, the unit another name belongs to, and where each alias came from."""

from __future__ import annotations

import pytest

from luoshi.org import services
from luoshi.org.models import Unit
from luoshi.org.names import alias_sources, holder_of, simplified

pytestmark = pytest.mark.django_db


def test_simplified_reads_traditional_characters_and_drops_spaces():
    assert simplified(" 組織 一科(牵头) ") == "组织一科（牵头）"


@pytest.mark.parametrize(
    "written, compared",
    [
        ("干部1科", "干部一科"),
        ("干部壹科", "干部一科"),
        ("干部１科", "干部一科"),  # full-width
        ("第12党支部", "第十二党支部"),
        ("第20网格", "第二十网格"),
        ("12380举报中心", "一二三八〇举报中心"),  # a longer number digit by digit, 〇 for 0 as in a 文号
        ("第10组", "第十组"),
        ("第05组", "第〇五组"),  # led by 0: digit by digit
        ("拾贰科", "十二科"),
    ],
)
def test_simplified_reads_a_number_as_the_numerals_of_the_name(written, compared):
    assert simplified(written) == compared


@pytest.mark.parametrize(
    "written, code, kind",
    [
        ("干部一科", "gb1", "名称"),
        ("監督科", "gbjd", "简称"),  # traditional characters
        ("部 办", "bgs", "别称"),  # a space
        ("人才工作办公室", "rc", "别称"),
    ],
)
def test_the_unit_a_name_belongs_to_and_as_which_of_its_names(demo, written, code, kind):
    unit, which = holder_of(written)
    assert (unit.code, which) == (code, kind)
    assert holder_of(written, besides=unit) is None  # its own name is no other unit's


def test_an_inactive_unit_holds_no_name(user, demo):
    Unit.objects.filter(code="yjs").update(is_active=False)
    assert holder_of("研究室") is None


def test_each_alias_says_who_added_it_and_from_where(user, demo):
    rc = Unit.objects.get(code="rc")
    services.add_unit_alias(rc, actor=user("rc-staff"), alias="人才工作领导小组", source="导入《台账.xlsx》")
    services.update_unit(rc, actor=user("admin"), aliases=[*Unit.objects.get(pk=rc.pk).aliases, "人才组"])
    sources = dict(alias_sources(Unit.objects.get(pk=rc.pk)))
    recorded = sources["人才工作领导小组"]
    assert (recorded.who, recorded.source) == (user("rc-staff").person.name, "导入《台账.xlsx》")
    assert recorded.reason == "导入《台账.xlsx》时记为别名“人才工作领导小组”"
    assert sources["人才组"].who == "系统管理员" and sources["人才组"].source == ""
    assert list(sources)[:3] == ["人才办", "人才工作办公室", "人才科"]  # in the unit's order
