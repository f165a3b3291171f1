import pytest

from luoshi.demo import load_demo
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
