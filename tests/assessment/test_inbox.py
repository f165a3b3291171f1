"""考核评价 in 我的待办: scores to judge, bonus and deduction items to decide, overdue matters to explain and
to decide, each shown to whom the rules give the action, in a constant number of queries."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from luoshi.assessment import inbox, services
from luoshi.core.inbox import entries_for

from .conftest import overdue


def _keys(person) -> dict:
    return {e.key: e for e in inbox.entries(person.user, timezone.localdate()) if e.count}


def test_an_assessor_is_asked_to_judge_each_unit_of_the_open_period_until_judged(org, scheme, current):
    services.compute_period(current, actor=org.head.user)
    waiting = _keys(org.deputy)["assessment-judge"]
    units = len(current.scores.filter(version=1))
    assert waiting.count == units and waiting.rows[0].url.startswith("/assessment/scores/")
    assert "assessment-judge" not in _keys(org.heads["a"]), "not an assessor"
    for indicator in scheme.indicators.filter(kind="judged"):
        services.judge(
            current,
            actor=org.deputy.user,
            indicator=indicator,
            unit=org.sections["a"],
            level="好",
            justification="到位",
        )
    assert _keys(org.deputy)["assessment-judge"].count == units - 1
    assert _keys(org.head)["assessment-judge"].count == units, "each assessor judges for themselves"


def test_a_proposed_item_waits_on_the_leaders_over_its_unit(org, current):
    services.propose_adjustment(
        current,
        actor=org.deputy.user,
        unit=org.county,
        kind="deduction",
        points=3,
        reason="信息报送不及时",
        evidence="通报",
    )
    rows = _keys(org.head)["adjustment-decide"].rows
    assert rows[0].title.endswith("扣分3分：信息报送不及时")
    assert "adjustment-decide" not in _keys(org.heads["a"])


def test_an_item_one_proposed_oneself_is_not_waiting_on_one(org, current):
    """Only what the reader may decide: the service refuses one's own proposal, so it is not listed."""
    services.propose_adjustment(
        current,
        actor=org.deputy.user,
        unit=org.county,
        kind="bonus",
        points=2,
        reason="经验被推广",
        evidence="简报",
    )
    assert "adjustment-decide" not in _keys(org.deputy)
    assert _keys(org.head)["adjustment-decide"].count == 1


def test_a_matter_of_ones_home_unit_is_not_waiting_on_one(org, matter):
    """The home unit counts as one's own, as the decision refuses it (own_unit), membership or not."""
    services.explain_overdue(matter, actor=org.heads["a"].user, reason="调研对象调整")
    org.deputy.unit = org.sections["a"]
    org.deputy.save(update_fields=["unit"])
    assert "overdue-decide" not in _keys(org.deputy)
    assert _keys(org.head)["overdue-decide"].count == 1


def test_an_overdue_matter_waits_on_its_unit_then_on_a_leader_outside_it(org, matter):
    assert _keys(org.heads["a"])["overdue-explain"].rows[0].title == "逾期的调研"
    assert "overdue-explain" not in _keys(org.heads["b"])
    assert "overdue-decide" not in _keys(org.deputy), "no reason yet"
    services.explain_overdue(matter, actor=org.heads["a"].user, reason="调研对象调整")
    assert "overdue-explain" not in _keys(org.heads["a"])
    assert _keys(org.deputy)["overdue-decide"].rows[0].url == f"/assessment/accountability/{matter.pk}/"


def test_the_entries_take_the_same_queries_however_many_wait(org, scheme, current):
    def queries() -> int:
        user = org.deputy.user.__class__.objects.get(pk=org.deputy.user.pk)
        with CaptureQueriesContext(connection) as captured:
            entries_for(user, timezone.localdate())
        return len(captured)

    services.compute_period(current, actor=org.head.user)
    overdue(org.sections["a"], title="逾期一")
    services.open_matters(timezone.localdate())
    few = queries()
    for code in "bcd":
        overdue(org.sections[code], title=f"逾期{code}", days=3)
    services.open_matters(timezone.localdate() + dt.timedelta(days=1))
    assert queries() == few


def test_an_assessor_is_not_asked_to_judge_a_unit_he_holds_a_role_in(org, scheme, current):
    """As judge refuses it (own_unit): a deputy who also heads 干部一科 is not asked to judge it."""
    from luoshi.org.choices import Role
    from luoshi.org.models import Membership

    services.compute_period(current, actor=org.head.user)
    units = len(current.scores.filter(version=1))
    Membership.objects.create(person=org.deputy, unit=org.sections["a"], role=Role.SECTION_HEAD)
    waiting = _keys(org.deputy)["assessment-judge"]
    assert waiting.count == units - 1
    assert all(org.sections["a"].display_name not in row.title for row in waiting.rows)
