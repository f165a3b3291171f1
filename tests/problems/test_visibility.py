"""Who sees a problem: the set form and the row form give one answer for every demo role."""

import pytest

from luoshi.problems.models import Problem
from tests.conftest import ROLE_ACCOUNTS


@pytest.mark.parametrize("username", [*ROLE_ACCOUNTS.values(), "gb2-staff", "jcq-head", "deputy2"])
def test_the_set_and_the_row_agree(record, confirmed, user, username):
    record(by="head", unit="gb2", description="干部二科档案不全")
    record(by="head", unit="jcq", description="江城区党费收缴不及时")
    confirmed()
    me = user(username)
    visible = set(Problem.objects.restrict(me, "view").values_list("pk", flat=True))
    for problem in Problem.objects.all():
        assert (problem.pk in visible) == me.has_perm("problems.see_problem", problem), problem


def test_staff_see_their_unit_and_what_they_recorded(record, user):
    mine = record()
    theirs = record(by="head", unit="gb2", description="干部二科档案不全")
    visible = set(Problem.objects.restrict(user("gb1-staff"), "view"))
    assert mine in visible and theirs not in visible
    assert set(Problem.objects.restrict(user("deputy1"), "view")) == {mine, theirs}
    assert not Problem.objects.restrict(user("admin"), "view").exists()
