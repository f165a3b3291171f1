"""The ledger's selection: checkboxes, the three buttons, and what each does through the services."""

import io

from openpyxl import load_workbook

from luoshi.notify.models import Notification
from luoshi.tasks.models import Task


def test_the_ledger_offers_a_checkbox_per_row_and_the_buttons(client_as, make_task):
    task = make_task(acknowledge=True)
    page = client_as("deputy1").get("/tasks/").content.decode()
    assert f'name="task" value="{task.pk}" form="selection"' in page
    assert 'value="urge"' in page and 'value="assign"' in page and 'value="export"' in page
    assert "selection.js" in page and "<script>" not in page


def test_a_clerk_who_may_not_assign_or_urge_sees_only_the_export(client_as, make_task):
    make_task(acknowledge=True)
    page = client_as("gb1-staff").get("/tasks/").content.decode()
    assert 'value="export"' in page and "勾选任务后可批量导出" in page
    assert 'value="urge"' not in page and 'value="assign"' not in page and "催办留言" not in page


def test_the_creator_of_a_draft_may_assign_it_from_the_ledger(client_as, make_task):
    make_task()
    page = client_as("bgs-staff").get("/tasks/").content.decode()
    assert 'value="assign"' in page


def test_urge_the_selection_and_go_back_to_the_same_page(client_as, make_task):
    tasks = [make_task(acknowledge=True, title=f"任务{n}") for n in range(2)]
    response = client_as("deputy1").post(
        "/tasks/selected/",
        {"do": "urge", "task": [t.pk for t in tasks], "message": "请加快进度", "next": "/tasks/?light=red"},
    )
    assert response.status_code == 302 and response["Location"] == "/tasks/?light=red"
    assert Notification.objects.filter(kind="urged", body__contains="请加快进度").count() == 2


def test_a_refused_batch_says_why_and_changes_nothing(client_as, make_task):
    draft, assigned = make_task(title="草稿"), make_task(assign=True, title="已交办")
    client = client_as("bgs-staff")
    response = client.post("/tasks/selected/", {"do": "assign", "task": [draft.pk, assigned.pk]}, follow=True)
    assert "《已交办》" in response.content.decode()
    assert Task.objects.get(pk=draft.pk).status == "draft"


def test_export_the_selection_holds_only_the_selected_visible_rows(client_as, make_task):
    mine = [make_task(acknowledge=True, title=f"本科任务{n}") for n in range(3)]
    theirs = make_task(acknowledge=True, lead="gb2", title="他科任务")
    response = client_as("gb1-head").post(
        "/tasks/selected/", {"do": "export", "task": [mine[0].pk, mine[2].pk, theirs.pk]}
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    text = [cell for row in sheet.iter_rows(values_only=True) for cell in row if isinstance(cell, str)]
    assert "本科任务0" in text and "本科任务2" in text
    assert "本科任务1" not in text and "他科任务" not in text


def test_an_offsite_next_goes_to_the_ledger(client_as, make_task):
    task = make_task(acknowledge=True)
    response = client_as("deputy1").post(
        "/tasks/selected/", {"do": "urge", "task": [task.pk], "next": "https://evil.example/"}
    )
    assert response["Location"] == "/tasks/"


def test_the_task_page_urges_by_hand(client_as, make_task):
    task = make_task(acknowledge=True)
    client = client_as("deputy1")
    assert 'id="urge-message"' in client.get(f"/tasks/{task.pk}/").content.decode()
    assert 'id="urge-message"' not in client_as("gb1-staff").get(f"/tasks/{task.pk}/").content.decode()
    client.post(f"/tasks/{task.pk}/do/urge/", {"message": "请本周报送", "form_key": "k-urge"})
    assert Notification.objects.filter(kind="urged", task=task).exists()
