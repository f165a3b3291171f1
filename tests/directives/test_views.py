"""Entering a directive in the browser and turning its requirements into tasks."""

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from docx import Document

from luoshi.accounts.models import SecurityEvent
from luoshi.directives.models import Directive, Requirement
from luoshi.org.models import Person
from luoshi.tasks.models import Task
from tests.conftest import ROLE_ACCOUNTS

SEED = (Path(__file__).parents[2] / "src/luoshi/directives/data/seed-speech.txt").read_bytes()
BUSINESS = {"staff", "section_head", "deputy", "head", "inspector"}


def enter(client, upload=None, text="", title="部长讲话"):
    data = {
        "title": title,
        "kind": "speech",
        "level": "internal",
        "issuer": "部长",
        "issued_on": "2026-11-20",
        "text": text,
    }
    if upload is not None:
        data["file"] = upload
    return client.post("/directives/new/", data)


@pytest.mark.parametrize("path", ["/directives/", "/directives/new/"])
@pytest.mark.parametrize("role", sorted(ROLE_ACCOUNTS))
def test_page_permissions(client_as, demo, path, role):
    allowed = role in BUSINESS and not (role == "inspector" and path.endswith("/new/"))  # he reads only
    assert client_as(ROLE_ACCOUNTS[role]).get(path).status_code == (200 if allowed else 403)


def test_the_read_only_inspector_is_shown_no_decision(client_as, demo):
    """采用并交办 and 转为任务 only for whom the directives' rule lets decide (submitting was refused)."""
    enter(client_as("bgs-staff"), SimpleUploadedFile("讲话.txt", SEED))
    url = f"/directives/{Directive.objects.get().pk}/"
    page = client_as("inspector").get(url).content.decode()
    assert "一要认真学习" in page and "采用并交办" not in page and "转为任务并交办" not in page
    assert 'name="selected"' not in page
    assert "采用并交办" in client_as("bgs-staff").get(url).content.decode()
    assert client_as("inspector").post(f"{url}decide/", {"op": "assign"}).status_code == 403


def test_a_txt_upload_is_decomposed_and_highlighted(client_as, demo):
    client = client_as("bgs-staff")
    response = enter(client, SimpleUploadedFile("讲话.txt", SEED))
    directive = Directive.objects.get()
    assert response["Location"] == f"/directives/{directive.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert directive.requirements.count() >= 20
    assert page.count('id="text-') == directive.requirements.count()
    assert (
        "一要认真学习" in page and "小编为大家整理" in page
    )  # the whole source is shown, noise unhighlighted


def test_gbk_text_and_word_documents_are_read(client_as, demo):
    client = client_as("bgs-staff")
    enter(client, SimpleUploadedFile("gbk.txt", "各科室要在6月底前完成自查。".encode("gbk")), title="通知一")
    document = Document()
    table = document.add_table(rows=2, cols=3)
    for cell, value in zip(table.rows[0].cells, ["序号", "具体措施", "牵头单位"]):
        cell.text = value
    for cell, value in zip(table.rows[1].cells, ["1", "开展年轻干部调研", "干部一科"]):
        cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    enter(client, SimpleUploadedFile("分工表.docx", buffer.getvalue()), title="分工表")
    assert Directive.objects.count() == 2
    table_req = Requirement.objects.get(directive__title="分工表")
    assert table_req.owners[0]["unit"] == demo["gb1"]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.txt", b"", "空文件"),
        ("binary.txt", bytes(range(256)) * 20, "不是文本文件"),
        ("broken.docx", b"PK\x03\x04 not really a docx", "已损坏"),
        (
            "program.docx",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200,
            "内容与文件类型.docx不符",
        ),
    ],
)
def test_bad_files_get_a_chinese_error_and_change_nothing(client_as, demo, name, content, message):
    page = enter(client_as("bgs-staff"), SimpleUploadedFile(name, content)).content.decode()
    assert Directive.objects.count() == 0
    assert "invalid-feedback" in page and message in page


def test_neither_file_nor_text_is_refused(client_as, demo):
    page = enter(client_as("bgs-staff")).content.decode()
    assert "请上传 .txt/.docx 文件，或粘贴正文" in page


def decide(client, directive, requirements, op, **extra):
    data = {"selected": [r.pk for r in requirements], "op": op, **extra}
    return client.post(f"/directives/{directive.pk}/decide/", data, follow=True).content.decode()


