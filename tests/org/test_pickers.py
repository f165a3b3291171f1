"""Choosing units and people by a typed search within one's reach, and refusing a forged choice."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from luoshi.org.models import Person, Unit
from luoshi.org.pickers import SHOWN, PickerField, named_together
from luoshi.org.scopes import Scope
from luoshi.org.services import create_unit


def _picks(client, what: str, **params: str) -> str:
    response = client.get(f"/org/pick/{what}/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_section_is_offered_only_itself_the_head_any_unit_by_name(client_as):
    staff = _picks(client_as("gb1-staff"), "units")
    assert "干部一科" in staff and "干部二科" not in staff and "江城区委组织部" not in staff
    head = _picks(client_as("head"), "units", q="二科")
    assert "干部二科" in head and "干部一科" not in head
    assert "没有符合的单位" in _picks(client_as("head"), "units", q="没有这个单位")


def test_a_county_section_is_named_with_its_county(client_as, user):
    county = Unit.objects.get(code="jcq")
    create_unit(actor=user("admin"), code="jcq-gb", name="干部科", kind=county.kind, parent=county)
    assert "干部科（江城区）" in _picks(client_as("jcq-head"), "units", q="干部科")


def test_people_are_those_of_ones_units_and_under_the_chosen_lead_unit(client_as, demo):
    client = client_as("head")
    everyone = _picks(client, "people", q="科")
    assert "干部一科" in everyone and "系统管理员" not in everyone
    gb2 = _picks(client, "people", lead_unit=str(demo["gb2"]))
    assert "冯春梅" in gb2 and "韩立新" not in gb2
    staff = _picks(client_as("gb1-staff"), "people", lead_unit=str(demo["gb2"]))
    assert "冯春梅" not in staff and "韩立新" in staff  # a lead unit outside the reach narrows nothing


def test_a_long_answer_is_cut_and_says_so(client_as, demo):
    root = Unit.objects.get(code="swzzb")
    Unit.objects.bulk_create(
        Unit(code=f"x{n}", name=f"测试科{n}", kind=root.kind, parent=root, tree_path=f"{root.tree_path}x{n}/")
        for n in range(SHOWN + 5)
    )
    page = _picks(client_as("head"), "units", q="测试科")
    assert page.count("data-pick=") == SHOWN and f"只列出前{SHOWN}个" in page


def test_the_search_takes_the_same_queries_however_many_answer(client_as, demo):
    client = client_as("head")
    _picks(client, "people")  # the session is warm
    counts = []
    for query in ("没有", "", "科"):
        with CaptureQueriesContext(connection) as queries:
            _picks(client, "people", q=query, lead_unit=str(demo["swzzb"]))
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2] <= 7, counts


def test_an_unknown_reach_is_not_found(client_as):
    assert client_as("head").get("/org/pick/units/", {"reach": "approve"}).status_code == 404


def test_the_field_refuses_an_id_outside_its_reach_and_accepts_one_kept(demo):
    field = PickerField("units", multiple=True, required=False)
    field.within(Scope(unit_ids=frozenset({demo["gb1"]})), keep=[demo["gb2"]])
    assert [u.pk for u in field.clean([str(demo["gb1"]), str(demo["gb2"])])] == [demo["gb1"], demo["gb2"]]
    for forged in ([str(demo["zz1"])], ["999999"], ["abc"]):
        try:
            field.clean(forged)
        except Exception as exc:  # noqa: BLE001 - the message is what is checked
            assert "请从搜索结果中选择" in str(exc)
        else:
            raise AssertionError(f"{forged} accepted")


def test_the_widget_shows_what_is_chosen_and_not_a_name_outside_the_reach(demo):
    field = PickerField("people")
    gb1 = Person.objects.filter(unit_id=demo["gb1"]).first()
    other = Person.objects.filter(unit_id=demo["gb2"]).first()
    assert gb1 is not None and other is not None
    field.within(Scope(unit_ids=frozenset({demo["gb1"]})))
    shown = field.widget.render("owner", gb1.pk, {"id": "id_owner"})
    assert gb1.name in shown and f'name="owner" value="{gb1.pk}"' in shown
    assert other.name not in field.widget.render("owner", other.pk, {"id": "id_owner"})


def test_leaders_are_those_over_ones_units_and_over_the_chosen_lead_unit(client_as, demo):
    """A section's clerk is offered its 分管领导 and the head, not another deputy's; the head every leader,
    narrowed to those in charge of the lead unit when one is chosen."""
    section = _picks(client_as("gb1-staff"), "leaders")
    assert "刘振华" in section and "王秀英" not in section and "韩立新" not in section
    head = _picks(client_as("head"), "leaders")
    assert "刘振华" in head and "王秀英" in head and "系统管理员" not in head
    narrowed = _picks(client_as("head"), "leaders", lead_unit=str(demo["gbjd"]))
    assert "王秀英" in narrowed and "刘振华" not in narrowed


def test_many_pickers_are_named_together_in_two_queries_a_kind(demo, django_assert_num_queries):
    """A page of cards names what its pickers show at once; one outside the reach is still left out."""
    reach = Scope(unit_ids=frozenset({demo["gb1"], demo["gb2"]}))
    fields = [PickerField("units", multiple=True) for _ in range(5)]
    for field in fields:
        field.within(reach, keep=[demo["zz1"]] if field is fields[0] else [])
    forged = [demo["gb1"], demo["gb2"], demo["zz1"]]
    with django_assert_num_queries(2):
        named_together((field, forged) for field in fields)
        shown = [field.widget.render("co", forged, {"id": "id_co"}) for field in fields]
    assert all("干部一科" in page and "干部二科" in page for page in shown)
    assert "组织一科" in shown[0] and not any("组织一科" in page for page in shown[1:])
