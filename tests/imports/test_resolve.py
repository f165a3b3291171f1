"""Unit names resolved against the org chart: exact names, the names of the units above written first,
traditional characters, fuzzy matches — and never a unit whose name is only a part of the written one."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luoshi.imports.resolve import Resolver
from luoshi.org.models import Unit
from luoshi.org.names import simplified
from luoshi.org.services import add_unit_alias

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolver(user):
    return Resolver(user("bgs-staff"))


def name_of(match):
    return match.unit.name if match.unit else None


@pytest.mark.parametrize(
    "written, unit",
    [
        ("干部一科", "干部一科"),
        ("监督科", "干部监督科"),  # a short name
        ("部办", "办公室"),  # an alias
        ("江城市委组织部干部一科", "干部一科"),  # the name of the unit above written first
        ("市委组织部干部一科", "干部一科"),  # the unit above by its short name
        ("中共江城市委组织部办公室", "办公室"),
        ("組織一科", "组织一科"),  # traditional characters
        ("幹部監督科", "干部监督科"),
        ("干部 一科", "干部一科"),
        ("干部1科", "干部一科"),  # a number in Arabic digits
        ("干部壹科", "干部一科"),  # in capital numerals
        ("江城市委组织部组织1科", "组织一科"),
    ],
)
def test_a_unit_written_by_one_of_its_names_is_taken(resolver, written, unit):
    match = resolver.unit(written)
    assert name_of(match) == unit and match.confidence >= 0.95 and not match.part


@pytest.mark.parametrize(
    "written",
    [
        "人才工作领导小组办公室",
        "市委办公室",  # another body's office, not the department's
        "市委组织部党校干部一科",  # 党校 is not above 干部一科
        "干部一科二组",
    ],
)
def test_a_unit_whose_name_is_only_a_part_of_the_written_one_is_not_taken(resolver, written):
    match = resolver.unit(written)
    assert match.unit is None and match.part and match.part in written and match.confidence <= 0.3


def test_a_part_suggests_the_unit_whose_whole_name_is_closest(resolver):
    match = resolver.unit("人才工作领导小组办公室")
    assert match.suggestion is not None and match.suggestion.name == "人才工作科"  # 人才工作办公室
    assert match.to_json()["part"] == "办公室" and match.to_json()["unit"] is None


def test_traditional_characters_suggest_the_simplified_unit(resolver):
    match = resolver.unit("組織壹科")  # 壹 is no simplification of 一: fuzzy, and the right unit proposed
    assert (match.unit or match.suggestion).name == "组织一科"


def test_an_unknown_unit_is_not_taken(resolver):
    match = resolver.unit("党校")
    assert match.unit is None and match.confidence < 0.85


def test_a_name_chosen_by_hand_wins(resolver, demo):
    chosen = Resolver(resolver.actor, {"人才工作领导小组办公室": demo["rc"]})
    match = chosen.unit("人才工作领导小组办公室")
    assert name_of(match) == "人才工作科" and match.override


def test_an_alias_recorded_for_a_unit_is_taken_by_the_next_resolver(user, demo):
    written = "人才工作領導小組"  # as a WPS ledger may spell it
    assert Resolver(user("bgs-staff")).unit(written).unit is None
    rc = Unit.objects.get(code="rc")
    add_unit_alias(rc, actor=user("rc-staff"), alias=written, source="导入《台账.xlsx》")
    match = Resolver(user("bgs-staff")).unit("人才工作领导小组")
    assert name_of(match) == "人才工作科" and match.confidence == 1.0 and not match.override
    assert name_of(Resolver(user("bgs-staff")).unit(written)) == "人才工作科"


WORDS = st.text(alphabet="党校小组领导工作委员会中心二三组室处站局", min_size=1, max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=WORDS, after=st.one_of(st.just(""), WORDS), index=st.integers(min_value=0))
def test_resolution_never_takes_a_unit_named_only_in_part(resolver, before, after, index):
    units = sorted(resolver.units.values(), key=lambda u: u.pk)
    unit = units[index % len(units)]
    written = before + unit.name + after
    match = resolver.unit(written)
    if match.unit is not None:
        names = {simplified(n) for n in (match.unit.name, match.unit.short_name, *match.unit.aliases) if n}
        key = simplified(written)
        assert key in names or not any(n in key for n in names), (written, match.unit.name)


def test_a_short_name_is_read_in_the_importers_own_part_of_the_tree_first(user):
    """A county's clerk writes 组织部 or 县委组织部 in the county's own ledger: 清河县委组织部, not the
    city's root (组织部 is its alias) nor 白沙县委组织部; the city's clerk means the city's."""
    county = Resolver(user("qhx-head"))
    for written in ("组织部", "县委组织部"):
        match = county.unit(written)
        assert name_of(match) == "清河县委组织部" and match.confidence < 0.95  # the preview says so
    assert name_of(county.unit("清河县组织部")) == "清河县委组织部"  # its own alias, exactly
    assert name_of(county.unit("部办")) == "办公室"  # nothing nearer goes by it: the city's
    assert Resolver(user("bsx-head")).unit("县委组织部").unit.name == "白沙县委组织部"
    city = Resolver(user("bgs-staff"))
    assert city.unit("县委组织部").unit is None  # the city's clerk must say which
    assert name_of(city.unit("组织部")) == "江城市委组织部" and city.unit("组织部").confidence == 1.0
    assert name_of(city.unit("部办")) == "办公室"
    assert name_of(Resolver(user("head")).unit("组织部")) == "江城市委组织部"
