"""The choices the task forms offer."""

from luoshi.org.models import Person, Unit
from luoshi.org.scopes import ASSIGN, unit_scope
from luoshi.tasks.forms import leader_choices
from luoshi.tasks.models import Task
from tests.factories import UnitFactory


def test_leaders_are_named_with_their_department_the_departments_own_first(demo):
    labels = [label for _, label in leader_choices()]
    assert labels[:2] == ["（按分管关系）", "陈建国（江城市委组织部部长）"]
    counties = [label for label in labels if "县委组织部" in label or "区委组织部" in label]
    assert counties and all(label.endswith("部长）") for label in counties)
    assert labels.index(next(label for label in labels if "副部长" in label)) < labels.index(counties[0])
    assert len(labels) == len(set(labels))


def test_leaders_are_those_in_charge_of_the_units_one_hands_work_to(demo, user):
    labels = [label for _, label in leader_choices(unit_scope(user("gb1-head"), ASSIGN))]
    assert labels == ["（按分管关系）", "陈建国（江城市委组织部部长）", "刘振华（江城市委组织部常务副部长）"]
    county = [label for _, label in leader_choices(unit_scope(user("jcq-head"), ASSIGN))]
    assert "陈建国（江城市委组织部部长）" in county and "杜卫东（江城区委组织部部长）" in county
    assert not any("东湖区" in label or "副部长" in label for label in county)


def test_the_task_form_offers_the_leaders_of_its_reach(client_as):
    page = client_as("gb1-staff").get("/tasks/new/").content.decode()
    offered = page[page.index('name="leader"') : page.index("</select>", page.index('name="leader"'))]
    assert "刘振华（江城市委组织部常务副部长）" in offered and "区委组织部" not in offered


def test_the_task_form_lists_no_unit_or_person_and_searches_within_the_reach(client_as):
    page = client_as("gb1-staff").get("/tasks/new/").content.decode()
    co_units = page[
        page.index('data-name="co_units"') : page.index("</div></div>", page.index('data-name="co_units"'))
    ]
    assert "干部二科" not in co_units and 'hx-get="/org/pick/units/?reach=co_units"' in co_units
    assert 'hx-get="/org/pick/people/?reach=owners"' in page and 'hx-include="[name=lead_unit]"' in page


def test_a_forged_co_unit_or_owner_is_refused_in_chinese_keeping_what_was_typed(client_as, demo):
    other = Person.objects.filter(unit_id=demo["gb2"]).first()
    assert other is not None
    county_section = UnitFactory(parent=Unit.objects.get(code="jcq"), name="江城区委组织部组织科")
    data = {
        "title": "补报材料",
        "lead_unit": demo["gb1"],
        "co_units": [demo["gb1"], county_section.pk],
        "owner": other.pk,
        "due_date": "2099-01-01",
        "cadence": "once",
        "weight": 1,
    }
    response = client_as("gb1-staff").post("/tasks/new/", data)
    page = response.content.decode()
    assert response.status_code == 400 and not Task.objects.exists()
    assert "所选单位不在您可选择的范围内" in page and "所选人员不在您可选择的范围内" in page
    assert 'value="补报材料"' in page and f'name="co_units" value="{demo["gb1"]}"' in page
    assert "江城区委组织部组织科" not in page[page.index('data-name="co_units"') :][:2000]


def test_the_task_keeps_its_co_units_and_owner_on_edit_whoever_edits(client_as, make_task, demo):
    owner = Person.objects.filter(unit_id=demo["gb2"]).first()
    task = make_task(lead="gb2", co_units=[Unit.objects.get(code="zz1")], owner=owner)
    page = client_as("deputy1").get(f"/tasks/{task.pk}/edit/").content.decode()
    assert "组织一科" in page and owner is not None and owner.name in page
