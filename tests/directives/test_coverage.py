"""对标对表: every requirement with its tasks, lights and progress, what is not covered, rolled up from the
directives that answer an upper-level one, and the same matrix in Excel."""

import datetime as dt
import io

import openpyxl
import pytest

from luoshi.core.errors import InvalidInput
from luoshi.directives import acceptance, services
from luoshi.directives.coverage import coverage, export_rows


@pytest.fixture
def upper_and_own(user):
    clerk = user("bgs-staff")
    upper, _ = services.enter_directive(
        actor=clerk,
        title="全省组织部长会议精神",
        level="provincial",
        text="各地要在明年6月底前完成年轻干部专题调研。",
        issued_on=dt.date(2026, 11, 1),
    )
    own, _ = services.enter_directive(
        actor=clerk,
        title="部长在务虚会上的讲话",
        issued_on=dt.date(2026, 11, 20),
        text="一、干部一科要在明年6月底前完成年轻干部专题调研。二、干部二科要在明年3月底前完善考核办法。"
        "三、组织一科要在明年5月底前完成党员排查。",
    )
    services.set_answers(own, actor=clerk, uppers=[upper])
    first, second, _ = own.requirements.order_by("start")
    acceptance.accept_requirements([(first, {})], actor=clerk)
    acceptance.reject_requirement(second, actor=clerk, reason="已有安排")
    return upper, own


def test_the_matrix_rolls_up_through_the_answering_directive(upper_and_own, user):
    upper, own = upper_and_own
    matrix = coverage(upper, user("head"))
    assert [row.directive for row in matrix.rows] == [upper, own, own, own]
    assert matrix.totals == {
        "requirements": 4,
        "with_tasks": 1,
        "rejected": 1,
        "uncovered": 2,
        "tasks": 1,
        "red": 0,
    }
    (task,) = matrix.rows[1].tasks
    assert task.light_word == "绿" and task.progress == 0
    assert coverage(own, user("head")).totals["requirements"] == 3


def test_a_directive_cannot_answer_itself_or_one_that_answers_it(upper_and_own, user):
    upper, own = upper_and_own
    with pytest.raises(InvalidInput, match="不能互相落实"):
        services.set_answers(upper, actor=user("bgs-staff"), uppers=[own])
    with pytest.raises(InvalidInput, match="不能落实自己"):
        services.set_answers(own, actor=user("bgs-staff"), uppers=[own])


def test_the_page_and_its_excel(upper_and_own, client_as):
    upper, _ = upper_and_own
    client = client_as("deputy1")
    page = client.get(f"/directives/{upper.pk}/coverage/").content.decode()
    assert (
        page.count('data-testid="coverage-row"') == 4
        and "2 条未覆盖" in page
        and "部长在务虚会上的讲话" in page
    )
    response = client.get(f"/directives/{upper.pk}/coverage/?format=xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert ws["A1"].value == "全省组织部长会议精神对标对表" and ws["A3"].value == "序号"
    assert [ws.cell(r, 4).value for r in range(4, ws.max_row + 1)] == [
        "未覆盖",
        "已转任务",
        "不作为任务",
        "未覆盖",
    ]


def test_answers_through_the_api(upper_and_own, api_as):
    upper, own = upper_and_own
    client = api_as("bgs-staff")
    assert client.put(f"/api/v1/directives/{own.pk}/answers/", {"answers": []}, format="json").json() == {
        "answers": []
    }
    response = client.put(f"/api/v1/directives/{own.pk}/answers/", {"answers": [upper.pk]}, format="json")
    assert response.status_code == 200 and response.json() == {"answers": [upper.pk]}
    loop = client.put(f"/api/v1/directives/{upper.pk}/answers/", {"answers": [own.pk]}, format="json")
    assert loop.status_code == 400 and loop.json()["code"] == "answers_loop"
    assert (
        client.put(f"/api/v1/directives/{own.pk}/answers/", {"answers": [999999]}, format="json").json()[
            "code"
        ]
        == "unknown_directive"
    )


def test_a_requirement_answers_an_upper_requirement_and_covers_it(upper_and_own, user):
    upper, own = upper_and_own
    (above,) = upper.requirements.all()
    first, _, _ = own.requirements.order_by("start")
    services.set_requirement_answers(first, actor=user("bgs-staff"), uppers=[above])
    assert list(first.answers.all()) == [above]
    assert first.history.first().history_change_reason.startswith("落实的上级要求")
    matrix = coverage(upper, user("head"))
    assert matrix.rows[0].covered and [a.requirement for a in matrix.rows[0].answering] == [first]
    assert matrix.totals["uncovered"] == 1


def test_requirement_answers_are_refused_outside_the_answered_directives(upper_and_own, user):
    upper, own = upper_and_own
    first, second, _ = own.requirements.order_by("start")
    clerk = user("bgs-staff")
    with pytest.raises(InvalidInput, match="不能落实自己"):
        services.set_requirement_answers(first, actor=clerk, uppers=[first])
    with pytest.raises(InvalidInput, match="不属于本文件落实的上级部署"):
        services.set_requirement_answers(first, actor=clerk, uppers=[second])
    (above,) = upper.requirements.all()
    with pytest.raises(InvalidInput, match="不属于本文件落实的上级部署"):
        services.set_requirement_answers(above, actor=clerk, uppers=[first])
    assert not first.answers.exists() and not above.answers.exists()


def test_requirement_answers_on_the_page_and_in_the_excel(upper_and_own, client_as):
    upper, own = upper_and_own
    (above,) = upper.requirements.all()
    first = own.requirements.order_by("start").first()
    client = client_as("bgs-staff")
    page = client.get(f"/directives/{upper.pk}/coverage/").content.decode()
    assert page.count('data-testid="requirement-answers"') == 3
    client.post(f"/directives/{upper.pk}/coverage/", {"requirement": first.pk, "answers": [above.pk]})
    assert list(first.answers.all()) == [above]
    page = client.get(f"/directives/{upper.pk}/coverage/").content.decode()
    assert "由下级要求落实" in page and "1 条未覆盖" in page and 'data-testid="answering"' in page
    ws = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/directives/{upper.pk}/coverage/?format=xlsx").content)
    ).active
    assert ws.cell(4, 4).value == "由下级要求落实" and ws.cell(4, 5).value.startswith("一、干部一科")