def test_accept_merge_and_reject(client_as, demo):
    client = client_as("bgs-staff")
    enter(
        client,
        text="一、各科室要在年底前完成自查。二、干部一科要开展年轻干部调研。三、干部二科要完善考核办法。四、希望大家努力。",
    )
    directive = Directive.objects.get()
    first, second, third, *_ = directive.requirements.order_by("start")
    page = decide(
        client, directive, [first], "accept", **{f"lead-{first.pk}": demo["bgs"], f"title-{first.pk}": "自查"}
    )
    assert "已将 1 条要求转为任务" in page
    page = decide(client, directive, [second, third], "merge", **{f"lead-{second.pk}": demo["gb1"]})
    assert "合并为一项任务" in page
    merged = Task.objects.get(requirement=second)
    assert "完善考核办法" in merged.description
    assert Requirement.objects.get(pk=third.pk).status == "accepted"
    page = decide(client, directive, [first], "accept")
    assert "已经转为任务" in page
    assert Task.objects.count() == 2


def test_rows_set_aside_together_are_all_or_none(client_as, demo):
    """不作为任务 of two ticked rows, the second already a task: refused, and the first stays proposed (the
    page set aside each row in turn, so the rows before the refused one were changed under the refusal)."""
    client = client_as("bgs-staff")
    enter(client, text="一、干部一科要开展年轻干部调研。二、干部二科要完善考核办法。")
    directive = Directive.objects.get()
    first, second, *_ = directive.requirements.order_by("start")
    decide(client, directive, [second], "accept", **{f"lead-{second.pk}": demo["gb2"]})
    page = decide(client, directive, [first, second], "reject")
    assert "已经转为任务" in page
    assert Requirement.objects.get(pk=first.pk).status == "proposed"


@pytest.mark.parametrize("op", ["accept", "assign", "merge", "split", "reject"])
def test_a_requirement_forged_into_another_directives_decision_is_a_404(client_as, demo, op):
    """A requirement id is decided on its own directive's page: one of another directive, or none, is
    not found there, and nothing is done with the rest."""
    client = client_as("bgs-staff")
    enter(client, text="一、干部一科要开展年轻干部调研。二、干部二科要完善考核办法。", title="甲")
    enter(client, text="一、组织一科要开展党支部标准化建设。", title="乙")
    one, other = Directive.objects.get(title="甲"), Directive.objects.get(title="乙")
    mine = list(one.requirements.order_by("start"))
    for forged in (other.requirements.get().pk, 999999):
        data = {"selected": [mine[0].pk, forged], "op": op, f"title-{mine[0].pk}": "甲；乙"}
        assert client.post(f"/directives/{one.pk}/decide/", data).status_code == 404
    assert not Task.objects.exists() and not Requirement.objects.exclude(status="proposed").exists()


def test_nothing_selected_says_so(client_as, demo):
    client = client_as("bgs-staff")
    enter(client, text="各科室要在年底前完成自查。")
    directive = Directive.objects.get()
    assert "请先勾选" in decide(client, directive, [], "accept")


def test_split_one_requirement_into_several_tasks(client_as, demo):
    client = client_as("bgs-staff")
    enter(client, text="干部一科要开展年轻干部调研并完善培养选拔办法。")
    directive = Directive.objects.get()
    requirement = directive.requirements.get()
    page = decide(
        client,
        directive,
        [requirement],
        "split",
        **{
            f"title-{requirement.pk}": "开展年轻干部调研；完善培养选拔办法",
            f"lead-{requirement.pk}": demo["gb1"],
        },
    )
    assert "拆分为 2 项任务" in page
    assert sorted(Task.objects.filter(requirement=requirement).values_list("title", flat=True)) == [
        "完善培养选拔办法",
        "开展年轻干部调研",
    ]


def test_split_needs_two_titles(client_as, demo):
    client = client_as("bgs-staff")
    enter(client, text="干部一科要开展年轻干部调研。")
    directive = Directive.objects.get()
    requirement = directive.requirements.get()
    page = decide(
        client,
        directive,
        [requirement],
        "split",
        **{f"title-{requirement.pk}": "只有一项", f"lead-{requirement.pk}": demo["gb1"]},
    )
    assert "至少两项" in page and not Task.objects.exists()


