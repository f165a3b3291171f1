"""The one table of who sees, manages and approves which units."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from luoshi.core.errors import Forbidden
from luoshi.org.choices import Role
from luoshi.org.scopes import (
    APPROVE,
    MANAGE,
    OVERSIGHT_ACTIONS,
    REVIEW,
    ROLE_REACH,
    VIEW,
    WORK,
    acting_person,
    reviewers_of,
    unit_scope,
)


def codes(scope, demo):
    by_pk = {pk: code for code, pk in demo.items()}
    return {by_pk[pk] for pk in scope.unit_ids}


ALL = "everything"
# Who reaches which units, per action: the head everything; a deputy the sections in his charge (and views
# the 部机关 he sits in); a section head and his staff their section; a county head views his department
# and approves nothing of it (its work is decided from above); the inspector views all and changes nothing.
REACH = {
    "head": {VIEW: ALL, MANAGE: ALL, APPROVE: ALL},
    "deputy1": {
        VIEW: {"swzzb", "bgs", "gb1", "gb2"},
        APPROVE: {"bgs", "gb1", "gb2"},
        MANAGE: {"bgs", "gb1", "gb2"},
        WORK: set(),
    },
    "gb1-head": {VIEW: {"gb1"}, MANAGE: {"gb1"}, APPROVE: set()},
    "gb1-staff": {VIEW: {"gb1"}, WORK: {"gb1"}, MANAGE: set()},
    "jcq-head": {VIEW: {"jcq"}, MANAGE: {"jcq"}, APPROVE: set()},
    "inspector": {VIEW: ALL, MANAGE: set()},
}


@pytest.mark.parametrize(
    "username, action, units",
    [(username, action, units) for username, row in REACH.items() for action, units in row.items()],
)
def test_each_role_reaches_its_units(user, demo, username, action, units):
    scope = unit_scope(user(username), action)
    assert (ALL if scope.everything else codes(scope, demo)) == units


@pytest.mark.parametrize("username", ["admin", "secadmin", "auditor"])
def test_admins_see_no_business_data(user, username):
    for action in (VIEW, MANAGE, APPROVE, WORK):
        scope = unit_scope(user(username), action)
        assert not scope.everything and not scope.unit_ids


def test_the_acting_person_is_the_accounts_and_an_admin_acts_only_where_allowed(user):
    staff, admin = user("bgs-staff"), user("admin")
    assert acting_person(staff, "不参与").user == staff
    with pytest.raises(Forbidden, match="^不参与$") as refused:
        acting_person(admin, "不参与")
    assert refused.value.code == "permission_denied"
    assert acting_person(admin, "不参与", admins=True).user == admin


@pytest.mark.django_db
def test_an_account_without_a_person_never_acts():
    bare = get_user_model().objects.create_user("bare", password="x")
    for account in (bare, AnonymousUser(), None):
        with pytest.raises(Forbidden, match="没有对应的人员"):
            acting_person(account, "该账号没有对应的人员信息", admins=True)


def test_scope_is_computed_once_per_user_object(user, django_assert_num_queries):
    deputy = user("deputy1")
    with django_assert_num_queries(4):
        unit_scope(deputy, VIEW)  # person, memberships, oversight, subtree
    with django_assert_num_queries(0):
        unit_scope(deputy, APPROVE)


def test_unknown_action_is_a_programming_error(user):
    with pytest.raises(ValueError):
        unit_scope(user("head"), "destroy")


REACH_ORDER = {"unit": 1, "below": 2, "subtree": 2}


@pytest.mark.parametrize("role", sorted(ROLE_REACH))
def test_no_right_reaches_beyond_what_the_role_may_view(role):
    """Lists such as 我的待办 filter by manage/approve/work rights alone and rely on this."""
    reach = ROLE_REACH[role]
    assert VIEW in reach
    for action, how in reach.items():
        assert REACH_ORDER[how] <= REACH_ORDER[reach[VIEW]], action


def test_oversight_gives_view_with_its_other_rights():
    assert VIEW in OVERSIGHT_ACTIONS


def test_the_reviewers_of_a_unit_are_whom_the_review_reach_gives_it(demo):
    """``reviewers_of`` reads the table backwards: the same people as asking each one's unit_scope."""
    from luoshi.org.models import Person, Unit

    people = list(Person.objects.filter(user__isnull=False).select_related("user"))
    for unit in Unit.objects.all():
        expected = {p.pk for p in people if unit.pk in unit_scope(p.user, REVIEW)}
        assert set(reviewers_of(unit).values_list("pk", flat=True)) == expected, unit.name


@pytest.mark.parametrize("how", ["subtree", "below", "unit"])
def test_who_reaches_a_unit_is_one_rule_read_both_ways(demo, monkeypatch, how):
    """Whatever reach the table gives a role, reading it backwards (``reviewers_of``) finds the people
    whose own reach holds the unit — at the top too, where "below" has nobody above to defer to."""
    from luoshi.org.models import Person, Unit

    monkeypatch.setitem(ROLE_REACH, Role.HEAD, {**ROLE_REACH[Role.HEAD], REVIEW: how})
    people = list(Person.objects.filter(user__isnull=False).select_related("user"))
    for unit in Unit.objects.all():
        expected = {p.pk for p in people if unit.pk in unit_scope(p.user, REVIEW)}
        assert set(reviewers_of(unit).values_list("pk", flat=True)) == expected, unit.name
