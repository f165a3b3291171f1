"""考核评价 pages: the ranking, a unit's score page, judging and adjusting through forms, the head's
publication — and a locked period refusing a change with the form's Chinese error."""

from django.test import Client

from luoshi.assessment import services
from luoshi.assessment.models import Adjustment, Judgement, Period, Scheme, UnitScore
from luoshi.notify.models import Notification
from luoshi.study.models import StudySession
from luoshi.training.models import Training

BUTTON = '<summary class="btn btn-sm btn-outline-primary">'


def client(person):
    made = Client()
    made.force_login(person.user)
    return made


def test_the_overview_makes_a_scheme_from_the_template(org):
    page = client(org.head).get("/assessment/")
    assert page.status_code == 200 and "按标准模板制定年度方案" in page.content.decode()
    bad = client(org.head).post(
        "/assessment/schemes/new/", {"year": 2026, "process_weight": 50, "effect_weight": 60}
    )
    assert bad.status_code == 400 and "过程权重与效果权重之和应为100" in bad.content.decode()
    assert not Scheme.objects.exists()
    done = client(org.head).post(
        "/assessment/schemes/new/", {"year": 2026, "process_weight": 40, "effect_weight": 60}
    )
    assert done.status_code == 302 and Scheme.objects.get().indicators.count() == 16


def test_the_template_form_offers_a_year_without_a_scheme_and_a_refusal_keeps_the_ranking(org, current):
    import re

    from django.utils import timezone

    this_year = timezone.localdate().year
    if not Scheme.objects.filter(year=this_year).exists():
        services.create_scheme(
            actor=org.head.user, year=this_year, name="", process_weight=40, effect_weight=60, indicators={}
        )
    services.compute_period(current, actor=org.head.user)
    page = client(org.head).get("/assessment/").content.decode()
    offered = int(re.search(r'name="year" value="(\d+)"', page).group(1))
    assert offered > this_year and not Scheme.objects.filter(year=offered).exists()
    refused = client(org.head).post(
        "/assessment/schemes/new/", {"year": this_year, "process_weight": 40, "effect_weight": 60}
    )
    body = refused.content.decode()
    assert refused.status_code == 400 and f"{this_year}年度已有考核方案" in body
    assert f'href="/assessment/periods/{current.pk}/"' in body and "排名</a>" in body


def test_the_ranking_page_and_a_units_score_page(org, october, month, django_assert_max_num_queries):
    head, section_head = client(org.head), client(org.heads["a"])
    # the same for a province (tests/assessment/test_standings.py); three say who approves the pending
    # items, one reads the tie through the ranking's visibility rule
    with django_assert_max_num_queries(22):
        page = head.get(f"/assessment/periods/{october.pk}/").content.decode()
    assert "比学赶超" in page and "并列第1名" in page and "无可考核事项" in page
    score = UnitScore.objects.get(period=october, unit=org.sections["a"])
    with django_assert_max_num_queries(26):  # one query per figure behind the lines
        body = section_head.get(f"/assessment/scores/{score.pk}/").content.decode()
    assert "交办后2日内签收的比例" in body and "1/2（50.0%）" in body and "部署落实到位" in body
    # one period so far: a sentence, not a chart of a single point on a rank axis running to 0.5
    assert "本年度只有这一期，下期起可见走势" in body and 'id="trend-chart"' not in body
    # its toggles are buttons in the theme's red, as on the 督查 pages, not Bootstrap's blue text
    assert f"{BUTTON}所依据的" in body and "text-primary" not in body + page
    # the quotas: the raw figure, the formula, the rows behind them linked to the sessions and trainings
    assert "2次" in body and "达到1次得满分" in body and "16学时（1条参训记录）" in body
    session = StudySession.objects.filter(unit=org.sections["a"], held_on__month=10).first()
    assert f'href="/study/{session.pk}/"' in body and "领学" in body
    course = Training.objects.get(ends_on__month=10)
    assert f'href="/training/{course.pk}/"' in body and f"{org.heads['a'].name} 16学时" in body
    assert client(org.heads["b"]).get(f"/assessment/scores/{score.pk}/").status_code == 404


