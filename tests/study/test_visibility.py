from luoshi.study.models import StudySession


def test_a_session_is_seen_by_its_units_reach_and_its_attendees(record, user, person):
    session = record(attendees=[person("gb1-staff")], led_by=person("deputy1"))
    for username in ("head", "deputy1", "gb1-head", "gb1-staff", "inspector"):
        assert StudySession.objects.restrict(user(username)).filter(pk=session.pk).exists(), username
    for username in ("gb2-staff", "jcq-head", "admin"):
        assert not StudySession.objects.restrict(user(username)).exists(), username
    assert StudySession.objects.restrict(user("gb1-staff"), "manage").count() == 0


def test_the_row_form_agrees_with_the_set_form(record, user):
    from luoshi.core.visibility import rule_for

    session = record()
    rule = rule_for(StudySession)
    for username in ("head", "gb1-staff", "gb2-staff", "jcq-head", "admin"):
        assert rule.allows(session, user(username), "view") == (
            StudySession.objects.restrict(user(username)).filter(pk=session.pk).exists()
        ), username
