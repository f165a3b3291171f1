"""Who approves a bonus or deduction item: the leaders over its unit but its proposer; where nobody else is
over the unit (a county under the head alone), the department's other leaders — one rule for the
permission, the pages, 我的待办 and the API, and a proposal nobody could approve is refused."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from luoshi.assessment import inbox, services
from luoshi.assessment.approval import approvals
from luoshi.assessment.models import Accountability, Adjustment
from luoshi.core.errors import Conflict, Forbidden, NotFound
from luoshi.org.choices import Role
from luoshi.org.models import Membership, Oversight, leaders_in_charge
from tests.factories import member

from .conftest import overdue


@pytest.fixture
def county_under_head(org):
    """The county with nobody in charge of it: only the head is over it, as in the demo."""
    Oversight.objects.filter(unit=org.county).delete()
    return org.county


def _bonus(period, actor, unit, reason="区县加分"):
    return services.propose_adjustment(
        period, actor=actor.user, unit=unit, kind="bonus", points=2, reason=reason, evidence="通报"
    )


def page(person, url):
    made = Client()
    made.force_login(person.user)
    return made.get(url).content.decode()


def test_the_leaders_over_the_unit_approve_and_never_the_proposer(org, current):
    item = _bonus(current, org.deputy, org.county)
    (approval,) = approvals([item])
    assert [p.pk for p in approval.people] == [org.head.pk] and not approval.referred
    assert org.head.user.has_perm("assessment.decide_adjustment", item)
    assert not org.deputy.user.has_perm("assessment.decide_adjustment", item)


def test_a_countys_item_the_head_proposed_goes_to_the_departments_other_leaders(
    org, current, county_under_head
):
    other = member(org.root, Role.DEPUTY)
    item = _bonus(current, org.head, county_under_head)
    (approval,) = approvals([item])
    assert approval.referred and {p.pk for p in approval.people} == {org.deputy.pk, other.pk}
    for leader in (org.deputy, other):
        assert leader.user.has_perm("assessment.decide_adjustment", item)
        assert Adjustment.objects.restrict(leader.user).filter(pk=item.pk).exists(), (
            "they read what they decide"
        )
    county = org.heads["county"]
    assert not county.user.has_perm("assessment.decide_adjustment", item)
    with pytest.raises(Forbidden):
        services.decide_adjustment(item, actor=county.user, approve=True)
    with pytest.raises(NotFound):
        services.decide_adjustment(item, actor=org.heads["a"].user, approve=True)
    done = services.decide_adjustment(item, actor=org.deputy.user, approve=True, note="经部务会研究同意")
    assert done.status == "approved" and done.decided_by == org.deputy
    assert Adjustment.objects.restrict(org.deputy.user).filter(pk=item.pk).exists(), "and what they decided"


def test_a_referred_item_waits_in_the_other_leaders_inbox_and_says_so_on_the_pages(
    org, current, county_under_head
):
    item = _bonus(current, org.head, county_under_head)
    waiting = {e.key: e for e in inbox.entries(org.deputy.user, timezone.localdate()) if e.count}
    assert waiting["adjustment-decide"].rows[0].title.endswith("加分2分：区县加分")
    assert "adjustment-decide" not in {
        e.key for e in inbox.entries(org.head.user, timezone.localdate()) if e.count
    }
    url = f"/assessment/periods/{current.pk}/"
    decide = f"/assessment/adjustments/{item.pk}/approve/"
    deputys, heads = page(org.deputy, url), page(org.head, url)
    assert decide in deputys and decide not in heads
    for text in (deputys, heads):
        assert "除提出人外没有其他上级领导，转其他部领导审批" in text and f"待{org.deputy.name}审批" in text
    services.compute_period(current, actor=org.head.user)
    score = current.scores.get(unit=county_under_head, version=1)
    assert f"转其他部领导审批，待{org.deputy.name}审批" in page(org.head, f"/assessment/scores/{score.pk}/")


def test_the_page_names_who_approves_an_ordinary_item(org, current):
    _bonus(current, org.deputy, org.county)
    assert f"待{org.head.name}审批" in page(org.deputy, f"/assessment/periods/{current.pk}/")


def test_a_proposal_nobody_could_approve_is_refused(org, current, county_under_head):
    Membership.objects.filter(person=org.deputy, role=Role.DEPUTY).delete()
    Oversight.objects.filter(leader=org.deputy).delete()
    with pytest.raises(Conflict, match="没有可以审批的领导") as caught:
        _bonus(current, org.head, county_under_head)
    assert caught.value.code == "no_approver" and not Adjustment.objects.exists()


def test_a_countys_deduction_the_head_decided_is_approved_by_another_leader(org, current, county_under_head):
    overdue(county_under_head, title="逾期的换届督导")
    services.open_matters(timezone.localdate())
    matter = Accountability.objects.get()
    services.explain_overdue(matter, actor=org.heads["county"].user, reason="材料报送滞后")
    client = APIClient()
    client.force_authenticate(org.head.user)
    done = client.post(
        f"/api/v1/accountability/{matter.pk}/decide/",
        {"decision": "deduct", "points": "1", "period": current.pk},
        format="json",
    )
    assert done.status_code == 200, done.json()
    body = done.json()
    assert body["adjustment_approvers"] == [{"id": org.deputy.pk, "name": org.deputy.name}]
    assert body["adjustment_referred"] is True
    item = Adjustment.objects.get(pk=body["adjustment"])
    services.decide_adjustment(item, actor=org.deputy.user, approve=True)
    assert Adjustment.objects.get(pk=item.pk).status == "approved"


def test_a_deduction_nobody_could_approve_leaves_the_matter_undecided(org, current, county_under_head):
    Membership.objects.filter(person=org.deputy, role=Role.DEPUTY).delete()
    Oversight.objects.filter(leader=org.deputy).delete()
    overdue(county_under_head, title="逾期的换届督导")
    services.open_matters(timezone.localdate())
    matter = Accountability.objects.get()
    services.explain_overdue(matter, actor=org.heads["county"].user, reason="材料报送滞后")
    with pytest.raises(Conflict):
        services.decide_overdue(matter, actor=org.head.user, decision="deduct", period=current, points="1")
    matter.refresh_from_db()
    assert matter.decision == "" and not Adjustment.objects.exists()


def test_the_approvals_of_many_items_take_a_fixed_number_of_queries(
    org, current, county_under_head, django_assert_max_num_queries
):
    items = [_bonus(current, org.deputy, unit) for unit in org.sections.values()]
    items.append(_bonus(current, org.head, county_under_head))
    fetched = list(Adjustment.objects.select_related("unit").filter(pk__in=[i.pk for i in items]))
    with django_assert_max_num_queries(3):
        found = approvals(fetched)
    assert len(found) == len(items)


def test_the_leaders_over_a_unit_are_orgs_leaders_in_charge(org, current):
    """The approvers over a unit read org's one rule of who is over it (leaders_in_charge), batched."""
    Oversight.objects.filter(leader=org.deputy, unit=org.sections["b"]).delete()
    second = member(org.root, Role.DEPUTY)
    Oversight.objects.create(leader=second, unit=org.root)
    clerk = member(org.sections["d"])
    units = [*org.sections.values(), org.county]
    drafts = [Adjustment(period=current, unit=unit, proposed_by=clerk) for unit in units]
    for unit, approval in zip(units, approvals(drafts), strict=True):
        expected = set(leaders_in_charge(unit).values_list("pk", flat=True)) - set(
            unit.memberships.values_list("person_id", flat=True)
        )
        assert {p.pk for p in approval.people} == expected and not approval.referred
