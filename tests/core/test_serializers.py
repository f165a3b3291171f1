"""The serializer pieces the apps' APIs share: ids of a relation, an object's page, ids looked up as rows."""

from types import SimpleNamespace

import pytest
from rest_framework import serializers

from luoshi.core.errors import InvalidInput
from luoshi.core.serializers import IdsField, PageField, rows, validated
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
