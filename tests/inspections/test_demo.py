import pytest
from django.test import Client

from luoshi.demo import load_demo
from luoshi.inspections.checklist import answers
from luoshi.inspections.models import Campaign, Visit
from luoshi.org.scopes import own_unit_ids


@pytest.mark.django_db
def test_the_demo_campaign_is_written_up_by_its_organiser_and_its_visit_is_within_reach():
    """The organiser of the demo's 督查 is of none of its target units, so its 督查通报 page is his to write;
    its team has found a problem, and one of its members has visited a target unit for it."""
    load_demo()
    campaign = Campaign.objects.get()
    organiser = campaign.created_by
    targets = set(campaign.target_units.values_list("pk", flat=True))
    assert not own_unit_ids(organiser) & targets and len(targets) >= 3
    assert organiser.user.has_perm("inspections.issue_bulletin", campaign)
    assert campaign.findings.filter(result="problem").exists()
    client = Client()
    client.force_login(organiser.user)
    # The page opens on a unit still to check; the unit the team has been through is asked for by name.
    checked = campaign.findings.values_list("unit", flat=True).first()
    assert f'<option value="{checked}">' in client.get(f"/inspections/{campaign.pk}/").content.decode()
    detail = client.get(f"/inspections/{campaign.pk}/?unit={checked}").content.decode()
    assert f'href="/inspections/{campaign.pk}/bulletin/"' in detail
    # a point answered only by the team's record is not said to be pre-answered by the unit's reports
    assert "系统中暂无该单位的相关情况" in detail and "已报送的情况可作预答" not in detail
    assert "每个要点都已有" in detail and "报送的情况或检查组的记录" in detail
    # and the team's record there does not say the reports luoshi lacks are complete
    for answer in answers(campaign, [checked], organiser.user)[checked]:
        if answer.finding is not None and answer.finding.result == "met":
            assert ("复命材料齐全" in answer.finding.note) is bool(answer.evidence), answer.point.text
    assert "经现场查阅材料" in detail and "复命材料齐全" in detail
    page = client.get(f"/inspections/{campaign.pk}/bulletin/")
    assert page.status_code == 200 and "存在的问题" in page.content.decode()
    visit = Visit.objects.get()
    assert visit.campaign == campaign and visit.unit_id in targets and visit.problems.exists() is False
    assert visit.unit_id not in own_unit_ids(visit.author)