def test_requirement_answers_through_the_api(upper_and_own, api_as):
    upper, own = upper_and_own
    (above,) = upper.requirements.all()
    first = own.requirements.order_by("start").first()
    client = api_as("bgs-staff")
    response = client.put(f"/api/v1/requirements/{first.pk}/answers/", {"answers": [above.pk]}, format="json")
    assert response.status_code == 200 and response.json() == {"answers": [above.pk]}
    wrong = client.put(f"/api/v1/requirements/{above.pk}/answers/", {"answers": [first.pk]}, format="json")
    assert wrong.status_code == 400 and wrong.json()["code"] == "answers_outside"
    assert (
        client.put(f"/api/v1/requirements/{first.pk}/answers/", {"answers": [999999]}, format="json").json()[
            "code"
        ]
        == "unknown_requirement"
    )


def test_the_counts_are_the_same_for_every_reader(upper_and_own, user, client_as):
    """A requirement turned into a task is covered whoever reads it; the task itself shows only to those
    who may see it (the row says 已转任务（无权查看）), and the Excel sheet says the same."""
    upper, _ = upper_and_own
    expected = coverage(upper, user("head")).totals
    for reader in ("gb2-staff", "jcq-head"):
        matrix = coverage(upper, user(reader))
        assert matrix.totals == expected, reader
        row = matrix.rows[1]
        assert row.covered and row.hidden_tasks and not row.tasks
        assert export_rows(matrix)[1][3] == "已转任务（无权查看）"
    page = client_as("jcq-head").get(f"/directives/{upper.pk}/coverage/").content.decode()
    assert "2 条未覆盖" in page and "1 条已转任务" in page and "已转任务（无权查看）" in page


def _county_directive(user):
    own, _ = services.enter_directive(
        actor=user("jcq-head"),
        title="江城区落实意见",
        issued_on=dt.date(2026, 12, 1),
        text="一、江城区委组织部要在2027年6月底前开展一次调研。",
    )
    return own


def test_a_link_into_a_directive_one_may_not_change_is_refused(upper_and_own, user, api_as, client_as):
    upper, _ = upper_and_own
    own = _county_directive(user)
    with pytest.raises(InvalidInput, match="全省组织部长会议精神") as refused:
        services.set_answers(own, actor=user("jcq-head"), uppers=[upper])
    assert refused.value.code == "answers_not_accepted" and not own.answers.exists()
    response = api_as("jcq-head").put(
        f"/api/v1/directives/{own.pk}/answers/", {"answers": [upper.pk]}, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == "answers_not_accepted"
    page = client_as("jcq-head").post(f"/directives/{own.pk}/coverage/", {"answers": [upper.pk]}, follow=True)
    assert "由其录入单位及分管领导维护" in page.content.decode() and not own.answers.exists()
    assert coverage(upper, user("head")).totals["requirements"] == 4


def test_who_may_change_the_upper_directive_links_into_it_in_one_step(upper_and_own, user):
    upper, own = upper_and_own
    county = _county_directive(user)
    services.set_answers(county, actor=user("head"), uppers=[upper])
    assert list(county.answers.all()) == [upper]
    # the lower directive's unit may still drop a link it no longer wants
    services.set_answers(county, actor=user("jcq-head"), uppers=[])
    assert not county.answers.exists()
    assert list(own.answers.all()) == [upper]  # the office's own speech, linked by its registrar


@pytest.mark.parametrize("state", ["draft", "cancelled"])
def test_a_lower_requirement_covers_only_through_an_assigned_task(upper_and_own, user, client_as, state):
    from luoshi.tasks import services as task_services

    upper, own = upper_and_own
    (above,) = upper.requirements.all()
    third = own.requirements.order_by("start").last()
    clerk = user("bgs-staff")
    (task,) = acceptance.accept_requirements([(third, {})], actor=clerk, assign=False)
    if state == "cancelled":
        task_services.assign(task, actor=clerk)
        task_services.cancel(task, actor=clerk, reason="不再开展")
    services.set_requirement_answers(third, actor=clerk, uppers=[above])
    matrix = coverage(upper, user("head"))
    # the upper row stays 未覆盖; the lower row itself counts its own task as before
    assert not matrix.rows[0].covered and matrix.totals["uncovered"] == 1
    client = client_as("deputy1")
    page = client.get(f"/directives/{upper.pk}/coverage/").content.decode()
    assert "1 条未覆盖" in page
    ws = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/directives/{upper.pk}/coverage/?format=xlsx").content)
    ).active
    assert ws.cell(4, 4).value == "未覆盖"
