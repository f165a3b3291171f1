import datetime as dt
import io

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from luoshi.inspections.models import Campaign, Finding, IssuedDocument, Visit
from luoshi.org.models import Person, Unit
from tests.core.images import jpeg


def campaign_body(**changes):
    today = timezone.localdate()
    body = {
        "kind": "survey",
        "topic": "基层党建调研",
        "start_date": today.isoformat(),
        "end_date": (today + dt.timedelta(days=7)).isoformat(),
        "target_units": [Unit.objects.get(code="gb1").pk],
        "teams": [{"name": "调研组", "leader": Person.objects.get(user__username="inspector").pk}],
        "extra_points": ["党支部标准化建设"],
    }
    body.update(changes)
    return body


def test_a_campaign_is_created_with_its_checklist(api_as, key_task):
    response = api_as("head").post("/api/v1/campaigns/", campaign_body(tasks=[key_task.pk]), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert [p["text"] for p in body["checklist"]] == [
        "形成调研报告",
        "建立年轻干部人选库",
        "党支部标准化建设",
    ]
    assert body["progress"]["points"] == 3 and body["teams"][0]["leader_name"]


def test_a_campaign_naming_an_unknown_unit_is_refused_in_chinese(api_as):
    response = api_as("head").post("/api/v1/campaigns/", campaign_body(target_units=[999999]), format="json")
    assert response.status_code == 400 and response.json()["code"] == "unknown_unit"
    assert "不存在的单位" in response.json()["detail"] and not Campaign.objects.exists()


def test_a_clerk_may_not_create_a_campaign(api_as):
    response = api_as("gb1-staff").post("/api/v1/campaigns/", campaign_body(), format="json")
    assert response.status_code == 403 and not Campaign.objects.exists()


def finding(campaign, unit="gb1", **changes):
    body = {"point": campaign.points.first().pk, "unit": Unit.objects.get(code=unit).pk, "result": "met"}
    body.update(changes)
    return body


def test_findings_by_the_team_only_and_for_target_units_only(api_as, campaign):
    url = f"/api/v1/campaigns/{campaign.pk}/findings/"
    outsider = api_as("head").post(url, finding(campaign), format="json")
    assert outsider.status_code == 403 and outsider.json()["code"] == "not_on_team"
    assert "检查组的成员" in outsider.json()["detail"]
    elsewhere = api_as("inspector").post(url, finding(campaign, unit="rc"), format="json")
    assert elsewhere.status_code == 400 and elsewhere.json()["code"] == "unit_not_targeted"
    assert not Finding.objects.exists()
    made = api_as("bgs-staff").post(
        url, finding(campaign, result="problem", note="未见调研方案"), format="json"
    )
    assert made.status_code == 201 and made.json()["problem"] is not None
    listed = api_as("gb1-staff").get(url, {"unit": Unit.objects.get(code="gb1").pk}).json()
    assert [f["note"] for f in listed["results"]] == ["未见调研方案"]


def test_the_checklist_says_what_to_ask_each_unit(api_as, campaign):
    rows = api_as("inspector").get(f"/api/v1/campaigns/{campaign.pk}/checklist/").json()
    missing = {(r["unit"], r["point_text"]): r["missing"] for r in rows}
    gb1, gb2 = Unit.objects.get(code="gb1").pk, Unit.objects.get(code="gb2").pk
    assert missing[(gb1, "形成调研报告")] is False and missing[(gb2, "形成调研报告")] is True
    assert (
        api_as("inspector").get(f"/api/v1/campaigns/{campaign.pk}/checklist/", {"unit": "x"}).status_code
        == 400
    )


def visit_body(**changes):
    body = {
        "place": "幸福村",
        "visited_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "heard": "党员活动室长期闭门",
        "photos": [SimpleUploadedFile("现场.jpg", jpeg(2000, 1500), "image/jpeg")],
    }
    body.update(changes)
    return body


def test_a_visit_sent_twice_with_its_key_is_one_visit(api_as):
    client = api_as("jcdj-staff")
    first = client.post("/api/v1/visits/", visit_body(), format="multipart", HTTP_IDEMPOTENCY_KEY="draft-7")
    assert first.status_code == 201, first.json()
    again = client.post("/api/v1/visits/", visit_body(), format="multipart", HTTP_IDEMPOTENCY_KEY="draft-7")
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"] and Visit.objects.count() == 1
    photo = first.json()["photos"][0]
    assert (photo["width"], photo["height"]) == (1600, 1200) and photo["latitude"] is None
    other = client.post(
        "/api/v1/visits/", visit_body(heard="另一段话"), format="multipart", HTTP_IDEMPOTENCY_KEY="draft-7"
    )
    assert other.status_code == 409 and other.json()["code"] == "idempotency_key_reused"


def test_a_visit_with_a_file_that_is_not_an_image_is_refused(api_as):
    body = visit_body(photos=[SimpleUploadedFile("报告.jpg", b"%PDF-1.4", "image/jpeg")])
    response = api_as("jcdj-staff").post("/api/v1/visits/", body, format="multipart")
    assert response.status_code == 400 and response.json()["code"] == "file_type"
    assert "不是图片" in response.json()["detail"] and not Visit.objects.exists()


def test_a_200_mb_body_is_refused_before_it_is_read(api_as):
    response = api_as("jcdj-staff").post(
        "/api/v1/visits/", visit_body(), format="multipart", CONTENT_LENGTH=str(200 * 1024 * 1024)
    )
    assert response.status_code == 413 and response.json()["code"] == "request_too_big"
    assert not Visit.objects.exists()


def test_a_notice_is_numbered_once_and_downloaded(api_as, key_task):
    client = api_as("deputy1")
    made = client.post("/api/v1/documents/", {"kind": "urging", "task": key_task.pk}, format="json")
    assert made.status_code == 201 and made.json()["number"].startswith("催办〔")
    again = client.post("/api/v1/documents/", {"kind": "urging", "task": key_task.pk}, format="json")
    assert again.json()["id"] == made.json()["id"] and IssuedDocument.objects.count() == 1
    download = client.get(made.json()["download"])
    assert download.status_code == 200 and "wordprocessingml" in download["Content-Type"]
    assert "催办函" in "".join(p.text for p in docx.Document(io.BytesIO(download.content)).paragraphs)


def test_a_problems_notice_is_numbered_once_and_downloaded(api_as, rectifying, key_task):
    client = api_as("deputy1")
    made = client.post("/api/v1/documents/", {"kind": "supervision", "problem": rectifying.pk}, format="json")
    assert made.status_code == 201 and made.json()["problem"] == rectifying.pk
    number = made.json()["number"]
    again = client.post(
        "/api/v1/documents/", {"kind": "supervision", "problem": rectifying.pk}, format="json"
    )
    assert again.json()["id"] == made.json()["id"] and again.json()["number"] == number
    form = docx.Document(io.BytesIO(client.get(made.json()["download"]).content))
    cells = {row.cells[0].text: row.cells[1].text for row in form.tables[0].rows}
    assert number in "".join(p.text for p in form.paragraphs) and cells["督办问题"] == rectifying.title
    both = client.post(
        "/api/v1/documents/",
        {"kind": "urging", "problem": rectifying.pk, "task": key_task.pk},
        format="json",
    )
    assert both.status_code == 400 and both.json()["code"] == "matter_required"
    refused = api_as("gb1-staff").post(
        "/api/v1/documents/", {"kind": "urging", "problem": rectifying.pk}, format="json"
    )
    assert refused.status_code == 403 and IssuedDocument.objects.count() == 1


def test_a_notice_of_text_typed_with_control_characters_downloads(api_as, rectifying, key_task):
    """The API stores a title as typed, control characters and all; XML forbids them, so the Word
    documents drop them rather than answering 500."""
    typed = api_as("bgs-staff").patch(
        f"/api/v1/tasks/{key_task.pk}/", {"title": "开展年轻干部\x1f专题调研\x08"}, format="json"
    )
    assert typed.status_code == 200, typed.json()
    type(rectifying).objects.filter(pk=rectifying.pk).update(title="出生日期\x0b记载\x1f不一致")
    client = api_as("deputy1")
    for body, text in (
        ({"kind": "urging", "task": key_task.pk}, "开展年轻干部专题调研"),
        ({"kind": "supervision", "problem": rectifying.pk}, "出生日期记载不一致"),
    ):
        download = client.get(client.post("/api/v1/documents/", body, format="json").json()["download"])
        assert download.status_code == 200 and "wordprocessingml" in download["Content-Type"]
        form = docx.Document(io.BytesIO(download.content))
        cells = [cell.text for table in form.tables for row in table.rows for cell in row.cells]
        shown = "".join([p.text for p in form.paragraphs] + cells)
        assert text in shown


def test_a_campaign_without_a_bulletin_has_none_to_download(api_as, campaign):
    response = api_as("head").get(f"/api/v1/campaigns/{campaign.pk}/bulletin/")
    assert response.status_code == 404 and "还没有生成督查通报" in response.json()["detail"]


def test_a_rewritten_bulletin_names_its_first_writer_and_who_rewrote_it(api_as, campaign, user):
    from luoshi.inspections import services
    from luoshi.inspections.documents import bulletin_draft

    first = services.issue_bulletin(
        actor=user("inspector"), campaign=campaign, content=bulletin_draft(campaign=campaign)
    )
    services.issue_bulletin(actor=user("deputy1"), campaign=campaign, content=first.content)
    body = api_as("gb1-staff").get(f"/api/v1/documents/{first.pk}/").json()
    people = {
        p.pk: p.user.username for p in Person.objects.filter(pk__in=[body["issued_by"], body["revised_by"]])
    }
    assert people[body["issued_by"]] == "inspector" and people[body["revised_by"]] == "deputy1"


def test_lists_read_in_a_fixed_number_of_queries(api_as, campaign, user, django_assert_max_num_queries):
    from luoshi.inspections import services

    for n in range(5):
        services.record_visit(
            actor=user("jcdj-staff"), place=f"村{n}", visited_at=timezone.now(), heard="情况"
        )
    client = api_as("head")
    with django_assert_max_num_queries(12):
        assert len(client.get("/api/v1/visits/").json()["results"]) == 5
    with django_assert_max_num_queries(20):
        assert len(client.get("/api/v1/campaigns/").json()["results"]) == 1


def test_a_campaign_over_units_beyond_reach_is_refused(api_as):
    body = campaign_body(
        teams=[{"name": "自组检查组", "leader": Person.objects.get(user__username="jcq-head").pk}]
    )
    response = api_as("jcq-head").post("/api/v1/campaigns/", body, format="json")
    assert response.status_code == 403 and response.json()["code"] == "outside_scope"
    assert "干部一科" in response.json()["detail"] and not Campaign.objects.exists()


def test_findings_and_visits_never_by_a_member_on_their_own_unit_nor_beyond_reach(
    api_as, mixed_team, beyond_reach
):
    from luoshi.problems.models import Problem

    own = api_as("gb1-staff").post(
        f"/api/v1/campaigns/{mixed_team.pk}/findings/",
        finding(mixed_team, note="本单位自评符合"),
        format="json",
    )
    assert (
        own.status_code == 403 and own.json()["code"] == "own_unit" and "本人所在单位" in own.json()["detail"]
    )
    far = api_as("jcq-head").post(
        f"/api/v1/campaigns/{beyond_reach.pk}/findings/",
        finding(beyond_reach, result="problem", note="认定干部一科工作作风不扎实"),
        format="json",
    )
    assert far.status_code == 403 and far.json()["code"] == "outside_scope"
    for username, campaign in (("gb1-staff", mixed_team), ("jcq-head", beyond_reach)):
        response = api_as(username).post(
            "/api/v1/visits/",
            {
                "place": "干部一科",
                "visited_at": timezone.now().isoformat(),
                "heard": "走访",
                "unit": Unit.objects.get(code="gb1").pk,
                "campaign": campaign.pk,
                "raised": ["走访发现干部一科问题"],
            },
            format="json",
        )
        assert response.status_code == 403, response.json()
    assert not Finding.objects.exists() and not Visit.objects.exists() and not Problem.objects.exists()


def test_a_visit_dated_in_the_year_367_or_2099_is_refused(api_as):
    for when, code in (
        ("0367-10-14T02:54:10+08:00", "invalid"),
        ("2099-01-01T10:00:00+08:00", "date_in_future"),
    ):
        response = api_as("gb1-staff").post(
            "/api/v1/visits/", {"place": "某村", "visited_at": when, "heard": "x"}, format="json"
        )
        assert response.status_code == 400 and response.json()["code"] == code, response.json()
    assert not Visit.objects.exists()


def _findings_in_both(campaign, user):
    from luoshi.inspections import services

    first, second = campaign.points.all()
    gb1, gb2 = Unit.objects.get(code="gb1"), Unit.objects.get(code="gb2")
    services.record_finding(
        campaign, actor=user("inspector"), point=second, unit=gb1, result="problem", note="人选库尚未建立"
    )
    services.record_finding(
        campaign, actor=user("inspector"), point=first, unit=gb2, result="met", note="二科报告成稿"
    )
    return gb1, gb2


def test_a_reader_of_one_target_reads_only_its_checklist_and_findings(api_as, campaign, user):
    gb1, gb2 = _findings_in_both(campaign, user)
    client = api_as("gb2-staff")
    other = client.get(f"/api/v1/campaigns/{campaign.pk}/checklist/?unit={gb1.pk}")
    assert other.status_code == 404 and "调研报告已成初稿" not in other.content.decode()
    rows = client.get(f"/api/v1/campaigns/{campaign.pk}/checklist/").json()
    assert {r["unit"] for r in rows} == {gb2.pk} and "调研报告已成初稿" not in str(rows)
    findings = client.get(f"/api/v1/campaigns/{campaign.pk}/findings/").json()["results"]
    assert [f["note"] for f in findings] == ["二科报告成稿"]
    assert client.get(f"/api/v1/campaigns/{campaign.pk}/findings/?unit={gb1.pk}").json()["results"] == []
    # who is over both units, or runs the campaign, reads both
    for username in ("deputy1", "inspector", "head"):
        seen = api_as(username).get(f"/api/v1/campaigns/{campaign.pk}/findings/").json()["results"]
        assert {f["unit"] for f in seen} == {gb1.pk, gb2.pk}


def test_a_team_member_reads_every_target_but_no_task_beyond_their_own_limits(api_as, key_task, new_campaign):
    campaign = new_campaign(topic="交叉督查", members=["gb2-staff"], team="交叉组")
    gb1 = Unit.objects.get(code="gb1")
    assert api_as("gb2-staff").get(f"/api/v1/tasks/{key_task.pk}/").status_code == 404
    rows = api_as("gb2-staff").get(f"/api/v1/campaigns/{campaign.pk}/checklist/?unit={gb1.pk}").json()
    assert rows and all(r["evidence"] == [] for r in rows)
    seen = api_as("inspector").get(f"/api/v1/campaigns/{campaign.pk}/checklist/?unit={gb1.pk}").json()
    assert "调研报告已成初稿" in str(seen)


def test_a_campaign_posted_twice_is_created_once(api_as):
    """A double click (or a retry without an Idempotency-Key): the second answers 409 naming the first."""
    client = api_as("head")
    first = client.post("/api/v1/campaigns/", campaign_body(), format="json")
    again = client.post("/api/v1/campaigns/", campaign_body(), format="json")
    assert first.status_code == 201 and again.status_code == 409
    assert (
        again.json()["code"] == "duplicate_submit" and f"编号{first.json()['id']}" in again.json()["detail"]
    )
    assert Campaign.objects.count() == 1


def test_the_api_accepts_the_team_the_page_offers_and_no_other(api_as):
    """gb1-head's picker offers the people of 干部一科 only: the API refuses 干部二科's clerk alike."""
    gb2_staff = Person.objects.get(user__username="gb2-staff")
    body = campaign_body(teams=[{"name": "检查组", "leader": gb2_staff.pk}])
    response = api_as("gb1-head").post("/api/v1/campaigns/", body, format="json")
    assert response.status_code == 400 and response.json()["code"] == "ineligible_member"
    assert f"“{gb2_staff.name}”" in response.json()["detail"] and not Campaign.objects.exists()
    gb1_staff = Person.objects.get(user__username="gb1-staff")
    body = campaign_body(teams=[{"name": "检查组", "leader": gb1_staff.pk}])
    assert api_as("gb1-head").post("/api/v1/campaigns/", body, format="json").status_code == 201


def test_a_visit_to_a_unit_beyond_the_visitors_reach_is_refused(api_as):
    body = {
        "place": "幸福村",
        "visited_at": timezone.now().isoformat(),
        "heard": "活动室闭门",
        "unit": Unit.objects.get(code="jcq").pk,
    }
    response = api_as("jcdj-staff").post("/api/v1/visits/", body, format="json")
    assert response.status_code == 403 and response.json()["code"] == "outside_scope"
    assert "不能记录对“江城区委组织部”的走访" in response.json()["detail"] and not Visit.objects.exists()
    assert api_as("inspector").post("/api/v1/visits/", body, format="json").status_code == 201


def test_a_reader_gets_only_the_campaigns_tasks_he_may_open_and_every_point_still_counted(
    api_as, key_task, new_campaign
):
    campaign = new_campaign(topic="区县年轻干部工作督查", units=["gb1", "jcq"], members=[])
    county = api_as("jcq-head")
    assert county.get(f"/api/v1/tasks/{key_task.pk}/").status_code == 404
    for body in (
        county.get(f"/api/v1/campaigns/{campaign.pk}/").json(),
        county.get("/api/v1/campaigns/").json()["results"][0],
    ):
        assert body["tasks"] == []
        assert [p["task"] for p in body["checklist"]] == [None, None]  # a task's id, not his to open
        assert body["progress"]["points"] == 4  # two points in two units, as for anyone
    seen = api_as("head").get(f"/api/v1/campaigns/{campaign.pk}/").json()
    assert seen["tasks"] == [key_task.pk] and [p["task"] for p in seen["checklist"]] == [key_task.pk] * 2
