"""Who sees which scores: a unit its own, a section head their section, a leader the units in charge, the
head everything; a published period's ranking (not its figures) to every business user."""

from luoshi.assessment import services
from luoshi.assessment.models import Adjustment, AssessmentEvent, Period, Scheme, UnitScore
from luoshi.assessment.visibility import RANK
from luoshi.org.choices import Role
from tests.factories import PersonFactory, member


def units(person, action="view", **where):
    return set(
        UnitScore.objects.restrict(person.user, action).filter(**where).values_list("unit_id", flat=True)
    )


def test_scores_follow_the_reach_of_each_role(org, october, month):
    a, b = org.sections["a"], org.sections["b"]
    staff = member(a)
    inspector = member(org.root, Role.INSPECTOR)
    everyone = set(UnitScore.objects.values_list("unit_id", flat=True))
    assert units(staff) == {a.pk} and units(org.heads["a"]) == {a.pk}
    assert units(org.deputy) == everyone - {month["mid_year"].pk}  # not in the deputy's charge
    assert units(org.head) == everyone == units(inspector)
    assert units(PersonFactory(admin_role="system")) == set()
    assert set(Adjustment.objects.restrict(org.heads["b"].user).values_list("unit_id", flat=True)) <= {b.pk}


def test_the_ranking_opens_to_everyone_only_once_published_and_only_that_version(org, october, month):
    staff = member(org.sections["b"])
    assert units(staff, RANK) == {org.sections["b"].pk}
    services.publish_period(october, actor=org.head.user)
    published = units(staff, RANK, version=1)
    assert published == set(UnitScore.objects.filter(period=october).values_list("unit_id", flat=True))
    assert units(staff) == {org.sections["b"].pk}  # the figures stay the unit's own


def test_schemes_and_periods_are_the_business_users_reading(org, october):
    assert Scheme.objects.restrict(member(org.sections["c"]).user).count() == 1
    assert Period.objects.restrict(PersonFactory(admin_role="audit").user).count() == 0


def test_the_trail_about_a_unit_follows_its_scores_and_the_rest_is_everyones(org, october, month):
    def trail(person):
        return set(AssessmentEvent.objects.restrict(person.user).values_list("unit_id", flat=True))

    a = org.sections["a"]
    everyone = set(AssessmentEvent.objects.values_list("unit_id", flat=True))
    assert {None, a.pk, org.county.pk} <= everyone
    assert trail(org.head) == everyone and trail(org.heads["a"]) == {None, a.pk}
    assert trail(member(org.sections["b"])) == {None, org.sections["b"].pk}
    assert trail(PersonFactory(admin_role="system")) == set()
    event = AssessmentEvent.objects.filter(unit=a).first()
    assert AssessmentEvent.objects.filter(pk=event.pk).restrict(org.heads["b"].user).count() == 0
