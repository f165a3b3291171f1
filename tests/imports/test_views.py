"""The 导入台账 pages: upload, preview with the mapping above the columns, units named, import, report."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from luoshi.imports.models import ImportBatch
from luoshi.org.models import Unit
from luoshi.tasks.models import Task
from tests.core.documents import task_document
from tests.core.ledgers import HEADER, ROWS, TASKS, ledger, unread_cadence, upload

pytestmark = pytest.mark.django_db

UNKNOWN = [*ROWS, [3, "完善人才引进政策", "人才工作领导小组", "", "", "", "2099.9.30", "", ""]]


def test_the_menu_offers_the_page_to_those_who_may_create_tasks(client_as):
    assert "导入台账" in client_as("gb1-staff").get("/tasks/").content.decode()
    assert client_as("admin").get("/imports/").status_code == 403


def test_upload_then_preview_name_a_unit_and_import(client_as):
    client = client_as("bgs-staff")
    response = client.post("/imports/", {"file": upload(ledger(UNKNOWN))})
    assert response.status_code == 302
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="map-1"' in html and '<option value="title" selected>' in html
    assert "人才工作领导小组" in html and "最接近的是“人才工作科”" in html
    assert "1 行有错误" in html
    batch = ImportBatch.objects.get()
    refused = client.post(f"/imports/{batch.pk}/commit/")
    assert refused.status_code == 400 and "第 14 行" in refused.content.decode()
    assert not Task.objects.exists()
    mapping = {f"map-{col}": field for col, field in batch.mapping.items()}
    named = client.post(
        f"/imports/{batch.pk}/", {**mapping, "mention-u1": "人才工作领导小组", "unit-u1": "人才工作科"}
    )
    assert named.status_code == 302
    named_page = client.get(f"/imports/{batch.pk}/").content.decode()
    assert (
        "行有错误" not in named_page
        and f"{TASKS + 1} 行无问题，可导入" in named_page
        and "2 行为分类标题，不导入为任务" in named_page
        and named_page.count("分类标题，不导入为任务</div>") == 2
    )  # 第一季度 of 2099
    done = client.post(f"/imports/{batch.pk}/commit/", follow=True)
    assert f"新建 {TASKS + 1} 项任务" in done.content.decode()
    assert Task.objects.count() == TASKS + 1


def test_an_htmx_change_answers_the_page_and_a_bad_one_comes_back_as_typed(client_as):
    client = client_as("bgs-staff")
    client.post("/imports/", {"file": upload(ledger())})
    batch = ImportBatch.objects.get()
    mapping = {f"map-{col}": field for col, field in batch.mapping.items()}
    doubled = client.post(f"/imports/{batch.pk}/", {**mapping, "map-3": "lead_unit"}, HTTP_HX_REQUEST="true")
    html = doubled.content.decode()
    assert doubled.status_code == 400 and "C列、D列都对应“牵头单位”" in html
    assert html.count('<option value="lead_unit" selected>') == 2  # as typed
    batch.refresh_from_db()
    assert batch.mapping["3"] == "co_units"
    unknown = client.post(
        f"/imports/{batch.pk}/", {**mapping, "mention-u1": "某单位", "unit-u1": "不存在的科"}
    )
    assert unknown.status_code == 400 and "“不存在的科”不是组织架构中的单位" in unknown.content.decode()


def test_a_bad_file_is_refused_on_the_page(client_as):
    response = client_as("bgs-staff").post("/imports/", {"file": upload(b"PK\x03\x04", "台账.xlsm")})
    assert response.status_code == 400 and "含宏" in response.content.decode()
    assert client_as("bgs-staff").post("/imports/", {}).status_code == 400
    assert not ImportBatch.objects.exists()


def test_someone_else_cannot_open_or_import_it(client_as):
    client_as("bgs-staff").post("/imports/", {"file": upload(ledger())})
    batch = ImportBatch.objects.get()
    assert client_as("gb1-staff").get(f"/imports/{batch.pk}/").status_code == 404
    assert client_as("gb1-staff").post(f"/imports/{batch.pk}/commit/").status_code == 404
    assert not Task.objects.exists()


def test_the_attack_another_users_batch_asked_by_id_is_in_the_audit(client_as):
    """越权访问: gb1-staff opening the office's import (/imports/<id>/, its 按原表格式导出) got a 404 and the
    security audit nothing; then a row without the source address the other denials carry."""
    from luoshi.accounts.models import SecurityEvent, SecurityEventKind

    client_as("bgs-staff").post("/imports/", {"file": upload(ledger())})
    batch = ImportBatch.objects.get()
    for path in (f"/imports/{batch.pk}/", f"/imports/{batch.pk}/export/", "/imports/999999/"):
        assert client_as("gb1-staff").get(path).status_code == 404
    denied = SecurityEvent.objects.filter(kind=SecurityEventKind.PERMISSION_DENIED, username="gb1-staff")
    assert [(e.target, e.ip_address) for e in denied] == [
        (f"imports.ImportBatch:{{'pk': {batch.pk}}}", "127.0.0.1")
    ] * 2


def test_the_list_of_recent_imports_is_one_query_per_page(client_as, django_assert_max_num_queries):
    client = client_as("bgs-staff")
    for _ in range(3):
        client.post("/imports/", {"file": upload(ledger())})
    with django_assert_max_num_queries(12):
        page = client.get("/imports/")
    assert page.content.decode().count("台账.xlsx") == 3


def test_a_word_document_previews_its_prose_and_enters_it_as_a_directive(client_as):
    client = client_as("bgs-staff")
    response = client.post("/imports/", {"file": upload(task_document(), "任务分解表.docx")})
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Word 文档中的“表格1”" in html and "表格以外的正文" in html and "录入为讲话文件并分解要求" in html
    batch = ImportBatch.objects.get()
    made = client.post(f"/imports/{batch.pk}/directive/")
    batch.refresh_from_db()
    assert made.status_code == 302 and made["Location"] == f"/directives/{batch.directive_id}/"
    assert "已录入为讲话文件" in client.get(f"/imports/{batch.pk}/").content.decode()
    again = client.post(f"/imports/{batch.pk}/directive/")
    assert again.status_code == 400 and "已经录入为讲话文件" in again.content.decode()


def test_a_document_without_a_table_says_so_and_keeps_nothing(client_as):
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("关于做好年轻干部工作的通知")
    buffer = io.BytesIO()
    document.save(buffer)
    response = client_as("bgs-staff").post("/imports/", {"file": upload(buffer.getvalue(), "通知.docx")})
    assert response.status_code == 400 and "中没有表格" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_the_result_page_offers_the_ledger_back_in_its_layout(client_as):
    client = client_as("bgs-staff")
    client.post("/imports/", {"file": upload(ledger())})
    batch = ImportBatch.objects.get()
    early = client.get(f"/imports/{batch.pk}/export/")
    assert early.status_code == 400 and "导入后才能按原表格式导出" in early.content.decode()
    client.post(f"/imports/{batch.pk}/commit/")
    html = client.get(f"/imports/{batch.pk}/").content.decode()
    assert f'action="/exports/start/imports-layout/?pk={batch.pk}"' in html and "按原表格式导出" in html
    started = client.post(f"/exports/start/imports-layout/?pk={batch.pk}")  # a small ledger: at once
    assert started["Location"] == f"/imports/{batch.pk}/export/"
    response = client.get(started["Location"])
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content)[:2] == b"PK"


def test_a_row_skipped_and_restored_with_its_button_and_all_red_rows_at_once(client_as):
    client = client_as("gb1-staff")
    client.post("/imports/", {"file": upload(ledger())})
    batch = ImportBatch.objects.get()
    mapping = {f"map-{col}": field for col, field in batch.mapping.items()}
    html = client.get(f"/imports/{batch.pk}/").content.decode()
    assert "4 行有错误，须修改或跳过" in html and "3 行无问题，可导入" in html and "跳过所有标红的行" in html
    assert 'name="skip" value="5"' not in html  # a category: no task to skip
    assert 'name="skip" value="9"' in html and "disabled" in html
    skipped = client.post(
        f"/imports/{batch.pk}/", {**mapping, "skip": "9"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert (
        "3 行有错误" in skipped and "1 行已跳过，不导入" in skipped and 'name="unskip" value="9"' in skipped
    )
    restored = client.post(f"/imports/{batch.pk}/", {**mapping, "unskip": "9"}, HTTP_HX_REQUEST="true")
    assert "4 行有错误" in restored.content.decode()
    client.post(f"/imports/{batch.pk}/", {**mapping, "skip_errors": "1"})
    batch.refresh_from_db()
    assert batch.skip_rows == [9, 10, 12, 13]
    done = client.post(f"/imports/{batch.pk}/commit/", follow=True).content.decode()
    assert "新建 3 项任务" in done and "4 行按您的选择跳过、未导入（第 9–10、12–13 行）" in done
    assert Task.objects.count() == 3
    bad = client.post(f"/imports/{batch.pk}/", {**mapping, "skip": "x"})
    assert bad.status_code == 400 and "行号无效" in bad.content.decode()


def test_a_ledger_imported_before_previews_as_such_and_cannot_be_imported_again(client_as):
    client = client_as("bgs-staff")
    first = client.post("/imports/", {"file": upload(ledger())})
    client.post(f"{first['Location']}commit/")
    again = client.post("/imports/", {"file": upload(ledger(), "台账（3月）.xlsx")})
    html = client.get(again["Location"]).content.decode()
    assert f"{TASKS} 行已导入，将跳过" in html and html.count("已导入，将跳过</div>") == TASKS
    assert re.search(r"<button class=\"btn btn-primary\" type=\"submit\" disabled>", html)
    assert "没有新的行可导入：各行都已导入。" in html


def test_a_long_ledger_says_how_much_of_it_is_previewed(client_as):
    client = client_as("bgs-staff")
    many = [[n, f"第{n}项任务", "干部一科", "", "", "", "2099.6.30", "", ""] for n in range(1, 251)]
    response = client.post("/imports/", {"file": upload(ledger(many))})
    html = client.get(response["Location"]).content.decode()
    assert "预览前 200 行，共约 250 行；其中：" in html and "共 200 行" not in html


def test_the_result_of_an_import_again_is_clean(client_as):
    client = client_as("bgs-staff")
    client.post(f"{client.post('/imports/', {'file': upload(ledger())})['Location']}commit/")
    again = client.post("/imports/", {"file": upload(ledger(UNKNOWN), "台账（3月）.xlsx")})["Location"]
    mapping = {f"map-{col}": field for col, field in ImportBatch.objects.latest("pk").mapping.items()}
    client.post(again, {**mapping, "skip": str(4 + len(UNKNOWN))})  # its row naming an unknown unit
    html = client.post(f"{again}commit/", follow=True).content.decode()
    assert f"{TASKS} 行此前已导入、未重复导入（第 6–10、12–13 行）" in html
    assert "1 行按您的选择跳过" in html and "在组织架构中找不到" not in html


def test_an_unknown_co_unit_can_be_left_out_as_text(client_as):
    client = client_as("bgs-staff")
    rows = [[1, "开展干部政治素质考察", "干部一科", "党校", "", "", "2099.9.30", "", ""]]
    client.post("/imports/", {"file": upload(ledger(rows))})
    batch = ImportBatch.objects.get()
    html = client.get(f"/imports/{batch.pk}/").content.decode()
    assert 'list="co-unit-list"' in html and '<option value="不设为配合单位（原文记入任务内容）">' in html
    mapping = {f"map-{col}": field for col, field in batch.mapping.items()}
    form = {**mapping, "mention-u1": "党校", "unit-u1": "不设为配合单位（原文记入任务内容）"}
    assert client.post(f"/imports/{batch.pk}/", form).status_code == 302
    batch.refresh_from_db()
    assert batch.dropped_units == ["党校"] and batch.unit_overrides == {}
    page = client.get(f"/imports/{batch.pk}/").content.decode()
    assert "行有错误" not in page and 'value="不设为配合单位（原文记入任务内容）"></td>' in page
    client.post(f"/imports/{batch.pk}/commit/")
    assert "原表配合单位：党校" in Task.objects.get().description


def test_a_unit_chosen_with_its_box_ticked_is_taken_by_the_next_ledger_without_asking(client_as):
    client = client_as("bgs-staff")
    client.post("/imports/", {"file": upload(ledger(UNKNOWN))})
    batch = ImportBatch.objects.get()
    html = client.get(f"/imports/{batch.pk}/").content.decode()
    assert 'name="alias-u1"' in html and "记为该单位别名" in html
    mapping = {f"map-{col}": field for col, field in batch.mapping.items()}
    form = {**mapping, "mention-u1": "人才工作领导小组", "unit-u1": "人才工作科", "alias-u1": "1"}
    page = client.post(f"/imports/{batch.pk}/", form, HTTP_HX_REQUEST="true").content.decode()
    assert "已记为该单位别名" in page and 'name="alias-o1"' not in page
    assert client.post(f"/imports/{batch.pk}/", form).status_code == 302  # sent twice: recorded once
    assert Unit.objects.get(code="rc").aliases.count("人才工作领导小组") == 1
    client.post("/imports/", {"file": upload(ledger(UNKNOWN), "台账二.xlsx")})
    second = ImportBatch.objects.get(file_name="台账二.xlsx")
    again = client.get(f"/imports/{second.pk}/").content.decode()
    assert "请指定单位" not in again and "行有错误" not in again


def test_an_alias_refused_comes_back_as_typed_and_changes_nothing(client_as):
    client = client_as("gb1-staff")
    rows = [[1, "开展干部政治素质考察", "干部一科", "党校", "", "", "2099.9.30", "", ""]]
    client.post("/imports/", {"file": upload(ledger(rows))})
    batch = ImportBatch.objects.get()
    mapping = {f"map-{col}": field for col, field in batch.mapping.items()}
    form = {
        **mapping,
        "mention-u1": "党校",
        "unit-u1": "研究室",
        "alias-u1": "1",
    }  # a co-unit, not its to name
    refused = client.post(f"/imports/{batch.pk}/", form, HTTP_HX_REQUEST="true")
    html = refused.content.decode()
    assert refused.status_code == 400 and "您不能为“研究室”记别名" in html
    assert 'value="研究室"' in html and re.search(r'name="alias-u1" value="1"\s+checked', html)
    batch.refresh_from_db()
    assert batch.unit_overrides == {} and "党校" not in Unit.objects.get(code="yjs").aliases
    del form["alias-u1"]
    assert client.post(f"/imports/{batch.pk}/", form).status_code == 302  # as a co-unit it may be chosen


def test_a_box_ticked_before_its_unit_is_chosen_stays_ticked(client_as):
    client = client_as("bgs-staff")
    client.post("/imports/", {"file": upload(ledger(UNKNOWN))})
    batch = ImportBatch.objects.get()
    mapping = {f"map-{col}": field for col, field in batch.mapping.items()}
    form = {**mapping, "mention-u1": "人才工作领导小组", "unit-u1": "", "alias-u1": "1"}
    page = client.post(f"/imports/{batch.pk}/", form, HTTP_HX_REQUEST="true")
    assert page.status_code == 200 and re.search(
        r'name="alias-u1" value="1"\s+checked', page.content.decode()
    )
    assert "人才工作领导小组" not in Unit.objects.get(code="rc").aliases


def test_only_rows_under_another_are_indented_in_the_preview(client_as):
    client = client_as("gb1-staff")
    flat = [[n, f"第{n}项工作", "干部一科", "", "", "", "2099.6.30", "", ""] for n in (1, 2)]
    html = client.get(client.post("/imports/", {"file": upload(ledger(flat))})["Location"]).content.decode()
    assert "ls-title ls-level-3" in html and "ls-nested" not in html
    nested = client.post("/imports/", {"file": upload(ledger())})["Location"]
    html = client.get(nested).content.decode()
    assert 'ls-title ls-level-1"' in html  # 一、干部队伍建设 heads the ledger
    assert "ls-title ls-level-3 ls-nested" in html


def test_the_preview_says_which_cadence_cell_it_cannot_read_and_still_offers_the_import(client_as):
    client = client_as("bgs-staff")
    client.post("/imports/", {"file": upload(unread_cadence())})
    batch = ImportBatch.objects.get()
    html = client.get(f"/imports/{batch.pk}/").content.decode()
    assert re.search(r"第\d+行I列反馈周期“看情况”无法识别，应为每周、每月、每季度这样的周期", html)
    assert html.count("ls-cell-warn") == 1 and "1 行有提示，可导入" in html
    offered = (
        '<button class="btn btn-primary" type="submit"><i class="bi bi-box-arrow-in-down"></i> 导入为任务'
    )
    assert offered in html
    assert not Task.objects.exists()


def test_each_row_says_which_cadence_it_will_keep(client_as):
    client = client_as("bgs-staff")
    client.post("/imports/", {"file": upload(unread_cadence())})
    html = client.get(f"/imports/{ImportBatch.objects.get().pk}/").content.decode()
    assert "→ 每周五报送（未写明，按默认）" in html  # 看情况 names none: the default is kept
    assert "→ 每月25日前报送" in html
    client.post("/imports/", {"file": upload(ledger())})  # no 反馈周期 column: said under 完成时限
    html = client.get(f"/imports/{ImportBatch.objects.latest('pk').pk}/").content.decode()
    assert html.count("→ 每周五报送（未写明，按默认）") > 1


def test_the_preview_names_the_columns_it_does_not_read(client_as):
    client = client_as("bgs-staff")
    header = [*HEADER[:-1], "责任科长"]  # a name of no field
    client.post("/imports/", {"file": upload(ledger(ROWS, header))})
    html = client.get(f"/imports/{ImportBatch.objects.get().pk}/").content.decode()
    assert "未读取的列：I列（责任科长），其内容不导入" in html
    client.post("/imports/", {"file": upload(ledger())})
    html = client.get(f"/imports/{ImportBatch.objects.latest('pk').pk}/").content.decode()
    assert "未读取的列" not in html


def test_the_closest_unit_is_offered_as_one_button_that_names_it(client_as):
    client = client_as("bgs-staff")
    location = client.post("/imports/", {"file": upload(ledger(UNKNOWN))})["Location"]
    html = client.get(location).content.decode()
    assert 'name="unit-u1" value="人才工作科"' in html and "采用“人才工作科”" in html
    batch = ImportBatch.objects.get()
    mapping = {f"map-{col}": field for col, field in batch.mapping.items()}
    # without htmx the form sends the empty box and then the button: the button's unit is taken
    client.post(location, {**mapping, "mention-u1": "人才工作领导小组", "unit-u1": ["", "人才工作科"]})
    batch.refresh_from_db()
    assert list(batch.unit_overrides) == ["人才工作领导小组"] and not Task.objects.exists()


def test_a_guessed_unit_is_changed_in_the_preview_to_one_the_clerk_may_assign_and_kept_until_imported(
    client_as,
):
    from tests.factories import UnitFactory

    section = UnitFactory(parent=Unit.objects.get(code="qhx"), name="清河县委组织部组织股")
    rows = [[1, "开展年轻干部调研", "组织部（牵头）", "", "", "", "2099年6月底前", "", ""]]
    client = client_as("qhx-head")
    page = client.get(client.post("/imports/", {"file": upload(ledger(rows))})["Location"]).content.decode()
    assert 'name="unit-g1"' in page and "清河县委组织部（系统推测，匹配度90%）" in page
    # a guess asks to be checked, not named: nothing to type, nothing to make an alias of
    card = page.split('data-testid="units-card"')[1].split("</p>")[0]
    assert "请核对单位" in card and "对的不用改" in card and "输入" not in card and "别名" not in card
    choices = page.split('<datalist id="assignable-list">')[1].split("</datalist>")[0]
    assert 'list="assignable-list" name="unit-g1"' in page
    assert f'<option value="{section.name}">' in choices and "干部一科" not in choices  # his part of the tree
    batch = ImportBatch.objects.get()
    mapping = {f"map-{col}": field for col, field in batch.mapping.items()}
    kept = client.post(f"/imports/{batch.pk}/", {**mapping, "mention-g1": "组织部", "unit-g1": ""})
    batch.refresh_from_db()
    assert kept.status_code == 302 and batch.unit_overrides == {}  # the guess left as it is, not confirmed
    changed = client.post(
        f"/imports/{batch.pk}/",
        {**mapping, "mention-g1": "组织部", "unit-g1": section.name},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert f"→ {section.name}" in changed and "系统推测" not in changed and "匹配度" not in changed
    batch.refresh_from_db()
    assert batch.unit_overrides == {"组织部": section.pk} and not Task.objects.exists()  # nothing written yet
    assert client.post(f"/imports/{batch.pk}/commit/").status_code == 302
    assert Task.objects.get().lead_unit == section


def test_a_guessed_unit_is_offered_the_units_one_may_assign_read_within_that_reach(user):
    """The database keeps to the reach and gives the name and the path only: a county's staff member
    does not read a province's every unit to be offered one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from luoshi.imports.views import _assignable

    staff = user("gb1-staff")
    with CaptureQueriesContext(connection) as queries:
        offered = _assignable(staff)
    assert offered == [Unit.objects.get(code="gb1").name]
    read = [q["sql"] for q in queries.captured_queries if 'FROM "org_unit"' in q["sql"]][-1]
    assert '"org_unit"."aliases"' not in read and '"org_unit"."id" IN' in read


