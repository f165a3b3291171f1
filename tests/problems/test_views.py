"""The problem pages: the ledger, the record form with similar problems as you type, the problem page and
its forms — a refusal comes back as typed, a second click changes nothing."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from luoshi.core.text import NUL_REFUSED
from luoshi.org.models import Unit
from luoshi.problems import services
from luoshi.problems.models import Problem, ProblemFile
from luoshi.tasks.models import Task

from .conftest import TEXT

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_the_ledger_lists_with_lights_in_few_queries(
    client_as, confirmed, record, django_assert_max_num_queries
):
    confirmed()
    record(by="head", unit="gb2", description="干部二科党费收缴不及时")
    client = client_as("head")
    with django_assert_max_num_queries(18):  # none per row: a deferred field read would add two
        response = client.get("/problems/")
    html = response.content.decode()
    assert response.status_code == 200 and "问题清单" in html and "1 个问题" not in html
    assert html.count('data-label="问题"') == 2 and "0/2 项完成" in html
    filtered = client.get("/problems/", {"status": "recorded"}).content.decode()
    assert filtered.count('data-label="问题"') == 1
    # On a phone the dozen filters fold behind one button that says how many are set.
    assert 'id="problem-filters"' in html and "筛选（已设 1 项）</button>" in filtered
    bad = client.get("/problems/", {"status": "lost"}).content.decode()
    assert "筛选条件有误" in bad


@pytest.mark.parametrize("who", ["head", "gb1-staff"])
def test_the_ledger_reads_the_same_queries_for_one_row_or_many(client_as, record, today, who):
    """Closed rows show 待回头看 from the page's own read: a field the row query left out would cost a
    query per row."""
    client = client_as(who)
    past = today - dt.timedelta(days=1)
    first = record(description="干部一科党费收缴不及时")
    Problem.objects.filter(pk=first.pk).update(status="closed", recheck_on=past)
    client.get("/problems/")  # the session's first page reads more (its sign-in); not the ledger's
    with CaptureQueriesContext(connection) as one:
        client.get("/problems/")
    for text in ("干部一科档案审核不严", "干部一科三会一课流于形式", "干部一科发展党员程序倒置"):
        Problem.objects.filter(pk=record(description=text).pk).update(status="closed", recheck_on=past)
    with CaptureQueriesContext(connection) as many:
        html = client.get("/problems/").content.decode()
    assert html.count('data-label="问题"') == 4 and html.count("待回头看</span>") == 4
    assert len(many) == len(one)


def test_recording_from_the_page(client_as, demo, category):
    client = client_as("gb1-staff")
    page = client.get("/problems/new/").content.decode()
    assert "登记问题" in page and 'hx-get="/problems/similar/"' in page
    response = client.post(
        "/problems/new/",
        {
            "unit": Unit.objects.get(code="gb1").pk,
            "source": "visit",
            "category": category.pk,
            "severity": "serious",
            "found_on": timezone.localdate().isoformat(),
            "description": TEXT,
            "evidence": [SimpleUploadedFile("现场.png", PNG)],
            "form_key": "abc",
        },
    )
    problem = Problem.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/problems/{problem.pk}/"
    assert ProblemFile.objects.filter(problem=problem).count() == 1
    detail = client.get(response["Location"]).content.decode()
    assert problem.title in detail and "现场.png" in detail and "登记问题" in detail
    # its unit's head confirms it, a county department's 部长 as a section's head: not “科室负责人”
    assert "待所在单位负责人确认整改" in detail and "科室负责人" not in detail + page


def test_no_unit_comes_back_as_typed_with_the_error(client_as, demo):
    response = client_as("inspector").post(
        "/problems/new/", {"source": "visit", "description": "窗口无人值守"}
    )
    html = response.content.decode()
    assert response.status_code == 400 and "请选择问题所在单位" in html and "窗口无人值守" in html
    assert Problem.objects.count() == 0


def test_a_nul_character_comes_back_in_plain_chinese_beside_its_field(client_as, demo):
    response = client_as("inspector").post(
        "/problems/new/",
        {"unit": Unit.objects.get(code="gb1").pk, "source": "visit", "description": "窗口无人\x00值守"},
    )
    html = response.content.decode()
    description = html.index('id="id_description"')
    assert (
        response.status_code == 400
        and escape(NUL_REFUSED) in html[description : html.index("<label", description)]
    )
    assert "不允许是用空字符串" not in html and "窗口无人" in html and Problem.objects.count() == 0


def test_an_empty_submit_names_every_missing_required_field_beside_it_and_keeps_the_rest(client_as, demo):
    """问题所在单位 and 问题描述 are both marked required, and both get their error when left empty."""
    page = client_as("inspector").get("/problems/new/").content.decode()
    for label in ("问题所在单位", "问题描述"):
        assert f'{label} <span class="text-danger">*</span>' in page
    response = client_as("inspector").post("/problems/new/", {"source": "visit", "severity": "serious"})
    html = response.content.decode()
    assert response.status_code == 400
    unit, description = html.index('id="id_unit"'), html.index('id="id_description"')
    assert "请选择问题所在单位" in html[unit : html.index("<label", unit)]
    assert "请填写问题描述" in html[description : html.index("<label", description)]
    assert '<option value="serious" selected>' in html and Problem.objects.count() == 0


def test_a_bad_file_comes_back_with_the_error(client_as, demo):
    response = client_as("gb1-staff").post(
        "/problems/new/",
        {
            "unit": Unit.objects.get(code="gb1").pk,
            "source": "visit",
            "description": "窗口无人值守",
            "evidence": [SimpleUploadedFile("a.exe", b"MZ")],
        },
    )
    assert response.status_code == 400 and "不支持上传" in response.content.decode()
    assert Problem.objects.count() == 0


def test_a_second_click_on_the_same_form_records_once(client_as, demo):
    client = client_as("gb1-staff")
    data = {
        "unit": Unit.objects.get(code="gb1").pk,
        "source": "visit",
        "description": "窗口无人值守",
        "form_key": "k",
    }
    assert client.post("/problems/new/", data).status_code == 302
    again = client.post("/problems/new/", data)
    html = again.content.decode()
    assert again.status_code == 409 and "已经提交过了" in html and "窗口无人值守</textarea>" in html
    assert Problem.objects.count() == 1


def test_similar_problems_as_you_type(client_as, record):
    earlier = record(by="head", unit="gb2", description="干部二科选人用人档案审核不严，出生日期前后不一致")
    html = (
        client_as("head")
        .get("/problems/similar/", {"description": TEXT, "unit": Unit.objects.get(code="gb1").pk})
        .content.decode()
    )
    assert earlier.title[:10] in html and "其他单位" in html
    empty = client_as("head").get("/problems/similar/", {"description": "天气"}).content.decode()
    assert "这是一个新问题" in empty or "输入问题描述后显示" in empty


@pytest.mark.parametrize("field", ["unit", "category"])
def test_a_digit_int_refuses_as_the_similar_search_s_unit_is_no_500(client_as, field):
    response = client_as("gb1-head").get("/problems/similar/", {"description": TEXT, field: "\u00b2"})
    assert response.status_code == 200


def test_confirm_from_the_page_and_the_refusal_to_close(client_as, record, today):
    problem = record()
    client = client_as("gb1-head")
    page = client.get(f"/problems/{problem.pk}/").content.decode()
    assert "确认整改" in page
    due = (today + dt.timedelta(days=10)).isoformat()
    response = client.post(
        f"/problems/{problem.pk}/do/confirm/",
        {
            "root_cause": "制度不细",
            "kind_1": "quick",
            "title_1": "逐一核对",
            "due_1": due,
            "kind_2": "lasting",
            "title_2": "建立专审制度",
            "due_2": due,
            "form_key": "c1",
        },
    )
    assert response.status_code == 302
    assert Task.objects.filter(problem_measure__problem=problem).count() == 2
    page = client.get(f"/problems/{problem.pk}/").content.decode()
    assert "逐一核对" in page and "建立专审制度" in page
    refused = client_as("deputy1").post(
        f"/problems/{problem.pk}/do/close/", {"note": "同意", "form_key": "c2"}
    )
    html = refused.content.decode()
    assert refused.status_code == 409 and "还有2项整改措施未销号" in html and problem.title in html
    assert Problem.objects.get(pk=problem.pk).status == "rectifying"


def test_closing_is_spoken_of_only_to_who_may_close_and_as_a_state(client_as, confirmed):
    """Right after 确认整改 nobody asked to close: the section head, who may not, reads nothing about it;
    the leader in charge, who may, reads when he can — not the refusal of a close-out never asked for."""
    problem = confirmed()
    head = client_as("gb1-head").get(f"/problems/{problem.pk}/").content.decode()
    assert "不能销号" not in head and "可审核销号" not in head and 'data-testid="close-waiting"' not in head
    leader = client_as("deputy1").get(f"/problems/{problem.pk}/").content.decode()
    assert "不能销号" not in leader and 'id="close"' not in leader
    waiting = leader.split('data-testid="close-waiting"', 1)[1].split("</div></div>", 1)[0]
    assert "整改措施全部销号后可审核销号，还有2项未销号。" in waiting


def test_only_a_reviewer_over_the_unit_closes_from_the_page(client_as, confirmed, finish):
    problem = confirmed()
    for measure in problem.measures.all():
        finish(measure.task)
    head = client_as("gb1-head")
    page = head.get(f"/problems/{problem.pk}/").content.decode()
    assert "待分管领导" in page and 'id="close"' not in page
    refused = head.post(f"/problems/{problem.pk}/do/close/", {"note": "同意", "form_key": "k1"})
    html = refused.content.decode()
    assert refused.status_code == 403 and "责任单位的人员不能为本单位的问题销号" in html
    assert problem.title in html and "问题清单</a>" in html  # the problem's page again, not a bare 403
    assert Problem.objects.get(pk=problem.pk).status == "rectifying"
    leader = client_as("deputy1")
    assert 'id="close"' in leader.get(f"/problems/{problem.pk}/").content.decode()
    closed = leader.post(f"/problems/{problem.pk}/do/close/", {"note": "佐证齐全", "form_key": "k2"})
    assert closed.status_code == 302 and Problem.objects.get(pk=problem.pk).status == "closed"


def test_after_a_rebound_the_page_asks_for_a_new_measure_before_closing(client_as, confirmed, finish, user):
    problem = confirmed()
    for measure in problem.measures.all():
        finish(measure.task)
    services.close_problem(problem, actor=user("deputy1"), note="同意")
    services.recheck_problem(problem, actor=user("deputy1"), rebounded=True, note="又发现档案不一致")
    page = client_as("gb1-head").get(f"/problems/{problem.pk}/").content.decode()
    assert "反弹前已销号的措施不再作为销号依据" in page and page.count('data-testid="before-rebound"') == 2
    assert '<details class="card ls-card" open>' in page and "不能销号" not in page  # 增加整改措施, opened
    leader = client_as("deputy1")
    waiting = leader.get(f"/problems/{problem.pk}/").content.decode()
    assert 'id="close"' not in waiting and "增加（或重新打开）的整改措施销号后可审核销号" in waiting
    refused = leader.post(f"/problems/{problem.pk}/do/close/", {"note": "直接销号", "form_key": "r1"})
    assert refused.status_code == 409 and "增加整改措施" in refused.content.decode()
    assert Problem.objects.get(pk=problem.pk).status == "rectifying"


def test_the_page_names_the_previous_problem_only_to_who_may_see_it(client_as, record):
    old = record(title="去年的档案审核问题")
    Problem.objects.filter(pk=old.pk).update(status="closed")
    again = record(by="gb1-head")
    Problem.objects.filter(pk=again.pk).update(responsible_unit=Unit.objects.get(code="gb2"))
    page = client_as("gb2-staff").get(f"/problems/{again.pk}/").content.decode()
    assert "反弹" in page and "去年的档案审核问题" not in page and f"/problems/{old.pk}/" not in page
    mine = client_as("gb1-staff").get(f"/problems/{again.pk}/").content.decode()
    assert "去年的档案审核问题" in mine and f"/problems/{old.pk}/" in mine


def test_the_confirm_form_names_a_responsible_person_per_measure_never_the_head_who_reviews_it(
    client_as, record, today, user
):
    problem = record()
    client = client_as("gb1-head")
    page = client.get(f"/problems/{problem.pk}/").content.decode()
    owners = page.split('name="owner_1"')[1].split("</select>")[0]
    staff, head = user("gb1-staff").person, user("gb1-head").person
    assert f'value="{staff.pk}"' in owners and f'value="{head.pk}"' not in owners  # he reviews its close-out
    due = (today + dt.timedelta(days=10)).isoformat()
    typed = {"root_cause": "制度不细", "kind_1": "quick", "title_1": "逐一核对", "due_1": due}
    refused = client.post(
        f"/problems/{problem.pk}/do/confirm/", {**typed, "owner_1": head.pk, "form_key": "o1"}
    )
    assert refused.status_code == 400 and "逐一核对" in refused.content.decode()  # kept as typed
    assert not Task.objects.filter(problem_measure__problem=problem).exists()
    done = client.post(
        f"/problems/{problem.pk}/do/confirm/", {**typed, "owner_1": staff.pk, "form_key": "o2"}
    )
    assert done.status_code == 302
    assert Task.objects.get(problem_measure__problem=problem).owner == staff  # the measure's task carries him


def test_a_measure_added_later_names_its_responsible_person_as_the_confirm_form_does(
    client_as, confirmed, today, user
):
    problem = confirmed()
    client = client_as("gb1-head")
    page = client.get(f"/problems/{problem.pk}/").content.decode()
    owners = page.split('name="owner"')[1].split("</select>")[0]
    staff, head = user("gb1-staff").person, user("gb1-head").person
    assert "（签收时指定）" in owners and f'value="{staff.pk}"' in owners
    assert f'value="{head.pk}"' not in owners  # he reviews its close-out
    due = (today + dt.timedelta(days=15)).isoformat()
    typed = {"kind": "lasting", "title": "建立专审台账", "due_date": due}
    url = f"/problems/{problem.pk}/do/measure/"
    refused = client.post(url, {**typed, "owner": head.pk, "form_key": "n1"})
    assert refused.status_code == 400 and 'value="建立专审台账"' in refused.content.decode()
    assert problem.measures.count() == 2
    done = client.post(url, {**typed, "owner": staff.pk, "form_key": "n2"})
    assert done.status_code == 302
    assert Task.objects.get(problem_measure__problem=problem, title__contains="建立专审台账").owner == staff


def test_a_problem_already_confirmed_is_a_409_on_its_page(client_as, confirmed, today):
    """The state refuses, not the input: the page says so (409), as the task page does."""
    problem = confirmed()
    response = client_as("gb1-head").post(
        f"/problems/{problem.pk}/do/confirm/",
        {
            "root_cause": "另一个根源",
            "kind_1": "quick",
            "title_1": "再核对一次",
            "due_1": (today + dt.timedelta(days=10)).isoformat(),
            "form_key": "again",
        },
    )
    html = response.content.decode()
    assert response.status_code == 409 and "不能确认整改" in html and problem.title in html
    assert Problem.objects.get(pk=problem.pk).root_cause == "审核制度不细"
    assert not Task.objects.filter(title__contains="再核对一次").exists()


def test_a_measure_sent_twice_is_added_once_and_the_form_comes_back_as_typed(client_as, confirmed, today):
    problem = confirmed()
    data = {
        "kind": "lasting",
        "title": "建立档案专审台账",
        "due_date": (today + dt.timedelta(days=15)).isoformat(),
        "form_key": "m1",
    }
    client = client_as("gb1-head")
    assert client.post(f"/problems/{problem.pk}/do/measure/", data).status_code == 302
    again = client.post(f"/problems/{problem.pk}/do/measure/", data)
    html = again.content.decode()
    assert again.status_code == 409 and "已经提交过了" in html and 'value="建立档案专审台账"' in html
    assert problem.measures.count() == 3


def test_a_bad_measure_comes_back_and_nothing_is_written(client_as, record, today):
    problem = record(found_on=today - dt.timedelta(days=2))
    response = client_as("gb1-head").post(
        f"/problems/{problem.pk}/do/confirm/",
        {
            "root_cause": "制度不细",
            "kind_1": "quick",
            "title_1": "逐一核对",
            "due_1": (today - dt.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 400 and "早于问题发现日期" in response.content.decode()
    assert Task.objects.count() == 0


@pytest.mark.parametrize("who, status", [("gb1-staff", 403), ("gb2-staff", 404)])
def test_confirm_without_the_right_changes_nothing(client_as, record, today, who, status):
    problem = record()
    response = client_as(who).post(
        f"/problems/{problem.pk}/do/confirm/",
        {
            "root_cause": "x",
            "kind_1": "quick",
            "title_1": "a",
            "due_1": (today + dt.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == status and Task.objects.count() == 0


def test_files_download_for_those_who_see_the_problem(client_as, record):
    """The task's file lookup (core.files.served): a download, sandboxed and in the audit, for those who see
    the problem; 404 beyond one's rights, told to the security audit as 越权访问; a file changed on disk
    refused (409) in Chinese."""
    from luoshi.accounts.models import SecurityEvent, SecurityEventKind

    problem = record(files=[SimpleUploadedFile("现场.png", PNG)])
    row = ProblemFile.objects.get(problem=problem)
    response = client_as("gb1-head").get(f"/problems/files/{row.token}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    assert (
        response["Content-Security-Policy"] == "sandbox" and "attachment" in response["Content-Disposition"]
    )
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.FILE_DOWNLOAD, target="现场.png").count() == 1
    assert client_as("gb2-staff").get(f"/problems/files/{row.token}/").status_code == 404
    denied = SecurityEvent.objects.filter(kind=SecurityEventKind.PERMISSION_DENIED, username="gb2-staff")
    assert [e.target for e in denied] == [f"problems.Problem:{{'pk': {problem.pk}}}"]
    with open(row.file.path, "wb") as handle:
        handle.write(b"changed")
    refused = client_as("gb1-head").get(f"/problems/files/{row.token}/")
    assert refused.status_code == 409 and "与上传时的校验值不符" in refused.content.decode()


def test_dismissing_from_the_page_is_for_a_leader_over_the_unit(client_as, record):
    problem = record(by="inspector", severity="serious")
    head = client_as("gb1-head")
    page = head.get(f"/problems/{problem.pk}/").content.decode()
    assert 'id="dismiss"' not in page and "由分管领导或上级领导作出不予认定" in page
    refused = head.post(f"/problems/{problem.pk}/do/dismiss/", {"reason": "不构成问题", "form_key": "k1"})
    assert refused.status_code == 403 and "不能为本单位的问题作出不予认定" in refused.content.decode()
    assert Problem.objects.get(pk=problem.pk).status == "recorded"
    leader = client_as("deputy1")
    assert 'id="dismiss"' in leader.get(f"/problems/{problem.pk}/").content.decode()
    done = leader.post(f"/problems/{problem.pk}/do/dismiss/", {"reason": "不构成问题", "form_key": "k2"})
    assert done.status_code == 302 and Problem.objects.get(pk=problem.pk).status == "dismissed"


def test_the_units_head_sees_no_cancel_on_a_measure_and_is_refused(client_as, confirmed):
    problem = confirmed()
    task = problem.measures.order_by("id").first().task
    head = client_as("gb1-head")
    refused = head.post(f"/tasks/{task.pk}/do/cancel/", {"reason": "不再需要", "form_key": "k1"})
    assert refused.status_code == 403 and "不能为本单位的问题撤销整改措施" in refused.content.decode()
    task.refresh_from_db()
    assert task.status == "assigned"
    leader = client_as("deputy1")
    done = leader.post(f"/tasks/{task.pk}/do/cancel/", {"reason": "并入其他措施", "form_key": "k2"})
    assert done.status_code == 302
    task.refresh_from_db()
    assert task.status == "cancelled"


def test_the_office_is_offered_only_its_own_units_and_a_forged_one_is_refused_as_typed(
    client_as, record, today
):
    problem = record(by="inspector", unit="bgs", description="办公室工作台账未及时更新，部分事项进展不清")
    client = client_as("bgs-head")
    page = client.get(f"/problems/{problem.pk}/").content.decode()
    gb1 = Unit.objects.get(code="gb1")
    assert f'<option value="{gb1.pk}"' not in page
    response = client.post(
        f"/problems/{problem.pk}/do/confirm/",
        {
            "responsible_unit": gb1.pk,
            "root_cause": "一科未及时报送材料",
            "kind_1": "quick",
            "title_1": "一科补报材料",
            "due_1": (today + dt.timedelta(days=9)).isoformat(),
            "form_key": "o1",
        },
    )
    html = response.content.decode()
    assert response.status_code == 403 and "不能指定干部一科为责任单位" in html
    assert "一科未及时报送材料" in html and "一科补报材料" in html
    assert Problem.objects.get(pk=problem.pk).status == "recorded" and not problem.measures.exists()


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ({"found_on": "0001-01-01"}, "发现日期不能早于2000年"),
        ({"found_on": "1900-01-01"}, "发现日期不能早于2000年"),
        ({"description": "档案" * 2501}, "问题描述不能超过5000字（现为5002字）"),
    ],
)
def test_the_record_page_refuses_an_implausible_date_or_a_pasted_document_as_typed(client_as, typed, said):
    body = {"unit": Unit.objects.get(code="gb1").pk, "source": "self_check", "description": "远古问题测试"}
    body.update(typed)
    response = client_as("gb1-head").post("/problems/new/", body)
    html = response.content.decode()
    assert response.status_code == 400 and said in html
    assert body["description"] in html and body.get("found_on", "") in html
    assert not Problem.objects.exists()


def test_a_measures_task_page_leads_back_to_its_problem(client_as, confirmed):
    problem = confirmed()
    task = problem.measures.order_by("id").first().task
    page = client_as("gb1-staff").get(f"/tasks/{task.pk}/").content.decode()
    link = f'<a href="/problems/{problem.pk}/">{problem.title}</a>'
    assert f'<dt>整改问题</dt><dd data-testid="matter">{link}</dd>' in page


def test_the_reviewer_reads_each_measures_close_out_evidence_on_the_problem(client_as, confirmed, finish):
    problem = confirmed()
    first = problem.measures.order_by("id").first().task
    finish(first)
    page = client_as("deputy1").get(f"/problems/{problem.pk}/").content.decode()
    assert page.count('data-testid="measure-evidence"') == 1 and "销号佐证：已整改到位" in page


def test_a_measure_added_later_marks_its_content_required_and_names_no_number_it_does_not_show(
    client_as, confirmed, today
):
    """The form holds one measure: 措施内容 carries the required star, and a refusal says 整改措施, not
    第3项 of a list the form never showed."""
    problem = confirmed()
    client = client_as("gb1-head")
    page = client.get(f"/problems/{problem.pk}/").content.decode()
    form = page.split(f'action="/problems/{problem.pk}/do/measure/"')[1].split("</form>")[0]
    assert re.search(r'for="id_title">措施内容 <span class="text-danger">\*</span>', form)
    url = f"/problems/{problem.pk}/do/measure/"
    refused = client.post(url, {"kind": "lasting", "title": " ", "due_date": today.isoformat()})
    html = refused.content.decode()
    assert refused.status_code == 400 and "整改措施：请填写措施内容" in html and "项整改措施" not in html
    assert problem.measures.count() == 2
