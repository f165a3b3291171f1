"""The choices the task forms offer."""

from luoshi.org.scopes import ASSIGN, unit_scope
from luoshi.tasks.forms import leader_choices


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
