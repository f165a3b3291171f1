"""The task page: what it shows once, and how it answers a refusal."""

import datetime as dt

from django.contrib.auth import get_user_model

from luoshi.directives.models import Directive, Requirement
from luoshi.org.models import Unit
from luoshi.tasks import services
from luoshi.tasks.choices import TaskStatus


def _requirement(text: str) -> Requirement:
    """A requirement of a speech the office entered (make_task's maker, bgs-staff, may take it up)."""
    office = get_user_model().objects.get(username="bgs-staff")
    directive = Directive.objects.create(
        title="部长讲话",
        kind="speech",
        issued_on=dt.date(2026, 9, 1),
        text=text,
        created_by=office,
        unit=office.person.unit,
    )
    return Requirement.objects.create(directive=directive, text=text, start=0, end=len(text))


def test_the_source_words_show_once_when_they_are_the_task_content(client_as, make_task):
    words = "开展年轻干部专题调研，形成调研报告。"
    requirement = _requirement(words)
    task = make_task(
        assign=True, directive=requirement.directive, requirement=requirement, description=words + "\n"
    )
    page = client_as("gb1-staff").get(f"/tasks/{task.pk}/").content.decode()
    assert page.count(words) == 1 and "任务内容" in page
    assert 'data-testid="source-quote"' not in page and "来源文件：部长讲话" in page


def test_the_source_words_show_beside_a_content_of_its_own(client_as, make_task):
    requirement = _requirement("一要开展年轻干部专题调研。")
    task = make_task(
        assign=True, directive=requirement.directive, requirement=requirement, description="调研三个县区"
    )
    page = client_as("gb1-staff").get(f"/tasks/{task.pk}/").content.decode()
    assert 'data-testid="source-quote"' in page and "一要开展年轻干部专题调研。" in page
    assert "调研三个县区" in page


def _close_requested(make_task, user):
    task = make_task(acknowledge=True)
    services.submit_feedback(task, actor=user("gb1-staff"), progress_text="调研报告已印发", percent=100)
    services.request_close(task, actor=user("gb1-staff"), evidence_text="调研报告已印发")
    return task


def _refused(response, message: str) -> str:
    """The page itself (no redirect) with the refusal said above it."""
    page = response.content.decode()
    assert message in page and 'id="timeline"' in page
    return page


def test_a_button_without_the_right_answers_403_and_changes_nothing(client_as, make_task, user):
    task = _close_requested(make_task, user)
    response = client_as("gb1-staff").post(f"/tasks/{task.pk}/do/approve_close/", {"form_key": "k-1"})
    assert response.status_code == 403
    _refused(response, "延期和销号申请由分管领导或上级负责人审批")
    task.refresh_from_db()
    assert task.status == TaskStatus.CLOSE_REQUESTED


def test_a_form_without_the_right_answers_403(client_as, make_task):
    task = make_task(acknowledge=True, co_units=[Unit.objects.get(code="gb2")])
    response = client_as("gb1-staff").post(
        f"/tasks/{task.pk}/do/report_part/", {"progress_text": "已完成", "percent": "50", "form_key": "k-2"}
    )
    assert response.status_code == 403
    _refused(response, "您不是这项任务配合单位的人员，不能报送协办进展")


def test_a_button_on_a_task_already_decided_answers_409(client_as, make_task, user):
    task = _close_requested(make_task, user)
    deputy = client_as("deputy1")
    assert deputy.post(f"/tasks/{task.pk}/do/approve_close/", {"form_key": "k-3"}).status_code == 302
    response = deputy.post(f"/tasks/{task.pk}/do/approve_close/", {"form_key": "k-4"})
    assert response.status_code == 409
    _refused(response, "任务当前状态为“已销号”，不能批准销号")


def test_a_refused_button_keeps_its_reason_as_typed_and_open(client_as, make_task):
    task = make_task(acknowledge=True)
    make_task(parent=task, assign=True, title="子任务：摸底")
    response = client_as("bgs-staff").post(
        f"/tasks/{task.pk}/do/cancel/", {"reason": "工作已由省委统一部署", "form_key": "k-5"}
    )
    assert response.status_code == 409
    page = _refused(response, "请先撤销或销号其下的子任务")
    assert '<details class="small mb-3" open>' in page and "工作已由省委统一部署</textarea>" in page
    task.refresh_from_db()
    assert task.status == TaskStatus.ACKNOWLEDGED


def test_a_form_refused_for_a_pending_request_answers_409_as_typed(client_as, make_task, user, today):
    task = make_task(acknowledge=True)
    later = task.due_date + dt.timedelta(days=10)
    services.request_extension(task, actor=user("gb1-staff"), new_due_date=later, reason="等待省委文件")
    response = client_as("gb1-head").post(
        f"/tasks/{task.pk}/do/request_extension/",
        {
            "new_due_date": f"{later + dt.timedelta(days=5):%Y-%m-%d}",
            "reason": "需补充调研",
            "form_key": "k-6",
        },
    )
    assert response.status_code == 409
    page = _refused(response, "这项任务已有一条待审批的延期申请")
    assert "需补充调研" in page and task.extensions.count() == 1


