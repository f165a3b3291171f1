from __future__ import annotations

from luoshi.meetings.models import Meeting, UnitReport


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
