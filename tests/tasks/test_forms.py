"""The choices the task forms offer."""

from luoshi.tasks.forms import leader_choices


def test_leaders_are_named_with_their_department_the_departments_own_first(demo):
    labels = [label for _, label in leader_choices()]
    assert labels[:2] == ["（按分管关系）", "陈建国（江城市委组织部部长）"]
    counties = [label for label in labels if "县委组织部" in label or "区委组织部" in label]
    assert counties and all(label.endswith("部长）") for label in counties)
    assert labels.index(next(label for label in labels if "副部长" in label)) < labels.index(counties[0])
    assert len(labels) == len(set(labels))
