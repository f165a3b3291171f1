from __future__ import annotations

from luoshi.core.visibility import rule_for
from luoshi.meetings import services
from luoshi.meetings.models import Meeting, MeetingEvent, UnitReport


def test_the_meeting_is_the_departments_reading_a_report_is_its_sections_and_leaders(meeting, user):
    assert Meeting.objects.restrict(user("gb2-staff")).filter(pk=meeting.pk).exists()
    assert not Meeting.objects.restrict(user("admin")).exists()

    def units(name: str) -> set[str]:
        return set(UnitReport.objects.restrict(user(name)).values_list("unit__code", flat=True))

    assert units("gb1-staff") == {"gb1"}
    assert units("deputy1") == {"bgs", "gb1", "gb2"}
    assert units("head") == set(meeting.reports.values_list("unit__code", flat=True))
    assert units("inspector") == units("head")
    assert units("admin") == set()


def test_the_trail_about_a_report_follows_the_report_and_the_meetings_own_steps_are_everyones(
    meeting, report_of, user
):
    services.save_report(report_of("gb1"), actor=user("gb1-staff"), thinking="调研不够深入")
    services.save_report(report_of("gb2"), actor=user("gb2-staff"), thinking="范围偏窄")

    def trail(name: str) -> set[str | None]:
        return set(MeetingEvent.objects.restrict(user(name)).values_list("report__unit__code", flat=True))

    assert trail("head") == {None, "gb1", "gb2"} and trail("deputy1") == {None, "gb1", "gb2"}
    assert trail("gb1-staff") == {None, "gb1"} and trail("jcq-head") == {None}
    assert trail("admin") == set()
    about_gb2 = MeetingEvent.objects.get(report__unit__code="gb2")
    assert not MeetingEvent.objects.restrict(user("gb1-staff")).filter(pk=about_gb2.pk).exists()
    rule = rule_for(MeetingEvent)
    assert rule.allows(about_gb2, user("gb2-staff"), "view") and not rule.allows(
        about_gb2, user("gb1-staff"), "view"
    )
    held = MeetingEvent.objects.get(report__isnull=True)
    assert rule.allows(held, user("jcq-head"), "view") and not rule.allows(held, user("admin"), "view")
