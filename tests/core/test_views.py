"""Crafted input never answers 500; under /api/ each error is JSON with a Chinese detail, elsewhere a page."""

import json

import pytest
from django.test import Client, RequestFactory

from luoshi.core import views
from luoshi.tasks.models import Task

MAX_ID_PLUS_ONE = "9223372036854775808"


def chinese(text):
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def assert_api_error(response, status, code):
    assert response.status_code == status and response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert body["code"] == code and chinese(body["detail"]), body
    return body


@pytest.mark.parametrize(
    "url", ["/api/v1/tasks/?page=922337203685477580", "/api/v1/tasks/?is_key=false&page=922337203685477580"]
)
def test_a_page_past_any_list_is_a_json_404(api_as, url):
    assert_api_error(api_as("gb1-head").get(url), 404, "not_found")


@pytest.mark.parametrize(
    "query",
    [
        "lead_unit=99999999999999999999",
        f"owner={MAX_ID_PLUS_ONE}",
        "leader=-1.79e+177",
        "parent=1e400",
        "directive=0",
    ],
)
def test_an_id_out_of_range_in_a_task_filter_is_a_json_400(api_as, query):
    body = assert_api_error(api_as("gb1-head").get(f"/api/v1/tasks/?{query}"), 400, "invalid")
    assert query.split("=")[0] in body["errors"]


@pytest.mark.parametrize("value", ["-1.79e+177", "99999999999999999999"])
def test_an_id_out_of_range_in_the_extension_filter_is_a_json_400(api_as, value):
    assert_api_error(api_as("gb1-head").get(f"/api/v1/extensions/?task={value}"), 400, "invalid")


@pytest.mark.parametrize(
    "query",
    [
        "page=922337203685477580",
        "lead_unit=99999999999999999999",
        "owner=-1.79e+177",
        "lead_unit=99999999999999999999&page=922337203685477580",
    ],
)
def test_the_ledger_answers_crafted_filters_with_a_page(client_as, query):
    response = client_as("gb1-head").get(f"/tasks/?{query}")
    assert response.status_code == 200
    if "page=" not in query:
        assert "筛选条件有误" in response.content.decode()


def test_a_json_body_nested_too_deep_is_a_json_400_and_creates_nothing(api_as, demo):
    depth = 100_000
    body = '{"title": ' + "[" * depth + "]" * depth + "}"
    before = Task.objects.count()
    response = api_as("gb1-head").post("/api/v1/tasks/", body, content_type="application/json")
    assert assert_api_error(response, 400, "parse_error")["detail"] == "请求内容嵌套过深，无法解析"
    assert Task.objects.count() == before


@pytest.mark.parametrize(
    "body",
    [
        '{"title": "x", "lead_unit": 1e400}',
        '{"title": "x", "lead_unit": -1.79e+999}',
        '{"title": "x", "lead_unit": NaN}',
        '{"title": "x", "weight": Infinity}',
    ],
)
def test_a_number_no_float_holds_is_a_json_400_and_creates_nothing(api_as, demo, body):
    response = api_as("gb1-head").post("/api/v1/tasks/", body, content_type="application/json")
    assert assert_api_error(response, 400, "parse_error")["detail"] == "请求内容无法解析，请检查JSON格式"
    assert not Task.objects.filter(title="x").exists()


def test_a_float_where_an_id_is_expected_is_a_json_400(api_as, demo):
    response = api_as("gb1-head").post(
        "/api/v1/tasks/", {"title": "x", "lead_unit": -1.79e177}, format="json"
    )
    assert assert_api_error(response, 400, "invalid")["errors"]["lead_unit"]
    assert not Task.objects.filter(title="x").exists()


@pytest.mark.parametrize("method", ["get", "post", "put", "delete"])
def test_an_unrouted_api_path_is_a_json_404_even_without_a_csrf_token(demo, method):
    client = Client(enforce_csrf_checks=True)
    for path in ("/api/v1/nothing-here/", "/api/v2/tasks/", "/api/"):
        assert_api_error(getattr(client, method)(path), 404, "not_found")


def test_a_form_posted_without_its_csrf_token_is_refused_in_chinese(demo):
    from django.contrib.auth import get_user_model

    client = Client(enforce_csrf_checks=True)
    client.force_login(get_user_model().objects.get(username="gb1-head"))
    response = client.post("/tasks/new/", {"title": "x"})
    assert response.status_code == 403 and "安全校验（CSRF）" in response.content.decode()
    assert not Task.objects.filter(title="x").exists()


@pytest.mark.parametrize(
    "handler, status, code",
    [
        (lambda r: views.bad_request(r, ValueError()), 400, "bad_request"),
        (lambda r: views.permission_denied(r, None), 403, "permission_denied"),
        (lambda r: views.page_not_found(r, None), 404, "not_found"),
        (views.server_error, 500, "server_error"),
    ],
)
def test_djangos_error_handlers_answer_json_under_api_and_a_page_elsewhere(demo, handler, status, code):
    assert_api_error(handler(RequestFactory().get("/api/v1/tasks/")), status, code)
    page = handler(RequestFactory().get("/tasks/"))
    assert page.status_code == status and page["Content-Type"].startswith("text/html")
    assert chinese(page.content.decode())


def test_an_error_escaping_an_api_view_is_a_json_500(api_as, monkeypatch):
    from luoshi.tasks import api

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(api.TaskViewSet, "list", boom)
    client = api_as("gb1-head")
    client.raise_request_exception = False
    assert_api_error(client.get("/api/v1/tasks/"), 500, "server_error")


SUPERSCRIPT_TWO = "%C2%B2"  # ², which str.isdigit takes and int refuses


@pytest.mark.parametrize(
    "url",
    [
        f"/tasks/?under={SUPERSCRIPT_TWO}",
        f"/tasks/?lead_unit={SUPERSCRIPT_TWO}",
        f"/tasks/?directive={SUPERSCRIPT_TWO}",
        f"/tasks/print/?under={SUPERSCRIPT_TWO}",
        f"/tasks/export.xlsx?under={SUPERSCRIPT_TWO}",
        f"/tasks/overview/?unit={SUPERSCRIPT_TWO}",
        f"/tasks/new/?parent={SUPERSCRIPT_TWO}",
        f"/org/pick/people/?reach=assign&lead_unit={SUPERSCRIPT_TWO}&q=a",
        f"/training/?year={SUPERSCRIPT_TWO}",
    ],
)
def test_the_attack_a_digit_int_refuses_in_an_address_is_no_500(client_as, url):
    assert client_as("head").get(url).status_code in (200, 302, 404)


@pytest.mark.parametrize("query", [f"under={SUPERSCRIPT_TWO}", f"lead_unit={SUPERSCRIPT_TWO}"])
def test_the_attack_a_digit_int_refuses_in_an_api_filter_is_a_json_400(api_as, query):
    assert_api_error(api_as("head").get(f"/api/v1/tasks/?{query}"), 400, "invalid")


@pytest.mark.parametrize("owner", ["²", MAX_ID_PLUS_ONE])
def test_the_attack_an_id_no_row_can_have_in_a_picker_is_refused_in_chinese(client_as, demo, owner):
    response = client_as("gb1-head").post(
        "/tasks/new/", {"title": "核查", "lead_unit": demo["gb1"], "owner": owner, "due_date": "2099-01-01"}
    )
    assert response.status_code == 400 and "请从搜索结果中选择" in response.content.decode()
    assert not Task.objects.filter(title="核查").exists()
