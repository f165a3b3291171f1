"""考核方案: weights checked to sum at every level, rubrics and assessors checked, nothing half-written."""

import copy
import datetime as dt

import pytest

from luoshi.assessment import services
from luoshi.assessment.choices import EventKind, IndicatorKind, PeriodStatus
from luoshi.assessment.defaults import standard_indicators
from luoshi.assessment.models import AssessmentEvent, Indicator, Period, Scheme
from luoshi.assessment.services.steps import lock_period
from luoshi.core.errors import Conflict, Forbidden, InvalidInput

from ..concurrency import locked_tables, needs_lock_of


def counts():
    return Scheme.objects.count(), Indicator.objects.count(), AssessmentEvent.objects.count()


def make(org, indicators=None, **more):
    fields = {"year": 2027, "name": "", "process_weight": 40, "effect_weight": 60}
    fields.update(more)
    return services.create_scheme(
        actor=org.head.user,
        indicators=indicators or standard_indicators([org.deputy.pk]),
        **fields,
    )


def test_the_standard_scheme_is_a_tree_with_weights_and_a_trail(org):
    scheme = make(org)
    assert scheme.name == "2027年度考核方案"
    groups = Indicator.objects.filter(scheme=scheme, kind=IndicatorKind.GROUP)
    assert sorted(g.name for g in groups) == ["任务落实", "学习培训", "问题整改"]
    assert Indicator.objects.filter(scheme=scheme, kind=IndicatorKind.AUTO).count() == 9
    judged = Indicator.objects.filter(scheme=scheme, kind=IndicatorKind.JUDGED)
    assert judged.count() == 4 and list(judged[0].assessors.all()) == [org.deputy]
    event = AssessmentEvent.objects.get(scheme=scheme)
    assert event.kind == EventKind.SCHEME_CREATED and {"label": "指标数", "new": "16"}.items() <= (
        event.changes[-1].items()
    )
    leaves = services.leaves(list(scheme.indicators.all()), 40, 60)
    assert sum(leaf.weight for leaf in leaves) == 1


def test_weights_that_do_not_sum_are_refused_naming_the_level(org):
    indicators = standard_indicators([org.deputy.pk])
    indicators["process"][0]["children"][0]["weight"] = 5
    before = counts()
    with pytest.raises(InvalidInput, match="“任务落实”各指标权重之和应为100，现为90") as exc:
        make(org, indicators)
    assert exc.value.code == "weights_do_not_sum" and counts() == before


def test_top_level_and_dimension_weights_must_sum(org):
    indicators = standard_indicators([org.deputy.pk])
    indicators["effect"][0]["weight"] = 40
    with pytest.raises(InvalidInput, match="效果指标各指标权重之和应为100，现为110"):
        make(org, indicators)
    with pytest.raises(InvalidInput, match="过程权重与效果权重之和应为100，现为40\\+50=90"):
        make(org, effect_weight=50)
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize(
    ("edit", "message", "code"),
    [
        (
            lambda i: i["effect"][0].update(rubric=[{"level": "好", "points": 100}]),
            "至少设置两个评分档次",
            "rubric_required",
        ),
        (
            lambda i: i["effect"][0].update(
                rubric=[{"level": "好", "points": 120}, {"level": "差", "points": 0}]
            ),
            "0到100之间",
            "invalid_rubric",
        ),
        (lambda i: i["effect"][0].update(assessors=[]), "请指定评议人", "assessors_required"),
        (lambda i: i["process"][0]["children"][0].update(metric="magic"), "请选择计算口径", "unknown_metric"),
        (lambda i: i["process"][0]["children"][0].update(weight=0), "权重应为1到100的整数", "invalid_weight"),
        (lambda i: i["process"][0].update(name=" "), "没有名称", "name_required"),
    ],
)
def test_bad_indicators_are_refused_in_chinese(org, edit, message, code):
    indicators = copy.deepcopy(standard_indicators([org.deputy.pk]))
    edit(indicators)
    with pytest.raises(InvalidInput, match=message) as exc:
        make(org, indicators)
    assert exc.value.code == code and counts() == (0, 0, 0)


def test_only_leaders_make_schemes_and_a_year_has_one(org, scheme):
    with pytest.raises(Forbidden):
        make(org.__class__(**{**org.__dict__, "head": org.heads["a"]}))
    with pytest.raises(Conflict, match="2026年度已有考核方案"):
        make(org, year=2026)


