import datetime as dt
import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from luoshi.accounts.models import SecurityEvent, SecurityEventKind
from luoshi.core.errors import Conflict
from luoshi.inspections import services as inspection_services
from luoshi.inspections.documents import bulletin_draft
from luoshi.inspections.models import Campaign, Finding, IssuedDocument, Visit
from luoshi.org.models import Person, Unit
from luoshi.problems import services as problem_services
from luoshi.tasks import services as task_services
from tests.core.images import jpeg


def test_a_campaign_form_refused_comes_back_with_what_was_typed(client_as):
    response = client_as("head").post(
        "/inspections/new/",
        {
            "kind": "inspection",
            "topic": "基层党建专项督查",
            "start_date": "2026-12-10",
            "end_date": "2026-12-01",
            "target_units": [Unit.objects.get(code="gb1").pk],
            "team_name": "第一督查组",
            "team_leader": Person.objects.get(user__username="inspector").pk,
            "extra_points": "党支部标准化",
        },
    )
    assert response.status_code == 400 and "结束日期不能早于开始日期" in response.content.decode()
    assert "基层党建专项督查" in response.content.decode() and not Campaign.objects.exists()


def test_a_campaign_is_planned_on_its_page(client_as, key_task, user):
    from luoshi.directives.services import create_directive

    directive = create_directive(
        actor=user("bgs-staff"),
        title="部务会议纪要",
        text="一要抓好年轻干部工作。",
        issued_on=timezone.localdate(),
    )
    response = client_as("head").post(
        "/inspections/new/",
        {
            "kind": "inspection",
            "topic": "年轻干部工作专项督查",
            "start_date": timezone.localdate().isoformat(),
            "end_date": timezone.localdate().isoformat(),
            "directive": directive.pk,
            "tasks": [key_task.pk],
            "target_units": [Unit.objects.get(code="gb1").pk, Unit.objects.get(code="gb2").pk],
            "team_name": "第一督查组",
            "team_leader": Person.objects.get(user__username="inspector").pk,
            "team_members": [Person.objects.get(user__username="bgs-staff").pk],
        },
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/inspections/{campaign.pk}/"
    assert campaign.directive == directive and campaign.points.count() == 2
    assert set(campaign.teams.get().members.values_list("user__username", flat=True)) == {"bgs-staff"}


def test_the_campaign_page_lists_what_to_ask_the_unit(client_as, campaign):
    gb2 = Unit.objects.get(code="gb2")
    page = client_as("inspector").get(f"/inspections/{campaign.pk}/?unit={gb2.pk}").content.decode()
    assert "需向干部二科了解的要点（2项）" in page
    page = client_as("inspector").get(f"/inspections/{campaign.pk}/").content.decode()
    assert "调研报告已成初稿" in page  # 干部一科's report, shown instead of asked for


def test_the_campaign_page_opens_on_the_first_unit_still_to_check(client_as, campaign, user):
    from luoshi.inspections import services

    for point in campaign.points.all():
        services.record_finding(
            campaign, actor=user("inspector"), point=point, unit=Unit.objects.get(code="gb1"), result="met"
        )
    page = client_as("inspector").get(f"/inspections/{campaign.pk}/").content.decode()
    assert "干部二科 · 检查清单" in page and "需向干部二科了解的要点" in page
    page = client_as("inspector").get(f"/inspections/{campaign.pk}/?unit={Unit.objects.get(code='gb1').pk}")
    assert "干部一科 · 检查清单" in page.content.decode()


def test_a_finding_refused_on_the_page_is_said_in_chinese_and_keeps_the_note(client_as, campaign):
    body = {
        "point": campaign.points.first().pk,
        "unit": Unit.objects.get(code="gb1").pk,
        "result": "problem",
        "note": "台账未更新",
    }
    refused = client_as("head").post(f"/inspections/{campaign.pk}/findings/", body)
    assert (
        refused.status_code == 400
        and "只有本次督查调研检查组的成员才能记录检查结果" in refused.content.decode()
    )
    assert "台账未更新" in refused.content.decode() and not Finding.objects.exists()
    # The unit picker on the refused page opens the checklist's own address, the unit in its query.
    picker = f'<form method="get" action="/inspections/{campaign.pk}/" autocomplete="off"'
    assert picker in refused.content.decode()
    done = client_as("inspector").post(f"/inspections/{campaign.pk}/findings/", body)
    assert done.status_code == 302 and Finding.objects.get().problem is not None


def test_the_visit_form_works_without_script_and_once_per_draft(client_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    body = {
        "place": "幸福村",
        "visited_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "heard": "活动室闭门",
        "client_key": "draft-page",
    }
    client = client_as("jcdj-staff")
    first = client.post("/inspections/visits/new/", {**body, "photos": SimpleUploadedFile("a.jpg", jpeg())})
    again = client.post("/inspections/visits/new/", {**body, "photos": SimpleUploadedFile("a.jpg", jpeg())})
    assert first.status_code == again.status_code == 302 and first["Location"] == again["Location"]
    visit = Visit.objects.get()
    page = client.get(first["Location"]).content.decode()
    assert "幸福村" in page and visit.photos.get().token in page
    photo = client.get(f"/inspections/visits/photos/{visit.photos.get().token}/")
    assert photo["Content-Type"] == "image/jpeg" and "no-store" in photo["Cache-Control"]


def test_a_visit_photo_is_served_by_the_one_lookup_of_stored_files(client_as, settings, tmp_path):
    """core.files.served, as for a task's or a problem's file: a photo of a visit beyond one's rights answers
    404 like a made-up token and is told to the security audit as 越权访问; one replaced on disk since its
    SHA-256 was recorded at upload is refused (409) in Chinese, never the replacement."""
    settings.MEDIA_ROOT = tmp_path
    body = {
        "place": "幸福村",
        "visited_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "heard": "活动室闭门",
        "client_key": "draft-tampered",
    }
    client = client_as("jcdj-staff")
    client.post("/inspections/visits/new/", {**body, "photos": SimpleUploadedFile("a.jpg", jpeg())})
    photo = Visit.objects.get().photos.get()
    outsider = client_as("gb2-staff")
    assert outsider.get(f"/inspections/visits/photos/{photo.token}/").status_code == 404
    assert outsider.get("/inspections/visits/photos/no-such-token/").status_code == 404
    denied = SecurityEvent.objects.filter(kind=SecurityEventKind.PERMISSION_DENIED, username="gb2-staff")
    assert [e.target for e in denied] == [f"inspections.Visit:{{'pk': {photo.visit_id}}}"]
    with open(photo.file.path, "wb") as handle:
        handle.write(jpeg(32, 32))
    answer = client.get(f"/inspections/visits/photos/{photo.token}/")
    assert answer.status_code == 409 and "与上传时的校验值不符" in answer.content.decode()


@pytest.mark.parametrize(
    ("typed", "words"), [("0367-10-14T02:54", "不能早于2000年"), ("2099-01-01T10:00", "不能晚于今天")]
)
def test_the_visit_page_refuses_an_implausible_time_and_keeps_what_was_typed(client_as, typed, words):
    body = {"place": "幸福村", "visited_at": typed, "heard": "活动室闭门"}
    response = client_as("jcdj-staff").post("/inspections/visits/new/", body)
    page = response.content.decode()
    assert response.status_code == 400 and f"走访时间{words}" in page
    assert "活动室闭门" in page and typed in page and not Visit.objects.exists()


def test_the_bulletin_is_edited_then_written(client_as, campaign):
    client = client_as("head")
    form = client.get(f"/inspections/{campaign.pk}/bulletin/")
    assert form.status_code == 200 and "关于年轻干部工作专项督查情况的通报" in form.content.decode()
    data = bulletin_draft(campaign=campaign)
    data["good_practice"] = "干部一科建立周调度机制。"
    response = client.post(f"/inspections/{campaign.pk}/bulletin/", data)
    assert response.status_code == 200 and "wordprocessingml" in response["Content-Type"]
    text = "".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "干部一科建立周调度机制。" in text and IssuedDocument.objects.get().number in text
    (export,) = SecurityEvent.objects.filter(kind="export")
    assert export.username == "head" and export.target == IssuedDocument.objects.get().number
    assert export.detail == {"format": "docx", "document": IssuedDocument.objects.get().pk}


def test_a_notice_is_issued_from_the_documents_page(client_as, key_task):
    client = client_as("deputy1")
    page = client.get("/inspections/documents/", {"q": "年轻干部"}).content.decode()
    assert "开展年轻干部专题调研" in page and "开具督办单/催办函" in page
    response = client.post("/inspections/documents/issue/", {"task": key_task.pk, "kind": "supervision"})
    document = IssuedDocument.objects.get()
    assert response.status_code == 302 and document.kind == "supervision"
    assert client.get(f"/inspections/documents/{document.pk}/").status_code == 200


def test_a_problems_notice_is_issued_and_downloaded_from_its_page(client_as, rectifying):
    page = client_as("gb1-head").get(f"/problems/{rectifying.pk}/").content.decode()
    assert f"/inspections/documents/problems/{rectifying.pk}/" in page
    assert not client_as("gb1-staff").get(f"/inspections/documents/problems/{rectifying.pk}/").content.strip()
    client = client_as("gb1-head")
    card = client.get(f"/inspections/documents/problems/{rectifying.pk}/").content.decode()
    assert "开具督办单或催办函" in card
    body = {"problem": rectifying.pk, "kind": "urging", "request": "请加快整改"}
    response = client.post("/inspections/documents/issue/", body)
    assert response.status_code == 302 and response["Location"] == f"/problems/{rectifying.pk}/#notices"
    document = IssuedDocument.objects.get()
    client.post("/inspections/documents/issue/", body)
    assert IssuedDocument.objects.get().number == document.number
    card = client.get(f"/inspections/documents/problems/{rectifying.pk}/").content.decode()
    assert document.number in card and f"/inspections/documents/{document.pk}/" in card
    download = client_as("gb1-staff").get(f"/inspections/documents/{document.pk}/")
    letter = "".join(p.text for p in docx.Document(io.BytesIO(download.content)).paragraphs)
    assert document.number in letter and "请加快整改" in letter


def test_a_problem_whose_measures_are_all_done_is_not_urged_and_its_card_says_why(
    client_as, rectifying, user
):
    """Once every measure is closed the problem waits on its reviewer's 销号: nothing is left for the
    responsible unit to do, so no 督办单 is offered and issuing one is refused, with the reason."""
    for measure in rectifying.measures.all():
        task_services.acknowledge(measure.task, actor=user("gb1-head"))
        task_services.request_close(measure.task, actor=user("gb1-staff"), evidence_text="已整改到位")
        task_services.approve_close(measure.task, actor=user("deputy1"))
    client = client_as("gb1-head")
    card = client.get(f"/inspections/documents/problems/{rectifying.pk}/").content.decode()
    assert "开具督办单或催办函" not in card and 'name="problem"' not in card
    assert "整改措施已全部完成，只待审核销号，无需再督办责任单位" in card
    answer = client.post(
        "/inspections/documents/issue/", {"problem": rectifying.pk, "kind": "urging"}, follow=True
    )
    assert "整改措施已全部完成，只待审核销号" in answer.content.decode()
    assert not IssuedDocument.objects.exists() and not rectifying.events.filter(kind="urged").exists()
    with pytest.raises(Conflict, match="无需再督办"):
        problem_services.urge_problem(rectifying, actor=user("gb1-head"), message="请加快整改")


def test_a_period_bulletin_gathers_the_findings_of_the_period_and_keeps_its_number(client_as, campaign, user):
    from luoshi.inspections import services

    services.record_finding(
        campaign,
        actor=user("inspector"),
        point=campaign.points.first(),
        unit=Unit.objects.get(code="gb2"),
        result="problem",
        note="未开展专题调研",
    )
    today = timezone.localdate().isoformat()
    client = client_as("head")
    url = f"/inspections/bulletin/?start={today}&end={today}"
    form = client.get(url).content.decode()
    assert "干部二科：未开展专题调研" in form
    data = bulletin_draft(findings=Finding.objects.all(), title="关于本月督查情况的通报")
    first = client.post(url, data)
    again = client.post(url, {**data, "good_practice": "各单位高度重视。"})
    assert first.status_code == again.status_code == 200 and "wordprocessingml" in again["Content-Type"]
    document = IssuedDocument.objects.get()
    assert document.campaign is None and document.content["good_practice"] == "各单位高度重视。"
    assert client_as("gb1-staff").get(url).status_code == 403


def test_the_lists_read_in_a_fixed_number_of_queries(
    client_as, campaign, user, django_assert_max_num_queries
):
    from luoshi.inspections import services

    for n in range(5):
        services.record_visit(
            actor=user("jcdj-staff"), place=f"村{n}", visited_at=timezone.now(), heard="情况"
        )
    client = client_as("head")
    client.get("/inspections/")  # the session and the page shell's first reads
    with django_assert_max_num_queries(15):
        assert client.get("/inspections/visits/").status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get("/inspections/").status_code == 200
    campaign.target_units.set(Unit.objects.all())  # as many units as the demo has: the page reads no more
    with django_assert_max_num_queries(30):
        assert client.get(f"/inspections/{campaign.pk}/").status_code == 200


def test_a_section_head_plans_in_their_own_reach_and_a_forged_unit_or_person_is_refused(client_as):
    data = {
        "kind": "inspection",
        "topic": "档案专项检查",
        "start_date": timezone.localdate().isoformat(),
        "end_date": timezone.localdate().isoformat(),
        "target_units": [Unit.objects.get(code="gb2").pk],
        "team_name": "第一督查组",
        "team_leader": Person.objects.get(user__username="gb2-staff").pk,
        "extra_points": "档案齐全",
    }
    response = client_as("gb1-head").post("/inspections/new/", data)
    page = response.content.decode()
    assert response.status_code == 400 and not Campaign.objects.exists()
    assert "所选单位不在您可选择的范围内" in page and "所选人员不在您可选择的范围内" in page
    assert "档案专项检查" in page and 'hx-get="/org/pick/people/?reach=campaign_team"' in page


def test_the_team_search_offers_what_the_service_accepts(client_as, user):
    from luoshi.inspections import services

    client = client_as("gb1-head")
    search = client.get("/org/pick/people/", {"reach": "campaign_team", "q": "科"}).content.decode()
    eligible = services.eligible_team(user("gb1-head"))
    assert eligible.exists() and all(p.name in search for p in eligible)
    assert Person.objects.get(user__username="gb2-staff").name not in search


def test_a_campaign_form_sent_twice_makes_one_campaign(client_as):
    data = {
        "kind": "inspection",
        "topic": "档案专项检查",
        "start_date": timezone.localdate().isoformat(),
        "end_date": timezone.localdate().isoformat(),
        "target_units": [Unit.objects.get(code="gb1").pk],
        "team_name": "第一督查组",
        "team_leader": Person.objects.get(user__username="gb1-staff").pk,
        "extra_points": "档案齐全",
    }
    client = client_as("gb1-head")
    first = client.post("/inspections/new/", data)
    again = client.post("/inspections/new/", data)
    campaign = Campaign.objects.get()
    assert first.status_code == 302 and again.status_code == 400
    page = again.content.decode()
    assert "督查调研已经创建过了" in page and f"编号{campaign.pk}" in page and "请勿重复提交" in page
    assert 'value="档案专项检查"' in page


def test_the_visit_unit_is_searched_among_the_units_the_visitor_sees(
    client_as, demo, django_assert_num_queries
):
    """No list of units on the page, a search among those the visitor sees; the unit chosen is saved and
    a forged one outside that reach is refused in Chinese with what was typed kept."""
    client = client_as("jcq-head")
    client.get("/inspections/visits/new/")  # the session and the scopes, read once
    with django_assert_num_queries(7):  # the page shell; nothing is chosen, so nothing to name
        page = client.get("/inspections/visits/new/").content.decode()
    start = page.index('id="visit-form"')
    form = page[start : page.index("</form>", start)]
    assert 'data-name="unit"' in form and 'hx-get="/org/pick/units/?reach=visit_units"' in form
    assert "<option" not in form and "江城区委组织部" not in form and "干部一科" not in form
    search = client.get("/org/pick/units/", {"reach": "visit_units", "q": "组织部"}).content.decode()
    assert "江城区委组织部" in search and "东湖区委组织部" not in search
    body = {
        "place": "幸福村",
        "visited_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "heard": "活动室闭门",
        "raised": "活动室长期闭门",
    }
    refused = client.post("/inspections/visits/new/", {**body, "unit": demo["gb1"]})
    html = refused.content.decode()
    assert refused.status_code == 400 and "所选单位不在您可选择的范围内，请从搜索结果中选择" in html
    assert 'value="幸福村"' in html and "活动室长期闭门" in html and not Visit.objects.exists()
    saved = client.post("/inspections/visits/new/", {**body, "unit": demo["jcq"]})
    assert saved.status_code == 302 and Visit.objects.get().unit_id == demo["jcq"]
    assert "江城区委组织部" in client.get(saved["Location"]).content.decode()


def test_a_member_inspecting_their_own_unit_is_refused_on_the_page(client_as, mixed_team):
    body = {
        "point": mixed_team.points.first().pk,
        "unit": Unit.objects.get(code="gb1").pk,
        "result": "met",
        "note": "本单位自评符合",
    }
    refused = client_as("gb1-staff").post(f"/inspections/{mixed_team.pk}/findings/", body)
    page = refused.content.decode()
    assert refused.status_code in (400, 403) and "不能检查本人所在单位“干部一科”" in page
    assert "本单位自评符合" in page and not Finding.objects.exists()


def test_a_target_units_head_gets_no_bulletin_form_nor_button(client_as, campaign):
    client = client_as("gb1-head")
    page = client.get(f"/inspections/{campaign.pk}/").content.decode()
    assert "起草督查通报" not in page and "修改通报" not in page
    refused = client.get(f"/inspections/{campaign.pk}/bulletin/")
    assert (
        refused.status_code == 403
        and "被检查单位的人员不能起草、修改本次督查通报" in refused.content.decode()
    )
    data = {**bulletin_draft(campaign=campaign), "problems": "本次督查未发现问题。"}
    assert client.post(f"/inspections/{campaign.pk}/bulletin/", data).status_code == 403
    assert not IssuedDocument.objects.exists()
    assert "起草督查通报" in client_as("inspector").get(f"/inspections/{campaign.pk}/").content.decode()


def test_a_section_or_county_head_issues_no_period_bulletin(client_as):
    today = timezone.localdate().isoformat()
    url = f"/inspections/bulletin/?start={today}&end={today}"
    for username in ("gb2-head", "jcq-head"):
        client = client_as(username)
        refused = client.get(url)
        assert refused.status_code == 403 and "阶段督查通报由部领导和督查员印发" in refused.content.decode()
        assert client.post(url, {"title": "关于本月督查情况的通报"}).status_code == 403
        assert "阶段督查通报" not in client.get("/inspections/").content.decode()
    assert not IssuedDocument.objects.exists()
    assert "阶段督查通报" in client_as("deputy1").get("/inspections/").content.decode()


def test_the_campaign_page_shows_a_reader_only_his_own_target(client_as, campaign, user):
    from luoshi.inspections import services

    second = campaign.points.all()[1]
    gb1 = Unit.objects.get(code="gb1")
    services.record_finding(
        campaign, actor=user("inspector"), point=second, unit=gb1, result="problem", note="人选库尚未建立"
    )
    page = client_as("gb2-staff").get(f"/inspections/{campaign.pk}/?unit={gb1.pk}").content.decode()
    assert "干部二科 · 检查清单" in page and f'<option value="{gb1.pk}"' not in page
    assert "调研报告已成初稿" not in page and "人选库尚未建立" not in page
    own = client_as("gb1-staff").get(f"/inspections/{campaign.pk}/?unit={gb1.pk}").content.decode()
    assert "调研报告已成初稿" in own and "人选库尚未建立" in own


def test_a_findings_problem_is_a_link_to_it_for_who_may_open_it(client_as, campaign, gb1_problem):
    gb1, found = Unit.objects.get(code="gb1"), gb1_problem()
    link = f'href="/problems/{found.problem_id}/" data-testid="finding-problem"'
    assert link in client_as("inspector").get(f"/inspections/{campaign.pk}/?unit={gb1.pk}").content.decode()
    page = client_as("head").get(f"/inspections/{campaign.pk}/?unit={gb1.pk}").content.decode()
    assert link in page


def test_a_problems_source_leads_back_to_its_campaign_for_who_may_open_it(
    client_as, campaign, gb1_problem, user
):
    gb1, found = Unit.objects.get(code="gb1"), gb1_problem()
    link = f'<a href="/inspections/{campaign.pk}/?unit={gb1.pk}" data-testid="problem-origin">'
    for reader in ("gb1-head", "inspector"):
        page = client_as(reader).get(f"/problems/{found.problem_id}/").content.decode()
        assert link in page and f"{campaign.topic}”：" in page
    # a reader of the problem who may not open the campaign reads where it came from, unlinked
    elsewhere = problem_services.record_problem(
        actor=user("bgs-head"),
        unit=Unit.objects.get(code="bgs"),
        source="inspection",
        description="会议记录不全",
        origin=f"campaign:{campaign.pk}",
        origin_label="专项督查：会议记录",
    )
    page = client_as("bgs-head").get(f"/problems/{elsewhere.pk}/").content.decode()
    assert "专项督查：会议记录" in page and 'data-testid="problem-origin"' not in page


def test_a_problem_from_a_visit_leads_back_to_the_visit(client_as, user):
    visit = inspection_services.record_visit(
        actor=user("gb1-staff"),
        place="干部一科档案室",
        visited_at=timezone.localtime() - dt.timedelta(hours=3),
        people_met="档案管理员",
        heard="档案室温湿度记录缺失",
        unit=Unit.objects.get(code="gb1"),
        raised=["档案室温湿度记录缺失"],
    )
    problem = visit.problems.get()
    page = client_as("gb1-head").get(f"/problems/{problem.pk}/").content.decode()
    assert (
        f'<a href="/inspections/visits/{visit.pk}/" data-testid="problem-origin">一线走访：干部一科档案室</a>'
        in page
    )


def test_the_record_toggle_is_a_button_of_the_products_style(client_as, campaign):
    page = client_as("inspector").get(f"/inspections/{campaign.pk}/").content.decode()
    assert '<summary class="btn btn-sm btn-outline-primary">记录检查结果</summary>' in page
    assert '<summary class="small text-primary">' not in page


def test_a_findings_deadline_is_the_problems_and_its_measures_unless_changed(
    client_as, campaign, user, gb1_problem
):
    due = campaign.start_date + dt.timedelta(days=30)
    found = gb1_problem(deadline=due)
    assert found.problem.required_by == due
    page = client_as("gb1-head").get(f"/problems/{found.problem_id}/").content.decode()
    assert f'data-testid="required-by">{due:%Y-%m-%d}<' in page
    assert f'data-testid="due-default">完成时限不填的，按要求整改时限 {due:%Y-%m-%d}' in page
    confirmed = client_as("gb1-head").post(
        f"/problems/{found.problem_id}/do/confirm/",
        {"root_cause": "台账制度执行不严", "kind_1": "quick", "title_1": "补录台账", "kind_2": "lasting"},
    )
    assert confirmed.status_code == 302
    (measure,) = found.problem.measures.select_related("task")
    assert measure.task.due_date == due


def test_a_period_bulletins_title_writes_its_dates_as_a_document_does(client_as):
    """The drafted title reads “关于2026年3月1日至3月9日…”, no zero before a one-digit month or day."""
    url = "/inspections/bulletin/?start=2026-03-01&end=2026-03-09"
    form = client_as("head").get(url).content.decode()
    assert "关于2026年3月1日至3月9日督查情况的通报" in form and "03月" not in form


def test_the_tasks_to_inspect_name_their_lead_unit_and_deadline_so_two_of_one_title_differ(
    client_as, key_task, user
):
    from luoshi.tasks import services as tasks

    twin = tasks.create_task(
        actor=user("bgs-staff"),
        title=key_task.title,
        lead_unit=Unit.objects.get(code="gb2"),
        due_date=key_task.due_date,
        cadence="weekly:5",
    )
    tasks.assign(twin, actor=user("bgs-staff"))
    page = client_as("head").get("/inspections/new/").content.decode()
    labels = {
        f"{key_task.title}（{unit.display_name} · 时限 {key_task.due_date:%Y-%m-%d}）"
        for unit in (key_task.lead_unit, twin.lead_unit)
    }
    assert len(labels) == 2 and all(label in page for label in labels)
