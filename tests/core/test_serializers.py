"""The serializer pieces the apps' APIs share: ids of a relation, an object's page, ids looked up as rows."""

from importlib import import_module
from types import SimpleNamespace

import pytest
from django.conf import settings
from rest_framework import serializers

from luoshi.core.errors import InvalidInput
from luoshi.core.serializers import (
    GuardedFields,
    IdField,
    IdsField,
    PageField,
    rows,
    validated,
)
from luoshi.org.models import Unit


def test_a_relation_reads_as_its_sorted_ids_and_an_object_as_its_page(demo):
    class Probe(serializers.Serializer):
        audience_units = IdsField()
        url = PageField("training:detail")

    units = list(Unit.objects.filter(kind="section").order_by("-pk")[:3])
    relation = SimpleNamespace(all=lambda: units)
    answer = Probe(SimpleNamespace(pk=7, audience_units=relation)).data
    assert answer == {"audience_units": sorted(u.pk for u in units), "url": "/training/7/"}


def test_ids_are_rows_or_a_400_on_the_field(demo):
    root = Unit.objects.get(parent__isnull=True)
    assert rows(Unit, [root.pk], message="单位不存在", code="unknown_unit", field="unit") == [root]
    with pytest.raises(InvalidInput, match="参训单位中有不存在的单位") as caught:
        rows(Unit, [root.pk, 999999], message="参训单位中有不存在的单位", code="unknown_unit", field="units")
    assert caught.value.code == "unknown_unit" and caught.value.errors == {
        "units": ["参训单位中有不存在的单位"]
    }


def test_validated_answers_the_checked_body_or_raises_the_field_errors():
    class Body(serializers.Serializer):
        hours = serializers.IntegerField()

    assert validated(Body, {"hours": "8"}) == {"hours": 8}
    with pytest.raises(serializers.ValidationError):
        validated(Body, {"hours": "八"})


BIG = 569076076806088148647936  # past a signed 64-bit integer: SQLite cannot bind it


def test_an_id_field_takes_whole_numbers_from_1_to_2_63_minus_1():
    class Probe(serializers.Serializer):
        unit = IdField()
        people = serializers.ListField(child=IdField())

    assert validated(Probe, {"unit": 2**63 - 1, "people": [1]}) == {"unit": 2**63 - 1, "people": [1]}
    for body in ({"unit": BIG, "people": [1]}, {"unit": 1, "people": [BIG]}, {"unit": 0, "people": [1]}):
        with pytest.raises(serializers.ValidationError):
            validated(Probe, body)


@pytest.mark.parametrize(
    ("username", "url", "body"),
    [
        (
            "bgs-head",
            "/api/v1/trainings/",
            {
                "topic": "t",
                "unit": BIG,
                "audience": "a",
                "audience_units": [3],
                "hours": 2,
                "starts_on": "2026-12-20",
                "ends_on": "2026-12-20",
            },
        ),
        (
            "gb1-head",
            "/api/v1/campaigns/",
            {
                "kind": "inspection",
                "topic": "t",
                "start_date": "2026-12-10",
                "end_date": "2026-12-20",
                "target_units": [BIG],
                "teams": [{"name": "a", "leader": 13, "members": []}],
                "extra_points": ["x"],
            },
        ),
        (
            "gb1-head",
            "/api/v1/study-sessions/",
            {
                "directive": 1,
                "unit": 3,
                "held_on": "2026-12-01",
                "led_by": 13,
                "attendees": [BIG],
                "notes": "x",
            },
        ),
        (
            "gb1-staff",
            "/api/v1/visits/",
            {"place": "某村", "visited_at": "2026-12-01T10:00:00+08:00", "heard": "x", "campaign": BIG},
        ),
    ],
)
def test_an_id_too_large_for_the_database_is_a_400_in_chinese(api_as, username, url, body):
    response = api_as(username).post(url, body, format="json")
    assert response.status_code == 400 and response.json()["code"] == "invalid"
    assert response.json()["detail"].startswith("提交的数据有误")


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    return found.union(*(_subclasses(sub) for sub in found)) if found else found


def test_every_serializer_of_the_project_takes_text_through_the_guarded_bases():
    """Typed text is checked where it enters (core.text): a serializer written on DRF's bare base would
    take invisible characters unnoticed. The two left out take no typed text to keep: the token login's
    credentials (a password is its owner's affair) and the error body, which is only written."""
    import_module(settings.ROOT_URLCONF)
    unguarded = {
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in _subclasses(serializers.BaseSerializer)
        if cls.__module__.startswith("luoshi.")
        # a list's fields are its child's
        and not issubclass(cls, (GuardedFields, serializers.ListSerializer))
    }
    assert unguarded == {"luoshi.accounts.views.TokenRequest", "luoshi.core.api.ErrorSerializer"}