def test_an_extension_to_9999_is_refused_on_the_page_keeping_what_was_typed(client_as, make_task):
    task = make_task(acknowledge=True)
    response = client_as("gb1-staff").post(
        f"/tasks/{task.pk}/do/request_extension/",
        {"new_due_date": "9999-12-31", "reason": "等待省委文件", "form_key": "k-far"},
    )
    assert response.status_code == 400
    page = _refused(response, "申请的完成时限 9999-12-31 太远，不能晚于2099年12月31日，请检查年份")
    assert 'value="9999-12-31"' in page and "等待省委文件</textarea>" in page
    assert not task.extensions.exists()


def test_a_form_sent_twice_answers_409_and_is_done_once(client_as, make_task):
    task = make_task(acknowledge=True)
    staff = client_as("gb1-staff")
    form = {"progress_text": "已完成摸底", "percent": "40", "form_key": "k-7"}
    sent = staff.post(f"/tasks/{task.pk}/do/feedback/", form)
    assert sent.status_code == 302 and sent.url == f"/tasks/{task.pk}/#timeline"  # opens at the report
    response = staff.post(f"/tasks/{task.pk}/do/feedback/", form)
    assert response.status_code == 409
    _refused(response, "这张表单已经提交过了")
    assert task.feedback.count() == 1


def test_a_button_with_a_reason_left_out_answers_400(client_as, make_task, user):
    task = _close_requested(make_task, user)
    response = client_as("deputy1").post(
        f"/tasks/{task.pk}/do/reject_close/", {"reason": " ", "form_key": "k-8"}
    )
    assert response.status_code == 400
    _refused(response, "填写有误")
    task.refresh_from_db()
    assert task.status == TaskStatus.CLOSE_REQUESTED


def test_an_extension_decision_refused_answers_its_status_on_the_task_page(client_as, make_task, user):
    task = make_task(acknowledge=True)
    extension = services.request_extension(
        task,
        actor=user("gb1-staff"),
        new_due_date=task.due_date + dt.timedelta(days=10),
        reason="等待省委文件",
    )
    own = client_as("gb1-staff").post(f"/tasks/extensions/{extension.pk}/approve/", {"form_key": "k-9"})
    assert own.status_code == 403
    _refused(own, "不能审批自己提出的延期申请")
    deputy = client_as("deputy1")
    assert deputy.post(f"/tasks/extensions/{extension.pk}/approve/").status_code == 302
    again = deputy.post(f"/tasks/extensions/{extension.pk}/refuse/", {"reason": "理由不充分"})
    assert again.status_code == 409
    _refused(again, "这条延期申请已经审批过了")


def test_an_extension_of_a_cancelled_task_is_refused_in_plain_words(client_as, make_task, user):
    task = make_task(acknowledge=True)
    extension = services.request_extension(
        task,
        actor=user("gb1-staff"),
        new_due_date=task.due_date + dt.timedelta(days=10),
        reason="等待省委文件",
    )
    services.cancel(task, actor=user("bgs-staff"), reason="不再需要")
    response = client_as("deputy1").post(f"/tasks/extensions/{extension.pk}/approve/")
    assert response.status_code == 409
    _refused(response, "任务已撤销，这条延期申请无需再审批")
    assert "已已" not in response.content.decode()


def test_the_reopen_button_shows_only_to_who_may_reopen(client_as, make_task, user):
    task = _close_requested(make_task, user)
    services.approve_close(task, actor=user("deputy1"))
    assert 'id="reopen-reason"' in client_as("deputy1").get(f"/tasks/{task.pk}/").content.decode()
    assert 'id="reopen-reason"' not in client_as("bgs-staff").get(f"/tasks/{task.pk}/").content.decode()
    response = client_as("bgs-staff").post(
        f"/tasks/{task.pk}/do/reopen/", {"reason": "还需补充", "form_key": "k-reopen"}
    )
    assert response.status_code == 403
    _refused(response, "请向分管领导提出")
    task.refresh_from_db()
    assert task.status == TaskStatus.CLOSED


def test_assigning_a_draft_without_a_deadline_leads_to_the_edit_form(client_as, api_as, make_task):
    task = make_task(due_date=None)
    office = client_as("bgs-staff")
    response = office.post(f"/tasks/{task.pk}/do/assign/", {"form_key": "k-6"})
    # A redirect, so a reload of the page that comes back sends nothing again.
    assert response.status_code == 302 and response["Location"] == f"/tasks/{task.pk}/edit/"
    page = office.get(response["Location"]).content.decode()
    assert "交办前请先填写完成时限" in page and 'name="due_date"' in page
    task.refresh_from_db()
    assert task.status == TaskStatus.DRAFT
    answer = api_as("bgs-staff").post(f"/api/v1/tasks/{task.pk}/assign/", {}, format="json")
    assert answer.status_code == 400 and answer.json()["code"] == "due_required"