def test_a_row_sets_co_units_owner_and_finish_standard(client_as, demo):
    client = client_as("bgs-staff")
    enter(client, text="干部一科要开展年轻干部调研。")
    directive = Directive.objects.get()
    requirement = directive.requirements.get()
    owner = Person.objects.get(user__username="gb1-staff")
    decide(
        client,
        directive,
        [requirement],
        "accept",
        **{
            f"lead-{requirement.pk}": demo["gb1"],
            f"co-{requirement.pk}": [demo["gb2"], demo["gbjd"]],
            f"owner-{requirement.pk}": owner.pk,
            f"standard-{requirement.pk}": "形成调研报告",
        },
    )
    task = Task.objects.get(requirement=requirement)
    assert (task.owner, task.finish_standard) == (owner, "形成调研报告")
    assert sorted(task.co_units.values_list("code", flat=True)) == ["gb2", "gbjd"]


def test_the_list_counts_each_pending_requirement_once_however_many_tasks(client_as, demo):
    client = client_as("bgs-staff")
    enter(
        client,
        text="一、各科室要在年底前完成自查。二、干部一科要开展年轻干部调研。三、干部二科要完善考核办法。"
        "四、组织一科要抓好党员教育。",
    )
    directive = Directive.objects.get()
    first, second, *pending = directive.requirements.order_by("start")
    decide(
        client,
        directive,
        [first, second],
        "accept",
        **{f"lead-{first.pk}": demo["bgs"], f"lead-{second.pk}": demo["gb1"]},
    )
    assert Task.objects.filter(directive=directive).count() == 2
    page = client.get("/directives/").content.decode()
    assert (
        f'data-label="待确认" class="text-end"><span class="badge text-bg-warning">{len(pending)}</span>'
        in page
    )
    assert '<td data-label="已转任务" class="text-end">2</td>' in page


def test_the_list_and_the_page_count_the_same_tasks_for_every_reader(client_as, demo, user):
    """已转任务 is every task made from the directive, as the page and 对标对表 count it: a reader who may
    not open those tasks sees the same number on the list and the page, and no title or link of them."""
    enter(client_as("gb1-head"), text="一、干部一科要在明年6月底前完成年轻干部专题调研。")
    directive = Directive.objects.get()
    requirement = directive.requirements.get()
    split = {f"title-{requirement.pk}": "调研；报告"}
    decide(client_as("gb1-head"), directive, [requirement], "split", **split)
    assert Task.objects.filter(directive=directive).count() == 2
    reader = client_as("rc-staff")
    assert not Task.objects.restrict(user("rc-staff")).exists()
    listing = reader.get("/directives/").content.decode()
    assert '<td data-label="已转任务" class="text-end">2</td>' in listing
    page = reader.get(f"/directives/{directive.pk}/").content.decode()
    assert "已转任务 2 项" in page and "2 项（无权查看）" in page
    assert not any(f"/tasks/{t.pk}/" in page for t in Task.objects.all())
    own = client_as("gb1-head").get(f"/directives/{directive.pk}/").content.decode()
    assert "已转任务 2 项" in own and "无权查看" not in own
    assert all(f"/tasks/{t.pk}/" in own for t in Task.objects.all())


def test_an_ownerless_requirement_shows_the_suggested_lead_and_adopt_makes_the_task(client_as, demo):
    client = client_as("bgs-staff")
    enter(client, text="要持续整顿软弱涣散村党组织，年底前选优配强村党组织书记。")
    requirement = Requirement.objects.get()
    assert requirement.suggested_units[0]["unit"] == demo["jcdj"]
    page = client.get(f"/directives/{requirement.directive_id}/").content.decode()
    assert "推荐牵头：<strong>基层党建科</strong>" in page and "软弱涣散" in page
    assert f'<input type="hidden" name="lead-{requirement.pk}" value="{demo["jcdj"]}">' in page
    client.post(
        f"/directives/{requirement.directive_id}/decide/",
        {"adopt": requirement.pk, f"lead-{requirement.pk}": demo["jcdj"]},
    )
    task = Task.objects.get(requirement=requirement)
    assert task.lead_unit_id == demo["jcdj"] and task.status == "assigned"