@pytest.mark.parametrize("co", [False, True])
def test_the_units_a_guess_may_be_changed_to_are_listed_once_a_page(client_as, monkeypatch, co):
    """A head may assign to every unit: each guessed name offering the whole tree again would grow the
    page by the tree per name. One list serves the page; a guessed name adds its row, not the tree."""
    from luoshi.imports import views

    client = client_as("head")
    location = client.post("/imports/", {"file": upload(ledger())})["Location"]
    client.get(location)  # what the first view of a batch reads once
    preview = views.services.preview

    def guessing(count):
        def fake(batch, actor):
            body = preview(batch, actor=actor)
            body["guessed_units"] = [
                {
                    "mention": f"组织部{n}",
                    "unit_name": "江城市委组织部",
                    "confidence": 0.9,
                    "rows": [n],
                    "co": co,
                }
                for n in range(1, count + 1)
            ]
            return body

        monkeypatch.setattr(views.services, "preview", fake)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(location).content.decode()
        return page, len(queries)

    (one, one_queries), (many, many_queries) = guessing(1), guessing(21)
    assert 'name="unit-g21"' in many and many.count("（系统推测，匹配度90%）") == 21
    assert one.count("清河县委组织部") == many.count("清河县委组织部")  # the tree, once
    assert many_queries == one_queries
    assert len(many) - len(one) < 20 * 1500
