import pytest

from luoshi.extract import ExtractError
from luoshi.extract.model import Owner
from luoshi.extract.orgchart import OrgChart


@pytest.fixture
def chart():
    return OrgChart(
        [
            {"id": "gb1", "name": "干部一科", "short_name": "干一科", "aliases": ["干部科"]},
            {"code": "rcb", "name": "市委人才工作领导小组办公室", "short_name": "人才办"},
        ]
    )


def test_resolution_by_name_alias_prefix_and_fuzzy(chart):
    assert chart.resolve("干部一科")[0].id == "gb1"
    assert chart.resolve("干部科") == (chart.units[0], 1.0)
    unit, conf = chart.resolve("市委组织部干部一科")
    assert unit.id == "gb1" and conf == 0.95
    unit, conf = chart.resolve("市人才办")
    assert unit.id == "rcb" and 0 < conf < 1
    assert chart.resolve("市住建局") == (None, 0.0)


def test_a_two_character_owner_names_a_unit_only_exactly():
    chart = OrgChart(
        [
            {"id": "xxzx", "name": "信息中心", "aliases": ["党员教育中心"]},
            {"id": "gb1", "name": "干部一科"},
            {"id": "bgs", "name": "办公室", "short_name": "办"},
        ]
    )
    owners = [Owner(mention=m) for m in ("党员", "干部", "办", "干部科")]
    chart.annotate(owners)
    assert [o.unit for o in owners] == [None, None, "bgs", "gb1"]


def test_org_chart_from_yaml(tmp_path):
    p = tmp_path / "units.yaml"
    p.write_text("units:\n  - {id: 1, name: 干部一科, aliases: [干部科]}\n", encoding="utf-8")
    assert OrgChart.from_yaml(p).resolve("干部科")[0].id == "1"
    p.write_text("units: 3\n", encoding="utf-8")
    with pytest.raises(ExtractError, match="格式不正确"):
        OrgChart.from_yaml(p)


def test_a_mention_of_every_unit_of_a_kind_names_none_of_them():
    chart = OrgChart(
        [
            {"id": "city", "name": "江城市委组织部", "short_name": "市委组织部", "aliases": ["组织部"]},
            {"id": "jcq", "name": "江城区委组织部", "short_name": "江城区"},
            {"id": "gb1", "name": "干部一科"},
        ]
    )
    owners = [Owner(mention=m) for m in ("各区县委组织部", "各科室", "有关科室", "干部一科")]
    chart.annotate(owners)
    assert [o.unit for o in owners] == [None, None, None, "gb1"]
