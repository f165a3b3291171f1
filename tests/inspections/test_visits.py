import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from luoshi.core.errors import InvalidInput
from luoshi.inspections import services
from luoshi.inspections.models import Visit, VisitPhoto
from luoshi.org.models import Unit
from tests.concurrency import at_once
from tests.core.images import jpeg


def visit(user, **changes):
    fields = dict(
        actor=user("jcdj-staff"),
        place="幸福村党群服务中心",
        visited_at=timezone.now(),
        heard="党员反映组织生活形式单一",
        unit=Unit.objects.get(code="jcdj"),
    )
    fields.update(changes)
    return services.record_visit(**fields)


def test_a_visit_keeps_its_photos_resized(user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    made = visit(user, photos=[SimpleUploadedFile("现场.jpg", jpeg(3200, 2400), "image/jpeg")])
    photo = made.photos.get()
    assert (photo.width, photo.height) == (1600, 1200) and photo.file.name.startswith(f"visits/{made.pk}/")
    assert (tmp_path / photo.file.name).stat().st_size == photo.size


def test_the_same_draft_sent_twice_is_one_visit(user):
    first = visit(user, client_key="draft-1")
    again = visit(user, client_key="draft-1", heard="（网络恢复后重发）")
    assert again.pk == first.pk and Visit.objects.count() == 1
    assert visit(user, client_key="draft-2").pk != first.pk  # a new draft is a new visit


def test_a_visit_with_a_file_that_is_not_a_photo_writes_nothing(user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    good = SimpleUploadedFile("现场.jpg", jpeg())
    with pytest.raises(InvalidInput) as refused:
        visit(user, photos=[good, SimpleUploadedFile("病毒.jpg", b"MZ\x90\x00 a program")])
    assert refused.value.code == "file_type" and "“病毒.jpg”不是图片" in refused.value.message
    assert not Visit.objects.exists() and not VisitPhoto.objects.exists()
    assert not list(tmp_path.rglob("*.jpg"))


def test_problems_raised_on_the_spot_enter_the_problem_ledger(user):
    from luoshi.problems.models import Problem

    made = visit(user, raised=["活动室长期闭门", "党员名册未更新"])
    problems = Problem.objects.order_by("id")
    assert [p.description for p in problems] == ["活动室长期闭门", "党员名册未更新"]
    assert {p.source for p in problems} == {"visit"} and {p.origin for p in problems} == {f"visit:{made.pk}"}
    assert set(made.problems.all()) == set(problems)


def test_problems_raised_on_the_spot_need_the_unit(user):
    with pytest.raises(InvalidInput) as refused:
        visit(user, unit=None, raised=["活动室长期闭门"])
    assert refused.value.code == "unit_required" and not Visit.objects.exists()


@pytest.mark.parametrize(("field", "what"), [("place", "走访地点"), ("heard", "听到的情况")])
def test_place_and_what_was_heard_are_required(user, field, what):
    with pytest.raises(InvalidInput) as refused:
        visit(user, **{field: "  "})
    assert what in refused.value.message and not Visit.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_draft_arriving_twice_at_once_is_one_visit(demo):
    """Two requests of one draft racing: the unique (author, key) lets one in; the other answers it."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers: the race is PostgreSQL's")
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.get(username="jcdj-staff")

    def send():
        return services.record_visit(
            actor=staff, place="村", visited_at=timezone.now(), heard="情况", client_key="race"
        ).pk

    results = at_once(send, send)
    assert len(set(results)) == 1 and Visit.objects.filter(client_key="race").count() == 1


def test_a_problem_of_a_unit_beyond_ones_reach_is_refused_whole(user):
    from luoshi.core.errors import Forbidden

    with pytest.raises(Forbidden):
        visit(user, unit=Unit.objects.get(code="jcq"), raised=["活动室闭门"])
    assert not Visit.objects.exists()


def test_a_visit_for_a_campaign_reports_on_its_target_unit(user, campaign):
    from luoshi.problems.models import Problem

    made = visit(
        user,
        actor=user("bgs-staff"),
        unit=Unit.objects.get(code="gb2"),
        campaign=campaign,
        raised=["未建台账"],
    )
    assert Problem.objects.get().origin == f"visit:{made.pk}"


def test_a_visit_for_a_campaign_raises_nothing_on_the_members_own_unit(user, mixed_team):
    from luoshi.core.errors import Forbidden
    from luoshi.problems.models import Problem

    with pytest.raises(Forbidden) as refused:
        visit(
            user,
            actor=user("gb1-staff"),
            unit=Unit.objects.get(code="gb1"),
            campaign=mixed_team,
            raised=["档案未专审"],
        )
    assert refused.value.code == "own_unit"
    assert not Visit.objects.exists() and not Problem.objects.exists()


def test_a_visit_for_a_campaign_raises_nothing_beyond_its_organisers_reach(user, beyond_reach):
    from luoshi.core.errors import Forbidden
    from luoshi.problems.models import Problem

    with pytest.raises(Forbidden) as refused:
        visit(
            user,
            actor=user("jcq-head"),
            unit=Unit.objects.get(code="gb1"),
            campaign=beyond_reach,
            raised=["走访发现干部一科问题"],
        )
    assert refused.value.code == "outside_scope"
    assert not Visit.objects.exists() and not Problem.objects.exists()


@pytest.mark.parametrize(
    ("visited_at", "code"),
    [
        (dt.datetime(367, 10, 14, 2, 54, tzinfo=dt.timezone(dt.timedelta(hours=8))), "invalid"),
        (dt.datetime(2099, 1, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), "date_in_future"),
    ],
)
def test_an_implausible_visit_date_is_refused(user, visited_at, code):
    with pytest.raises(InvalidInput) as refused:
        visit(user, visited_at=visited_at)
    assert refused.value.code == code and "走访时间" in refused.value.message
    assert not Visit.objects.exists()


@pytest.mark.parametrize(
    ("visitor", "code"),
    [
        ("deputy3", "jcdj"),  # a section in his charge
        ("head", "jcq"),  # the department's head: every unit
        ("inspector", "jcq"),  # the department's inspector: every unit
        ("jcq-head", "jcq"),  # a county head: his own department
        ("jcdj-staff", "jcdj"),  # a clerk: his own section
    ],
)
def test_a_visit_goes_to_a_unit_within_the_visitors_reach(user, visitor, code):
    made = visit(user, actor=user(visitor), unit=Unit.objects.get(code=code))
    assert made.unit.code == code and made.author.user.username == visitor


@pytest.mark.parametrize(
    ("visitor", "code"),
    [("jcdj-staff", "jcq"), ("deputy1", "jcdj"), ("deputy3", "jcq"), ("gb1-head", "gb2")],
)
def test_a_visit_to_a_unit_beyond_the_visitors_reach_is_refused(user, visitor, code):
    from luoshi.core.errors import Forbidden

    unit = Unit.objects.get(code=code)
    with pytest.raises(Forbidden) as refused:
        visit(user, actor=user(visitor), unit=unit)
    assert refused.value.code == "outside_scope"
    assert f"不能记录对“{unit.name}”的走访" in refused.value.message and "分管" in refused.value.message
    assert refused.value.errors == {"unit": ["不在您可走访的单位范围内"]}
    assert not Visit.objects.exists()


def test_a_campaigns_team_member_visits_its_target_beyond_his_own_reach(user, campaign):
    """bgs-staff sees only 办公室, but is on the team of a campaign over 干部二科: he visits it for it."""
    made = visit(user, actor=user("bgs-staff"), unit=Unit.objects.get(code="gb2"), campaign=campaign)
    assert made.campaign == campaign
    from luoshi.core.errors import Forbidden

    with pytest.raises(Forbidden):  # not for the campaign, the same unit is beyond him
        visit(user, actor=user("bgs-staff"), unit=Unit.objects.get(code="gb2"))


def test_the_attack_a_visit_names_only_a_campaign_it_is_a_finding_of(user, campaign):
    """The head of a target unit, on no team, filed a visit to his own unit "for" the campaign inspecting
    it; a visit names a campaign only as one of its team, to one of its targets, within its period."""
    from luoshi.core.errors import Forbidden
    from luoshi.inspections.models import Campaign

    with pytest.raises(Forbidden) as refused:
        visit(user, actor=user("gb2-head"), unit=Unit.objects.get(code="gb2"), campaign=campaign)
    assert refused.value.code == "not_on_team" and "检查组的成员" in refused.value.message
    with pytest.raises(InvalidInput) as refused:  # a unit the campaign does not inspect
        visit(user, actor=user("bgs-staff"), unit=Unit.objects.get(code="bgs"), campaign=campaign)
    assert refused.value.code == "unit_not_targeted" and "不是“年轻干部工作专项督查”的检查对象" in (
        refused.value.message
    )
    with pytest.raises(InvalidInput) as refused:  # a campaign is a target unit's, not a label
        visit(user, actor=user("bgs-staff"), unit=None, campaign=campaign)
    assert refused.value.code == "unit_required"
    start = campaign.start_date
    Campaign.objects.filter(pk=campaign.pk).update(
        start_date=start - dt.timedelta(days=30), end_date=start - dt.timedelta(days=10)
    )
    campaign.refresh_from_db()
    with pytest.raises(InvalidInput) as refused:  # after its 结束日期
        visit(user, actor=user("bgs-staff"), unit=Unit.objects.get(code="gb2"), campaign=campaign)
    assert refused.value.code == "campaign_not_open"
    assert f"晚于“年轻干部工作专项督查”的结束日期{campaign.end_date:%Y-%m-%d}" in refused.value.message
    assert refused.value.errors == {"visited_at": ["晚于督查调研的结束日期"]}
    before = timezone.now() - dt.timedelta(days=31)
    with pytest.raises(InvalidInput) as refused:  # before its 开始日期
        visit(
            user,
            actor=user("bgs-staff"),
            unit=Unit.objects.get(code="gb2"),
            campaign=campaign,
            visited_at=before,
        )
    assert refused.value.code == "campaign_not_open" and "早于" in refused.value.message
    assert not Visit.objects.exists()
    day = timezone.now() - dt.timedelta(days=20)
    made = visit(
        user, actor=user("bgs-staff"), unit=Unit.objects.get(code="gb2"), campaign=campaign, visited_at=day
    )
    assert made.campaign == campaign  # a visit of its period, recorded later