def test_a_converted_card_drops_the_ownerless_badge_and_its_task_content_the_speechs_marker(client_as, demo):
    """Once a task, the card has its lead unit (no “未明确责任单位”), and the task's 任务内容 is the
    requirement without the （一） that numbered it in the speech."""
    client = client_as("bgs-staff")
    enter(client, text="（一）要持续整顿软弱涣散村党组织，年底前选优配强村党组织书记。")
    requirement = Requirement.objects.get()
    assert "no_owner" in requirement.lint and requirement.text.startswith("（一）")
    page = client.get(f"/directives/{requirement.directive_id}/").content.decode()
    assert "未明确责任单位" in page
    client.post(
        f"/directives/{requirement.directive_id}/decide/",
        {"adopt": requirement.pk, f"lead-{requirement.pk}": demo["jcdj"]},
    )
    task = Task.objects.get(requirement=requirement)
    assert task.description.startswith("要持续整顿软弱涣散村党组织")
    assert "未明确责任单位" not in client.get(f"/directives/{requirement.directive_id}/").content.decode()


def test_adopt_asks_the_rows_date_and_assigns_in_one_step(client_as, demo):
    """采用并交办 on a row without a 完成时限 makes nothing and marks the row's date; with the date typed
    on the card, the suggested unit has its task assigned at once, no draft left to edit."""
    client = client_as("bgs-staff")
    enter(client, text="要做好高层次人才引进工作，优化人才服务。")
    requirement = Requirement.objects.get()
    assert requirement.suggested_units[0]["unit"] == demo["rc"] and not requirement.deadline
    url = f"/directives/{requirement.directive_id}/decide/"
    page = client.post(url, {"adopt": requirement.pk}, follow=True).content.decode()
    assert "第1条（" in page and "交办前请先填写完成时限" in page
    assert f'is-invalid" type="date" name="due-{requirement.pk}"' in page
    assert not Task.objects.exists()
    due = timezone.localdate() + dt.timedelta(days=30)
    client.post(url, {"adopt": requirement.pk, f"due-{requirement.pk}": due.isoformat()})
    task = Task.objects.get(requirement=requirement)
    assert (task.lead_unit_id, task.due_date, task.status) == (demo["rc"], due, "assigned")


def test_adopt_makes_the_suggested_unit_the_lead_whatever_the_lead_field_holds(client_as, demo):
    """The lead field starts at the unit the text named (the department itself); 采用 promises the
    suggested section as lead, and the task is led by it."""
    client = client_as("bgs-staff")
    enter(client, text="市委组织部要持续整顿软弱涣散村党组织，年底前选优配强村党组织书记。")
    requirement = Requirement.objects.get()
    named = [o["unit"] for o in requirement.owners if o.get("unit")]
    assert requirement.suggested_units[0]["unit"] == demo["jcdj"] and named and named[0] != demo["jcdj"]
    page = client.get(f"/directives/{requirement.directive_id}/").content.decode()
    assert "以基层党建科为牵头单位" in page
    client.post(
        f"/directives/{requirement.directive_id}/decide/",
        {"adopt": requirement.pk, f"lead-{requirement.pk}": named[0]},
    )
    assert Task.objects.get(requirement=requirement).lead_unit_id == demo["jcdj"]


def test_soft_items_are_set_aside_collapsed_with_the_reason_and_read_again(client_as, demo):
    from luoshi.directives import services

    client = client_as("bgs-staff")
    response = enter(
        client,
        text="一、各科室要在年底前完成自查。\n二、希望大家珍惜机会，努力工作。\n三、各单位要认真贯彻执行。",
    )
    directive = Directive.objects.get()
    aside = directive.requirements.filter(status="rejected").order_by("start")
    assert [r.reject_reason for r in aside] == ["希望与号召，不是交办的任务", "转发语，不是具体任务"]
    assert list(directive.requirements.filter(status="proposed").values_list("text", flat=True)) == [
        "一、各科室要在年底前完成自查"
    ]
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="set-aside"' in page and "不作为任务（2 条）" in page and "理由：转发语" in page
    assert page.count('data-testid="requirement"') == 1  # never a candidate task
    # below the decision form, so its sticky bar never floats over the list
    assert page.index('data-testid="set-aside"') > page.index("</form>", page.index('id="decompose"'))
    Requirement.objects.filter(pk=aside[0].pk).update(
        reject_reason="另行安排"
    )  # a person's own decision stays
    services.extract_requirements(directive, actor=directive.created_by)
    assert sorted(
        directive.requirements.filter(status="rejected").values_list("reject_reason", flat=True)
    ) == ["另行安排", "转发语，不是具体任务"]


