"""The problem forms: whom the 确认整改 form offers as a measure's 责任人."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from luoshi.org.models import Unit
from luoshi.problems.forms import owner_choices
from luoshi.problems.rules import measure_owner_refusal
from tests.factories import member


def test_the_owners_offered_cost_the_same_queries_however_many_people_the_unit_has(user, demo):
    section = Unit.objects.get(code="gb1")

    def offered():
        with CaptureQueriesContext(connection) as queries:
            choices = owner_choices(user("gb1-head"), section)
        return choices, len(queries)

    before, spent = offered()
    for _ in range(4):
        member(section)
    after, spent_after = offered()
    assert len(after) == len(before) + 4 and spent_after == spent
    # the section's head reviews its measures, so is not offered; the service refuses him alike
    head = user("gb1-head").person
    assert str(head.pk) not in dict(after) and measure_owner_refusal(head, section)