def test_weights_change_with_a_trail_and_are_checked(org, scheme):
    process = {i.name: i for i in scheme.indicators.filter(parent__name="任务落实")}
    weights = {process["按时签收"].pk: 20, process["延期次数"].pk: 5}
    services.set_weights(scheme, actor=org.head.user, process_weight=50, effect_weight=50, weights=weights)
    scheme.refresh_from_db()
    assert (scheme.process_weight, Indicator.objects.get(pk=process["按时签收"].pk).weight) == (50, 20)
    event = scheme.events.filter(kind=EventKind.WEIGHTS_CHANGED).get()
    assert {"label": "“按时签收”权重", "old": "15%", "new": "20%"}.items() <= event.changes[2].items()
    with pytest.raises(InvalidInput, match="“任务落实”各指标权重之和应为100，现为105"):
        services.set_weights(
            scheme,
            actor=org.head.user,
            process_weight=50,
            effect_weight=50,
            weights={process["按时签收"].pk: 25},
        )
    assert Indicator.objects.get(pk=process["按时签收"].pk).weight == 20


def test_weights_are_locked_once_a_period_is_published(org, scheme, october):
    Period.objects.filter(pk=october.pk).update(status=PeriodStatus.PUBLISHED)
    with pytest.raises(Conflict, match="已有审定发布的考核期"):
        services.set_weights(scheme, actor=org.head.user, process_weight=50, effect_weight=50, weights={})


@needs_lock_of
def test_a_periods_change_locks_the_period_alone_and_new_weights_wait_for_it(org, scheme, october):
    """A period's steps do not hold the scheme; set_weights locks the scheme and then its periods, so a
    publication under way ends first and its refusal of new weights is seen."""
    stepped = locked_tables(lambda: lock_period(october, org.head.user, "计算"))
    assert stepped == [{"assessment_period"}]
    weighed = locked_tables(
        lambda: services.set_weights(
            scheme, actor=org.head.user, process_weight=50, effect_weight=50, weights={}
        )
    )
    assert weighed[:2] == [{"assessment_scheme"}, {"assessment_period"}]


def test_periods_are_months_quarters_and_years_of_the_schemes_year(org, scheme, october):
    assert (october.name, october.starts_on, october.ends_on) == (
        "2026年10月",
        dt.date(2026, 10, 1),
        dt.date(2026, 10, 31),
    )
    quarter = services.open_period(scheme, actor=org.head.user, kind="quarter", day=dt.date(2026, 11, 5))
    assert (quarter.name, quarter.starts_on, quarter.ends_on) == (
        "2026年第四季度",
        dt.date(2026, 10, 1),
        dt.date(2026, 12, 31),
    )
    with pytest.raises(Conflict, match="已经开设"):
        services.open_period(scheme, actor=org.head.user, kind="month", day=dt.date(2026, 10, 9))
    with pytest.raises(InvalidInput, match="不在2026年度方案的范围内"):
        services.open_period(scheme, actor=org.head.user, kind="year", day=dt.date(2027, 1, 1))


def test_a_county_head_being_assessed_does_not_run_the_assessment(org):
    """The county department is ranked by the scheme: its head (role 部长 in a 下级组织部) may not create
    schemes, set weights, open periods or compute them; the department's leaders still may."""
    county_head = org.heads["county"].user
    scheme = make(org)
    before = counts()
    with pytest.raises(Forbidden, match="您无权制定考核方案"):
        services.create_scheme(
            actor=county_head,
            indicators=standard_indicators([org.deputy.pk]),
            year=2028,
            name="",
            process_weight=95,
            effect_weight=5,
        )
    with pytest.raises(Forbidden, match="您无权调整考核方案"):
        services.set_weights(scheme, actor=county_head, process_weight=95, effect_weight=5, weights={})
    with pytest.raises(Forbidden, match="您无权开设考核期"):
        services.open_period(scheme, actor=county_head, kind="year", day=dt.date(2027, 6, 1))
    period = services.open_period(scheme, actor=org.deputy.user, kind="year", day=dt.date(2027, 6, 1))
    with pytest.raises(Forbidden, match="您无权计算考核得分"):
        services.compute_period(period, actor=county_head)
    assert Scheme.objects.get(pk=scheme.pk).process_weight == 40
    assert counts()[:2] == before[:2] and Period.objects.get(pk=period.pk).version == 0
    assert not county_head.has_perm("assessment.manage") and not county_head.has_perm("assessment.publish")
    assert org.head.user.has_perm("assessment.publish") and org.deputy.user.has_perm("assessment.manage")