def test_a_deadline_read_but_not_placed_is_flagged_not_guessed(client_as, demo):
    client = client_as("bgs-staff")
    response = enter(client, text="各科室要在寒假前完成安全自查。")
    requirement = Requirement.objects.get()
    assert requirement.deadline is None and "deadline_unplaced" in requirement.lint
    assert "时限无法定到具体日期" in client.get(response["Location"]).content.decode()


def test_the_decomposition_table_says_a_reporting_rhythm_in_words(client_as, demo):
    """完成时限 of a requirement without a deadline is the rhythm the text sets (每月25日前), never the
    stored value (monthly:25, none) a clerk cannot read."""
    import openpyxl

    client = client_as("bgs-staff")
    enter(
        client,
        text="一、各科室要于每月25日前将工作开展情况报送办公室。"
        "二、干部监督科要把理论学习情况纳入日常监督，每季度通报一次。三、干部一科要在年底前完成年轻干部调研。",
    )
    directive = Directive.objects.get()
    response = client.get(f"/directives/{directive.pk}/export.xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [ws.cell(r, 6).value for r in range(3, 6)] == ["每月25日前", "每季度末", "2026-12-31（年底前）"]


def test_the_decomposition_table_names_a_lead_no_unit_matched_as_the_text_does(client_as, demo):
    """各科室 in 牵头单位 (the page shows it as 识别：责任主体), as 配合单位 keeps 市委党校; not a blank."""
    import openpyxl

    client = client_as("bgs-staff")
    enter(client, text="一、各科室要在年底前完成调研。二、组织一科要会同市委党校，在年底前举办专题读书班。")
    directive = Directive.objects.get()
    response = client.get(f"/directives/{directive.pk}/export.xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [(ws.cell(r, 3).value, ws.cell(r, 4).value) for r in (3, 4)] == [
        ("各科室", None),
        ("组织一科", "市委党校"),
    ]


def test_a_card_starts_at_the_reporting_rhythm_the_text_sets(client_as, demo):
    """各科室要于每月25日前…报送 starts 反馈周期 at 每月25日前 (the API's accept takes it too), and a row
    whose text sets none at the usual 每周五."""
    client = client_as("bgs-staff")
    enter(
        client,
        text="一、各科室要于每月25日前将工作开展情况报送办公室。二、干部一科要在年底前完成年轻干部调研。",
    )
    directive = Directive.objects.get()
    monthly, dated = directive.requirements.order_by("start")
    page = client.get(f"/directives/{directive.pk}/").content.decode()
    assert re.search(
        rf'name="cadence-{monthly.pk}"[^>]*>.*?<option value="monthly:25" selected>', page, re.DOTALL
    )
    assert re.search(
        rf'name="cadence-{dated.pk}"[^>]*>.*?<option value="weekly:5" selected>', page, re.DOTALL
    )


def test_the_decomposition_table_downloads_under_the_directive_title_without_set_aside_rows(client_as, demo):
    import openpyxl

    client = client_as("bgs-staff")
    enter(
        client,
        text="一、干部一科要在年底前完成年轻干部调研。二、各科室要完善考核办法。三、希望大家努力。",
        title="部长在务虚会上的讲话",
    )
    directive = Directive.objects.get()
    kept = directive.requirements.exclude(status="rejected").order_by("start")
    first = kept[0]
    decide(client, directive, [first], "accept", **{f"lead-{first.pk}": demo["gb1"]})
    response = client.get(f"/directives/{directive.pk}/export.xlsx")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert ws["A1"].value == "部长在务虚会上的讲话任务分解表"
    assert ws.max_row == 2 + kept.count() and ws["C3"].value == "干部一科"
    assert ws["B3"].value == "干部一科要在年底前完成年轻干部调研"  # numbered by 序号, not 一、
    assert "希望大家努力" not in [ws.cell(r, 2).value for r in range(3, ws.max_row + 1)]
    word = client.get(f"/directives/{directive.pk}/export.docx")
    assert Document(io.BytesIO(word.content)).paragraphs[0].text == "部长在务虚会上的讲话任务分解表"
    assert client.get(f"/directives/{directive.pk}/export.pdf").status_code == 404
    exports = SecurityEvent.objects.filter(kind="export").order_by("id")
    assert [(e.target, e.detail) for e in exports] == [
        ("部长在务虚会上的讲话任务分解表", {"format": fmt, "directive": directive.pk})
        for fmt in ("xlsx", "docx")
    ]


FIVE = (
    "一、干部一科要在明年6月底前完成年轻干部专题调研。二、干部二科要在明年3月底前完善考核办法，办公室配合。"
    "三、人才工作科要在明年4月底前完成人才政策评估。四、公务员管理科要在明年3月底前完成公务员招录方案。"
    "五、研究室要在明年5月底前形成调研报告。六、组织一科要在春节前走访慰问困难党员。"
)


def test_the_page_offers_what_was_found_and_invents_no_deadline(client_as, demo):
    client = client_as("bgs-staff")
    enter(client, text=FIVE)
    directive = Directive.objects.get()
    rows = list(directive.requirements.order_by("start"))
    Requirement.objects.filter(pk=rows[5].pk).update(deadline={"phrase": "春节前", "date": None})
    page = client.get(f"/directives/{directive.pk}/").content.decode()
    deputy1 = Person.objects.get(user__username="deputy1")
    assert f'name="title-{rows[0].pk}" value="完成年轻干部专题调研"' in page
    assert f'<input type="hidden" name="leader-{rows[0].pk}" value="{deputy1.pk}">' in page  # 分管 干部一科
    assert f'<input type="hidden" name="co-{rows[1].pk}" value="{demo["bgs"]}">' in page
    assert "配合 办公室" in page
    assert f'name="due-{rows[5].pk}" value=""' in page and "时限“春节前”未能换算为具体日期" in page


def test_five_requirements_assigned_in_one_step(client_as, demo):
    client = client_as("bgs-staff")
    enter(client, text=FIVE)
    directive = Directive.objects.get()
    five = list(directive.requirements.order_by("start"))[:5]
    page = decide(client, directive, five, "assign")
    assert "已将 5 条要求转为任务并交办" in page
    tasks = Task.objects.filter(directive=directive).select_related("leader")
    assert tasks.count() == 5 and {t.status for t in tasks} == {"assigned"} and all(t.leader for t in tasks)


def test_a_refused_step_names_every_row_without_a_date_marks_it_and_keeps_what_was_typed(client_as, demo):
    """Each row that stops 转为任务并交办 is named by the number the page shows and its 完成时限 marked,
    the others as they were typed; nothing is made."""
    client = client_as("bgs-staff")
    enter(client, text=FIVE)
    directive = Directive.objects.get()
    rows = list(directive.requirements.order_by("start"))
    Requirement.objects.filter(pk=rows[5].pk).update(deadline={"phrase": "春节前", "date": None})
    Requirement.objects.filter(pk=rows[2].pk).update(deadline=None)
    response = client.post(
        f"/directives/{directive.pk}/decide/",
        {
            "selected": [rows[0].pk, rows[2].pk, rows[5].pk],
            "op": "assign",
            f"title-{rows[0].pk}": "我改的名称",
            f"standard-{rows[5].pk}": "走访全覆盖",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "第3条（" in page and "第6条（" in page and "第2条（" not in page
    assert "交办前请先填写完成时限" in page and page.count('data-testid="due-refused"') == 2
    for row, marked in ((rows[0], False), (rows[2], True), (rows[5], True)):
        assert (f'is-invalid" type="date" name="due-{row.pk}"' in page) == marked, row.text
    assert 'value="我改的名称"' in page and "走访全覆盖</textarea>" in page
    assert not Task.objects.exists()


def test_a_refused_step_comes_back_at_the_pages_own_address_and_a_reload_sends_nothing(client_as, demo):
    """Redirect after the post: the refusal and the cards as typed are shown once at /directives/N/, so
    a reload reads the page instead of sending the decision again."""
    client = client_as("bgs-staff")
    enter(client, text=FIVE)
    directive = Directive.objects.get()
    row = directive.requirements.order_by("start")[1]
    Requirement.objects.filter(pk=row.pk).update(deadline=None)
    response = client.post(
        f"/directives/{directive.pk}/decide/",
        {"selected": [row.pk], "op": "assign", f"title-{row.pk}": "我改的名称"},
    )
    assert response.status_code == 302 and response["Location"] == f"/directives/{directive.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="refusal"' in page and "第2条（" in page and 'value="我改的名称"' in page
    reloaded = client.get(response["Location"]).content.decode()
    assert 'data-testid="refusal"' not in reloaded and 'value="我改的名称"' not in reloaded
    other = Directive.objects.create(title="另一份", text="甲", issued_on=directive.issued_on)
    client.post(f"/directives/{directive.pk}/decide/", {"selected": [row.pk], "op": "assign"})
    assert 'data-testid="refusal"' not in client.get(f"/directives/{other.pk}/").content.decode()
    assert not Task.objects.exists()


def test_instruction_entered_on_the_page_and_a_bad_date_keeps_what_was_typed(client_as, demo):
    client = client_as("bgs-staff")
    enter(client, text="干部一科要开展年轻干部调研。")
    directive = Directive.objects.get()
    bad = client.post(
        f"/directives/{directive.pk}/instruction/",
        {"instruction_date": "2099-01-01", "proposed_handling": "呈部长阅示", "handling_result": ""},
    )
    assert bad.status_code == 302 and bad["Location"] == f"/directives/{directive.pk}/"
    page = client.get(bad["Location"]).content.decode()
    assert "批示日期不能晚于今天" in page and "呈部长阅示</textarea>" in page
    assert Directive.objects.get().proposed_handling == ""
    reloaded = client.get(bad["Location"]).content.decode()  # shown once: a reload reads the plain page
    assert "批示日期不能晚于今天" not in reloaded and "呈部长阅示</textarea>" not in reloaded
    client.post(
        f"/directives/{directive.pk}/instruction/",
        {"instruction_date": "2026-11-21", "proposed_handling": "呈部长阅示", "handling_result": "已落实"},
    )
    page = client.get(f"/directives/{directive.pk}/").content.decode()
    assert 'data-testid="instruction"' in page and "2026-11-21" in page and "已落实" in page


def test_a_forged_choice_on_a_card_is_refused_in_chinese_with_what_was_typed(client_as, demo, user):
    """A section head picks within the section (co-units beside it too): another unit, a county's section,
    its people or another deputy, sent by hand, are refused on the row, the row as typed, and no task made."""
    from luoshi.org.models import Unit
    from luoshi.org.services import create_unit

    county = Unit.objects.get(code="jcq")
    far = create_unit(actor=user("admin"), code="jcq-gb", name="干部科", kind=county.kind, parent=county)
    client = client_as("gb1-head")
    enter(client, text="一、干部一科要在明年6月底前完成年轻干部专题调研。")
    directive = Directive.objects.get()
    row = directive.requirements.get()
    stranger = Person.objects.filter(unit_id=demo["gb2"]).first()
    deputy2 = Person.objects.get(user__username="deputy2")
    assert stranger is not None
    for name, forged, message in (
        ("lead", demo["gb2"], "牵头单位：所选单位不在您可选择的范围内，请从搜索结果中选择"),
        ("co", far.pk, "配合单位：所选单位不在您可选择的范围内"),
        ("owner", stranger.pk, "责任人：所选人员不在您可选择的范围内"),
        ("leader", deputy2.pk, "分管领导：所选领导不在您可选择的范围内"),
    ):
        data = {
            "selected": [row.pk],
            "op": "assign",
            f"title-{row.pk}": "年轻干部调研（改）",
            f"lead-{row.pk}": demo["gb1"],
            f"{name}-{row.pk}": forged,
        }
        html = client.post(f"/directives/{directive.pk}/decide/", data, follow=True).content.decode()
        assert message in html, name
        assert 'value="年轻干部调研（改）"' in html
        assert (f'name="lead-{row.pk}" value="{demo["gb1"]}"' in html) == (name != "lead")
    assert not Task.objects.exists()
    chosen = Person.objects.filter(unit_id=demo["gb1"]).first()
    assert chosen is not None
    decide(
        client, directive, [row], "assign", **{f"lead-{row.pk}": demo["gb1"], f"owner-{row.pk}": chosen.pk}
    )
    task = Task.objects.get()
    assert (
        task.lead_unit_id == demo["gb1"] and task.owner == chosen and task.leader.user.username == "deputy1"
    )


def test_the_cards_are_named_in_the_same_queries_however_many(client_as, demo):
    """No unit or person list on the page, and the pickers of every card named together: six cards take
    the queries one does."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as("bgs-staff")
    counts = []
    for text in ("一、干部一科要在明年6月底前完成年轻干部专题调研，办公室配合。", FIVE):
        enter(client, text=text)
        directive = Directive.objects.order_by("-id").first()
        client.get(f"/directives/{directive.pk}/")
        with CaptureQueriesContext(connection) as queries:
            page = client.get(f"/directives/{directive.pk}/").content.decode()
        counts.append(len(queries))
        assert "<option" not in page.split('id="decompose"')[1].split("cadence-")[0]
    assert counts[0] == counts[1], counts


def test_a_stranger_to_the_directive_sees_no_record_forms_and_is_refused(client_as, demo):
    """The office entered it: a county head reads it but neither sees nor posts 批示 or 不作为任务."""
    enter(client_as("bgs-staff"), text="干部一科要开展年轻干部调研。")
    directive = Directive.objects.get()
    Directive.objects.filter(pk=directive.pk).update(kind="instruction")
    requirement = directive.requirements.get()
    stranger = client_as("jcq-head")
    page = stranger.get(f"/directives/{directive.pk}/").content.decode()
    assert 'id="instruction-form"' not in page and 'value="reject"' not in page
    refused = stranger.post(
        f"/directives/{directive.pk}/instruction/",
        {"instruction_date": "2026-11-21", "proposed_handling": "伪造", "handling_result": ""},
    )
    assert refused.status_code == 302 and refused["Location"] == f"/directives/{directive.pk}/"
    assert "批示件信息只能由" in stranger.get(refused["Location"]).content.decode()
    stranger.post(f"/directives/{directive.pk}/decide/", {"selected": [requirement.pk], "op": "reject"})
    assert not Directive.objects.get().has_instruction
    assert directive.requirements.get().status == "proposed"
    own = client_as("bgs-staff").get(f"/directives/{directive.pk}/").content.decode()
    assert 'id="instruction-form"' in own and 'value="reject"' in own


def test_a_date_only_flagged_is_a_warning_so_a_refusal_opens_at_the_refused_row(client_as, demo):
    """A row whose recognised 时限 is past or unreadable has its date outlined as a warning, not as an
    error: the page's cursor goes to the first error, which must be the row the step refused."""
    client = client_as("bgs-staff")
    enter(client, text=FIVE)
    directive = Directive.objects.get()
    rows = list(directive.requirements.order_by("start"))
    Requirement.objects.filter(pk=rows[0].pk).update(deadline={"phrase": "春节前", "date": None})
    Requirement.objects.filter(pk=rows[2].pk).update(deadline=None)
    page = client.post(
        f"/directives/{directive.pk}/decide/",
        {"selected": [rows[2].pk], "op": "assign"},
        follow=True,
    ).content.decode()
    assert "第3条（" in page and "第1条（" not in page
    assert f'border-warning" type="date" name="due-{rows[0].pk}"' in page
    first_error = page.index("is-invalid")
    assert page.index(f'name="due-{rows[2].pk}"') > first_error > page.index(f'name="due-{rows[0].pk}"')


def test_a_row_without_a_lead_or_a_date_is_named_for_both_at_once(client_as, demo):
    """转为任务并交办 on a row that has neither a 牵头单位 nor a 完成时限 says both on the first try, on one
    line naming the row once, the card marking its date too, so the clerk is not refused a second time
    for the date."""
    client = client_as("bgs-staff")
    enter(client, text=FIVE)
    directive = Directive.objects.get()
    rows = list(directive.requirements.order_by("start"))
    Requirement.objects.filter(pk=rows[2].pk).update(deadline=None, owners=[])
    page = client.post(
        f"/directives/{directive.pk}/decide/",
        {"selected": [rows[2].pk], "op": "assign"},
        follow=True,
    ).content.decode()
    refusal = page.split('data-testid="refusal">')[1].split("</div>")[0]
    assert refusal.count("第3条（") == 1 and refusal.endswith("：请选择牵头单位；交办前请先填写完成时限")
    assert f'is-invalid" type="date" name="due-{rows[2].pk}"' in page and 'data-testid="due-refused"' in page
    assert not Task.objects.exists()