def test_a_task_naming_no_leader_names_the_leaders_in_charge_of_its_unit(client_as, make_task):
    from luoshi.org.models import Oversight

    task = make_task(leader=None)
    in_charge = Oversight.objects.get(unit__code="gb1").leader.name
    page = client_as("bgs-staff").get(f"/tasks/{task.pk}/").content.decode()
    assert f"<dt>分管领导</dt><dd>{in_charge}（按分管关系）</dd>" in page
    printed = client_as("bgs-staff").get(f"/tasks/{task.pk}/print/").content.decode()
    assert f"{in_charge}（按分管关系）" in printed


def test_the_sign_off_awaited_names_everyone_who_may_sign(client_as, make_task, user):
    import re

    from luoshi.org.models import Person
    from luoshi.org.services import set_staff_acknowledge

    task = make_task(assign=True)
    head, staff = (Person.objects.get(user__username=f"gb1-{who}").name for who in ("head", "staff"))

    def awaited() -> str:
        page = client_as("bgs-staff").get(f"/tasks/{task.pk}/").content.decode()
        return re.search(r'data-testid="awaiting-sign-off">(.*?)</div>', page, re.DOTALL).group(1)

    assert "待干部一科签收" in awaited() and head in awaited() and staff not in awaited()
    set_staff_acknowledge(task.lead_unit, actor=user("gb1-head"), enabled=True)
    assert "科室负责人签收" not in awaited()
    assert head in awaited() and staff in awaited() and "（负责人或本单位干部）" in awaited()


def test_a_signed_task_naming_no_owner_shows_who_signed_for_it(client_as, make_task, user):
    from luoshi.org.models import Person

    task = make_task(assign=True)
    page = client_as("bgs-staff").get(f"/tasks/{task.pk}/").content.decode()
    assert "<dt>责任人</dt><dd>—</dd>" in page, "nobody is responsible before the unit signs"
    services.acknowledge(task, actor=user("gb1-head"))
    head = Person.objects.get(user__username="gb1-head").name
    for path in (f"/tasks/{task.pk}/", f"/tasks/{task.pk}/print/"):
        page = client_as("bgs-staff").get(path).content.decode()
        assert f"<dt>责任人</dt><dd>{head}（签收人）</dd>" in page, path
    named = make_task(acknowledge=True, owner=Person.objects.get(user__username="gb1-staff"))
    page = client_as("bgs-staff").get(f"/tasks/{named.pk}/").content.decode()
    assert f"<dt>责任人</dt><dd>{named.owner.name}</dd>" in page


def test_a_units_full_name_shows_on_a_task_page_and_its_short_one_in_the_ledgers_column(client_as, make_task):
    import re

    parent = make_task(lead="jcdj", acknowledge=True)
    make_task(parent=parent, lead="jcdj", title="制定调研方案")
    client = client_as("head")
    page = client.get(f"/tasks/{parent.pk}/").content.decode()
    assert "党建科" not in page.replace("基层党建科", ""), "the page names the unit in full everywhere"
    ledger = client.get("/tasks/", {"lead_unit": parent.lead_unit_id}).content.decode()
    column = re.findall(r'data-label="牵头单位" class="text-nowrap[^"]*">([^<]*)<', ledger)
    offered = re.search(rf'<option value="{parent.lead_unit_id}"[^>]*>\s*([^<]*)<', ledger).group(1)
    assert set(column) == {"党建科"} and offered.strip("\u3000 ") == "党建科"


def test_a_pending_extension_names_who_may_decide_it_as_a_close_out_does(client_as, make_task, user):
    import re

    from luoshi.org.models import Person

    task = make_task(acknowledge=True)
    services.request_extension(
        task,
        actor=user("gb1-head"),
        new_due_date=task.due_date + dt.timedelta(days=10),
        reason="等待省委文件",
    )
    deputy, head = (Person.objects.get(user__username=who).name for who in ("deputy1", "gb1-head"))

    def stage(who: str) -> str:
        page = client_as(who).get(f"/tasks/{task.pk}/").content.decode()
        return re.search(r'data-testid="extension-stage">(.*?)</p>', page, re.DOTALL).group(1)

    for who in ("gb1-head", "gb1-staff", "deputy1"):
        assert deputy in stage(who) and head not in stage(who), who


def test_the_attack_another_units_task_asked_by_id_is_in_the_audit_with_the_source_address(
    client_as, make_task
):
    """越权访问 of the central row: rc-staff probing /tasks/<id>/ (and its print page) for 干部一科's task was
    answered 404 and left no trace, where a problem's or a campaign's id did."""
    from luoshi.accounts.models import SecurityEvent, SecurityEventKind

    task = make_task(assign=True)
    client = client_as("rc-staff")
    for path in (f"/tasks/{task.pk}/", f"/tasks/{task.pk}/print/", "/tasks/999999/"):
        assert client.get(path).status_code == 404
    denied = SecurityEvent.objects.filter(kind=SecurityEventKind.PERMISSION_DENIED, username="rc-staff")
    target = f"tasks.Task:{{'pk': {task.pk}}}"
    assert [(e.target, e.ip_address) for e in denied] == [(target, "127.0.0.1")] * 2
    assert client_as("gb1-head").get(f"/tasks/{task.pk}/").status_code == 200
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.PERMISSION_DENIED, username="gb1-head")