def test_an_assessor_judges_on_the_page_and_off_the_rubric_is_refused(org, scheme, october, month):
    score = UnitScore.objects.get(period=october, unit=org.sections["d"])
    indicator = scheme.indicators.get(name="问题解决了没有")
    bad = client(org.deputy).post(
        f"/assessment/scores/{score.pk}/judge/",
        {"indicator": indicator.pk, "level": "优秀", "justification": "好"},
    )
    text = bad.content.decode()
    assert bad.status_code == 400 and "不是“问题解决了没有”的评分档次" in text and "好</textarea>" in text
    good = client(org.deputy).post(
        f"/assessment/scores/{score.pk}/judge/",
        {"indicator": indicator.pk, "level": "较好", "justification": "有改进"},
    )
    assert good.status_code == 302 and Judgement.objects.filter(unit=org.sections["d"]).count() == 1


def test_the_head_publishes_and_a_locked_period_refuses_a_change(org, october, month):
    assert client(org.deputy).post(f"/assessment/periods/{october.pk}/publish/").status_code == 403
    assert client(org.head).post(f"/assessment/periods/{october.pk}/publish/").status_code == 302
    assert Period.objects.get(pk=october.pk).is_locked
    told = Notification.objects.filter(kind="assessment", recipient=org.heads["a"].user).get()
    assert told.title.startswith("2026年10月考核结果已发布：干部一科第4名")
    refused = client(org.head).post(f"/assessment/periods/{october.pk}/compute/")
    assert refused.status_code == 409 and "已审定发布并锁定" in refused.content.decode()
    assert UnitScore.objects.filter(period=october).values("version").distinct().count() == 1


def test_a_forged_judgement_or_adjustment_of_a_locked_period_says_why(org, scheme, october, month):
    client(org.head).post(f"/assessment/periods/{october.pk}/publish/")
    score = UnitScore.objects.get(period=october, unit=org.sections["d"])
    indicator = scheme.indicators.get(name="问题解决了没有")
    judgements = Judgement.objects.count()
    judged = client(org.deputy).post(
        f"/assessment/scores/{score.pk}/judge/",
        {"indicator": indicator.pk, "level": "较好", "justification": "有改进"},
    )
    assert judged.status_code == 409 and "已审定发布并锁定，不能评议" in judged.content.decode()
    adjusted = client(org.head).post(
        f"/assessment/scores/{score.pk}/adjust/",
        {"kind": "bonus", "points": "1", "reason": "表彰", "evidence": "通报"},
    )
    assert adjusted.status_code == 409 and "已审定发布并锁定" in adjusted.content.decode()
    assert Judgement.objects.count() == judgements


def test_the_head_reopens_with_a_reason_and_a_recompute_is_a_new_version(org, october, month):
    client(org.head).post(f"/assessment/periods/{october.pk}/publish/")
    assert (
        client(org.head).post(f"/assessment/periods/{october.pk}/reopen/", {"reason": ""}).status_code == 400
    )
    assert (
        client(org.head).post(f"/assessment/periods/{october.pk}/reopen/", {"reason": "更正数据"}).status_code
        == 302
    )
    assert client(org.head).post(f"/assessment/periods/{october.pk}/compute/").status_code == 302
    period = Period.objects.get(pk=october.pk)
    assert (period.version, period.published_version, period.is_locked) == (2, 1, False)


def test_weights_are_edited_on_the_scheme_page_and_checked(org, scheme):
    ack = scheme.indicators.get(name="按时签收")
    late = scheme.indicators.get(name="延期次数")
    page = client(org.head).post(
        f"/assessment/schemes/{scheme.pk}/weights/",
        {"process_weight": 50, "effect_weight": 50, f"w-{ack.pk}": 25, f"w-{late.pk}": 10},
    )
    text = page.content.decode()
    assert page.status_code == 400 and "“任务落实”各指标权重之和应为100，现为110" in text
    assert f'name="w-{ack.pk}" value="25"' in text  # what was typed comes back
    scheme.refresh_from_db()
    assert scheme.process_weight == 40
    done = client(org.head).post(
        f"/assessment/schemes/{scheme.pk}/weights/",
        {"process_weight": 50, "effect_weight": 50, f"w-{ack.pk}": 20, f"w-{late.pk}": 5},
    )
    assert done.status_code == 302
    scheme.refresh_from_db()
    assert scheme.process_weight == 50 and scheme.indicators.get(pk=ack.pk).weight == 20
    assert client(org.heads["a"]).post(f"/assessment/schemes/{scheme.pk}/weights/", {}).status_code == 403


