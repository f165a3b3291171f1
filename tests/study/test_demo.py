import pytest

from luoshi.demo import load_demo
from luoshi.org.models import Unit
from luoshi.study.models import StudySession
from luoshi.study.progress import expected_unit_ids


@pytest.mark.django_db
def test_the_demo_speech_is_studied_by_some_units_and_not_others():
    load_demo()
    sessions = list(StudySession.objects.select_related("directive"))
    assert len(sessions) >= 2 and len({s.directive_id for s in sessions}) == 1
    directive = sessions[0].directive
    expected = expected_unit_ids([directive.pk])[directive.pk]
    studied = {s.unit_id for s in sessions}
    assert studied < expected and expected - studied
    assert sum(s.photos.count() for s in sessions) == 1
    assert all(s.held_on >= directive.issued_on and s.attendees.exists() for s in sessions)


@pytest.mark.django_db
def test_the_county_departments_with_work_under_the_speech_study_it_in_the_weeks_before():
    """So the counties' group of the ranking has a study figure: a quota with no session scores 0."""
    load_demo()
    sessions = list(StudySession.objects.filter(unit__kind="subordinate").select_related("unit", "directive"))
    expected = expected_unit_ids([sessions[0].directive_id])[sessions[0].directive_id]
    counties = set(Unit.objects.filter(pk__in=expected, kind="subordinate").values_list("pk", flat=True))
    assert {s.unit_id for s in sessions} == counties and len(counties) >= 2
    assert all(s.led_by.user.username == f"{s.unit.code}-head" for s in sessions)
    assert len({s.held_on for s in sessions}) == len(sessions)
