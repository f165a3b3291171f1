"""Similar problems: words, scores, how a match relates to the unit, and the common-problem proposal."""

from luoshi.problems import similar
from luoshi.problems.choices import ProblemStatus
from luoshi.problems.models import Problem


def test_words_are_jieba_search_words_without_stop_words():
    words = similar.words_of("基层党组织软弱涣散问题")
    assert "软弱涣散" in words and "基层" in words and "问题" not in words
    assert len(words) == len(set(words))


def test_score_ranks_shared_rare_words_above_common_ones():
    docs = [(1, "干部 档案 出生日期 不一致"), (2, "干部 培训 学时 不足"), (3, "党费 收缴 不及时")]
    ranked = similar.score(["干部", "档案", "出生日期"], docs)
    assert [pk for pk, _, _ in ranked] == [1, 2]
    assert ranked[0][1] > 0.5 > ranked[1][1] and ranked[0][2][0] in {"档案", "出生日期"}
    assert similar.score([], docs) == [] and similar.score(["干部"], []) == []


def test_matches_say_how_they_relate_to_the_unit(record, user):
    mine = record()
    other = record(by="head", unit="gb2", description="干部二科选人用人档案审核不严，出生日期前后不一致")
    Problem.objects.filter(pk=mine.pk).update(status=ProblemStatus.CLOSED)
    found = similar.similar_problems("选人用人档案审核不严，出生日期不一致", unit=mine.unit)
    relations = {m.problem.pk: m.relation for m in found}
    assert relations == {mine.pk: "rebound", other.pk: "other_unit"}
    assert all(m.words for m in found) and found[0].relation_label


def test_a_search_is_held_to_what_the_caller_may_see(record, user):
    record(by="head", unit="gb2", description="干部二科选人用人档案审核不严，出生日期前后不一致")
    base = Problem.objects.restrict(user("gb1-staff"), "view")
    assert similar.similar_problems("选人用人档案审核不严", base=base) == []


def test_three_units_with_the_same_problem_are_proposed_as_common(record, user):
    for code in ("gb2", "gbjd"):
        record(by="head", unit=code, description=f"{code}干部档案审核不严，出生日期前后不一致")
    mine = record()
    found = similar.similar_problems(mine.description, unit=mine.unit, exclude=mine.pk)
    assert {m.problem.unit.code for m in similar.common_proposal(found, mine.unit)} == {"gb2", "gbjd"}
    assert similar.common_proposal(found[:1], mine.unit) == []


def test_candidates_are_bounded(record, monkeypatch):
    monkeypatch.setattr(similar, "CANDIDATES", 1)
    record()
    record(by="head", unit="gb2", description="干部二科选人用人档案审核不严")
    assert len(similar.candidates(Problem.objects.all())) == 1
