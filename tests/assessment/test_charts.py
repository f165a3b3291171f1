"""The charts' data: the ranking's bars, a unit's trend over the periods of its kind, the radar."""

from luoshi.assessment import services
from luoshi.assessment.charts import radar_chart, ranking_chart, trend_chart
from luoshi.assessment.explain import explain
from luoshi.assessment.models import UnitScore
from luoshi.assessment.standings import standings

from .conftest import TODAY


def test_the_ranking_bars_leave_out_the_unranked(org, october, month):
    groups, _ = standings(october, org.head.user)
    sections = ranking_chart(next(g for g in groups if g.label == "科室"), october.is_locked)
    score = UnitScore.objects.get(period=october, unit=org.sections["a"])
    first = UnitScore.objects.filter(period=october, rank=1, peer_group=score.peer_group)
    assert sections["units"][0] in {s.unit.name for s in first}
    assert "研究室" not in sections["units"] and len(sections["totals"]) == len(sections["boards"])
    assert sections["mine"] is None  # the head's department is in no peer group


def test_a_large_group_draws_what_its_table_shows(org, october, month, monkeypatch):
    from luoshi.assessment import standings as shown

    monkeypatch.setattr(shown, "ENDS", 1)
    october.scheme.honor_count = 1
    groups, _ = standings(october, org.heads["a"].user)  # the last place: the places before it left out
    sections = ranking_chart(groups[0], october.is_locked)
    names = [e.score.unit.name for e in groups[0].entries]
    assert [n for n in sections["units"] if not n.startswith("⋯")] == names
    assert sections["units"][sections["mine"]] == "干部一科"
    gaps = [t for n, t in zip(sections["units"], sections["totals"], strict=True) if n.startswith("⋯")]
    assert gaps and all(t is None for t in gaps)


def test_a_units_trend_and_radar(org, scheme, october, month):
    november = services.open_period(
        scheme, actor=org.head.user, kind="month", day=TODAY.replace(day=1, month=11)
    )
    services.compute_period(november, actor=org.head.user, today=TODAY)
    services.compute_period(october, actor=org.head.user, today=TODAY)  # a second version: one point still
    score = UnitScore.objects.get(period=november, unit=org.sections["a"])
    trend = trend_chart(score)
    assert trend["periods"] == [october.name, november.name]
    first = UnitScore.objects.get(period=october, unit=org.sections["a"], version=2)
    assert trend["totals"][0] == float(first.total)
    radar = radar_chart(explain(november, [score])[score.pk])
    assert len(radar["indicators"]) == len(radar["points"]) and all(0 <= p <= 100 for p in radar["points"])


def test_the_bars_are_coloured_by_the_boards_once_published(org, october, month):
    groups, _ = standings(october, org.head.user)
    assert not any(ranking_chart(groups[0], published=False)["boards"])
    assert "red" in ranking_chart(groups[0], published=True)["boards"]
