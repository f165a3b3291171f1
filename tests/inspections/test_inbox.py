"""督查调研 in 我的待办: a campaign under way waits on its team until every checklist point of every target
unit is recorded, or its bulletin is issued."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from luoshi.inspections import inbox, services
from luoshi.inspections.documents import bulletin_draft
from luoshi.org.models import Unit


def _keys(user) -> dict:
    return {e.key: e for e in inbox.entries(user, timezone.localdate()) if e.count}


def test_the_team_is_asked_to_record_until_every_unit_is_checked(campaign, user, client_as):
    waiting = _keys(user("bgs-staff"))["campaign-record"]
    points = list(campaign.points.all())
    assert waiting.rows[0].title == "年轻干部工作专项督查"
    assert waiting.rows[0].url == f"/inspections/{campaign.pk}/"
    assert waiting.rows[0].note.startswith(f"已记录 0/{len(points) * 2} 项")
    assert "campaign-record" in _keys(user("inspector")) and "campaign-record" not in _keys(user("gb1-staff"))
    page = client_as("bgs-staff").get("/tasks/inbox/").content.decode()
    assert 'data-testid="inbox-campaign-record"' in page and f"/inspections/{campaign.pk}/" in page
    for point in points:
        for code in ("gb1", "gb2"):
            services.record_finding(
                campaign, actor=user("bgs-staff"), point=point, unit=Unit.objects.get(code=code), result="met"
            )
    assert "campaign-record" not in _keys(user("bgs-staff"))


def test_a_campaign_not_started_or_with_its_bulletin_waits_on_nobody(campaign, user):
    later = timezone.localdate() + dt.timedelta(days=3)
    type(campaign).objects.filter(pk=campaign.pk).update(start_date=later)
    assert "campaign-record" not in _keys(user("bgs-staff"))
    type(campaign).objects.filter(pk=campaign.pk).update(start_date=timezone.localdate())
    services.issue_bulletin(actor=user("head"), campaign=campaign, content=bulletin_draft(campaign=campaign))
    assert "campaign-record" not in _keys(user("bgs-staff"))


def test_the_entry_takes_the_same_queries_however_many_campaigns(campaign, user, person):
    def queries() -> int:
        inspector = user("inspector")
        with CaptureQueriesContext(connection) as captured:
            inbox.entries(inspector, timezone.localdate())
        return len(captured)

    one = queries()
    for n in range(3):
        services.create_campaign(
            actor=user("head"),
            kind="survey",
            topic=f"调研{n}",
            start_date=timezone.localdate(),
            end_date=timezone.localdate() + dt.timedelta(days=7),
            target_units=Unit.objects.filter(code="gb2"),
            tasks=[],
            extra_points=["要点"],
            teams=[services.TeamInput("调研组", person("inspector"), [])],
        )
    assert queries() == one
