"""/api/v1/assessment/: schemes with indicators, periods, each unit's score with what is behind it, the
ranking; a unit sees its own scores, a leader those in reach."""

from rest_framework.test import APIClient

from luoshi.assessment import services
from luoshi.assessment.models import UnitScore


def api(person):
    client = APIClient()
    client.force_authenticate(person.user)
    return client


def test_schemes_list_their_indicators_with_weights_and_formulas(org, scheme):
    body = api(org.heads["a"]).get("/api/v1/assessment/schemes/").json()
    (found,) = body["results"]
    assert (found["year"], found["process_weight"], found["effect_weight"]) == (2026, 40, 60)
    names = {i["name"]: i for i in found["indicators"]}
    assert names["按时签收"]["parent"] == names["任务落实"]["id"] and names["按时签收"]["weight"] == 15
    assert (
        "2日内签收" in names["按时签收"]["formula"] and names["部署落实了没有"]["rubric"][0]["level"] == "好"
    )


def test_periods_and_a_units_own_scores_with_rows_behind(org, october, month, django_assert_max_num_queries):
    client = api(org.heads["a"])
    assert client.get("/api/v1/assessment/periods/?kind=month").json()["results"][0]["shown_version"] == 1
    with django_assert_max_num_queries(20):
        body = client.get(f"/api/v1/assessment/periods/{october.pk}/scores/").json()
    (score,) = body["results"]  # a section head sees their own section only
    assert score["unit"] == org.sections["a"].pk and score["total"] is not None
    lines = {line["name"]: line for line in score["indicators"]}
    ack = lines["按时签收"]
    assert (ack["base"], ack["hits"], ack["figure"]) == (2, 1, "1/2（50.0%）")
    assert [row["counted"] for row in ack["rows"]] == [True, False] and ack["rows"][0]["url"].startswith(
        "/tasks/"
    )
    judged = lines["部署落实了没有"]
    assert {j["level"] for j in judged["judgements"]} == {"好", "较好"} and judged["points"] == "92.50"


def test_a_leader_sees_every_unit_in_reach_in_a_few_queries(
    org, october, month, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        body = api(org.deputy).get(f"/api/v1/assessment/periods/{october.pk}/scores/").json()
    assert (
        body["count"] == UnitScore.objects.filter(period=october, version=1).count() - 1
    )  # not the new section
    only = api(org.deputy).get(f"/api/v1/assessment/periods/{october.pk}/scores/?unit={org.county.pk}").json()
    assert [s["unit"] for s in only["results"]] == [org.county.pk]


def test_the_ranking_is_private_until_published_then_everyones(org, october, month):
    staff = api(org.heads["b"])
    before = staff.get(f"/api/v1/assessment/periods/{october.pk}/ranking/").json()
    assert [row["unit"] for g in before["groups"] for row in g["rows"]] == [org.sections["b"].pk]
    services.publish_period(october, actor=org.head.user)
    after = staff.get(f"/api/v1/assessment/periods/{october.pk}/ranking/").json()
    sections = next(g for g in after["groups"] if g["peer_label"] == "科室")
    assert after["published"] and len(sections["rows"]) == 5
    idle = next(r for r in sections["rows"] if r["unit"] == org.sections["d"].pk)
    assert (
        idle["rank"] is None and idle["rank_note"].startswith("无可考核事项") and sections["rows"][-1] == idle
    )
    # the figures behind another unit stay its own
    scores = staff.get(f"/api/v1/assessment/periods/{october.pk}/scores/").json()
    assert [s["unit"] for s in scores["results"]] == [org.sections["b"].pk]


def test_an_unknown_period_is_a_404_in_the_api_format(org):
    response = api(org.head).get("/api/v1/assessment/periods/999999/ranking/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