def test_a_weight_keyed_by_a_digit_int_refuses_is_no_500(org, scheme):
    typed = {"process_weight": 50, "effect_weight": 50, "w-\u00b2": 5}
    page = client(org.head).post(f"/assessment/schemes/{scheme.pk}/weights/", typed)
    assert page.status_code in (302, 400)


def test_the_scheme_page_lists_process_then_effect_as_a_tree(org, scheme):
    text = client(org.heads["a"]).get(f"/assessment/schemes/{scheme.pk}/").content.decode()
    order = [text.index(name) for name in ("任务落实", "按时签收", "问题整改", "问题反弹", "部署落实了没有")]
    assert order == sorted(order) and "保存权重" not in text  # a section head reads, never edits


def test_only_who_may_decide_an_item_is_offered_to_and_one_s_own_is_refused_saying_why(org, october, month):
    item = services.propose_adjustment(
        october,
        actor=org.deputy.user,
        unit=org.county,
        kind="bonus",
        points=2,
        reason="经验推广",
        evidence="简报",
    )
    decide = f"/assessment/adjustments/{item.pk}/approve/"
    assert decide not in client(org.deputy).get(f"/assessment/periods/{october.pk}/").content.decode()
    assert decide in client(org.head).get(f"/assessment/periods/{october.pk}/").content.decode()
    assert client(org.heads["a"]).get(f"/assessment/periods/{october.pk}/").status_code == 200
    own = client(org.deputy).post(decide)
    assert own.status_code == 403 and "不能审批自己提出的加减分" in own.content.decode()
    assert Adjustment.objects.get(pk=item.pk).status == "pending"


def test_deciding_an_item_says_whether_it_will_count(org, october, month):
    items = [
        services.propose_adjustment(
            october, actor=org.deputy.user, unit=org.county, kind="bonus", points=2, reason=r, evidence="简报"
        )
        for r in ("经验推广", "自评加分")
    ]
    approved = client(org.head).post(f"/assessment/adjustments/{items[0].pk}/approve/", follow=True)
    assert "已批准，重新计算后计入得分" in approved.content.decode()
    refused = client(org.head).post(
        f"/assessment/adjustments/{items[1].pk}/refuse/", {"note": "依据不足"}, follow=True
    )
    assert "已不批准，不计入得分" in refused.content.decode() and "后计入得分" not in refused.content.decode()
    assert [Adjustment.objects.get(pk=i.pk).status for i in items] == ["approved", "refused"]


def test_the_periods_trail_shows_each_reader_only_the_units_whose_scores_they_may_read(org, matter, current):
    a, c = org.sections["a"], org.sections["c"]
    services.explain_overdue(matter, actor=org.heads["a"].user, reason="基层材料报送滞后")
    services.decide_overdue(
        matter, actor=org.deputy.user, decision="deduct", period=current, points="1", note="建立周调度机制"
    )
    services.propose_adjustment(
        current, actor=org.deputy.user, unit=c, kind="bonus", points=3, reason="自评加分", evidence="工作突出"
    )
    url = f"/assessment/periods/{current.pk}/"
    everything = client(org.head).get(url).content.decode()
    assert "建立周调度机制" in everything and "基层材料报送滞后" in everything and "自评加分" in everything
    own = client(org.heads["a"]).get(url).content.decode()
    assert "建立周调度机制" in own and "自评加分" not in own
    for reader in (org.heads["b"], org.heads["county"]):
        other = client(reader).get(url).content.decode()
        assert "开设考核期" in other  # the period's own steps are everyone's reading
        assert a.name not in other and "建立周调度机制" not in other and "基层材料报送滞后" not in other
        assert "逾期的调研" not in other and c.name not in other and "自评加分" not in other


def test_an_open_periods_boards_read_as_interim_until_the_head_publishes(org, october, month):
    url = f"/assessment/periods/{october.pk}/"
    page = client(org.head).get(url).content.decode()
    assert 'data-testid="board">暂列红榜<' in page and 'data-testid="board">红榜<' not in page
    services.publish_period(october, actor=org.head.user)
    page = client(org.head).get(url).content.decode()
    assert 'data-testid="board">红榜<' in page and "暂列" not in page
