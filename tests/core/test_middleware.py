"""A body announced larger than the limit is refused unread: a Chinese 413, JSON under /api/. A GET of an
action's address leads to the page it belongs to; another refused method is a Chinese 405 page."""

import io
import json

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from luoshi.core.middleware import RequestSizeMiddleware, page_above
from luoshi.tasks.models import Task


class Unreadable(io.RawIOBase):
    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def refused(path, content_type, length):
    request = RequestFactory().generic("POST", path, b"x", content_type=content_type)
    request.META.update({"CONTENT_LENGTH": str(length), "wsgi.input": Unreadable()})
    return RequestSizeMiddleware(lambda r: HttpResponse("passed"))(request)


@pytest.mark.parametrize(
    "content_type, length",
    [("application/json", 10 * 1024 * 1024 + 1), ("multipart/form-data; boundary=x", 52 * 1024 * 1024)],
)
def test_an_api_body_over_the_limit_is_a_json_413_before_it_is_read(db, content_type, length):
    response = refused("/api/v1/tasks/", content_type, length)
    assert response.status_code == 413 and response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert body["code"] == "request_too_big" and "一次上传的文件合计不超过50MB" in body["detail"]


def test_a_page_body_over_the_limit_is_a_chinese_413_page(db):
    response = refused("/tasks/new/", "application/x-www-form-urlencoded", 10 * 1024 * 1024 + 1)
    assert response.status_code == 413 and "请求内容过大" in response.content.decode()


@pytest.mark.parametrize(
    ("path", "json_answer"), [("/api/v1/tasks/7/feedback/", True), ("/tasks/7/feedback/", False)]
)
def test_a_chunked_body_is_a_chinese_411_not_read_as_empty(db, path, json_answer):
    request = RequestFactory().generic("POST", path, b"x", content_type="multipart/form-data; boundary=x")
    request.META.update({"HTTP_TRANSFER_ENCODING": "chunked", "wsgi.input": Unreadable()})
    del request.META["CONTENT_LENGTH"]
    response = RequestSizeMiddleware(lambda r: HttpResponse("passed"))(request)
    assert response.status_code == 411 and "不支持分块传输" in response.content.decode()
    assert response["Content-Type"].startswith("application/json") == json_answer


def test_an_upload_within_the_limit_passes(db):
    assert refused("/api/v1/tasks/", "multipart/form-data; boundary=x", 50 * 1024 * 1024).content == b"passed"


def test_a_ten_megabyte_json_body_through_the_whole_stack_is_a_json_413(api_as):
    body = json.dumps({"title": "x" * (10 * 1024 * 1024)})
    response = api_as("gb1-head").post("/api/v1/tasks/", body, content_type="application/json")
    assert response.status_code == 413 and response.json()["code"] == "request_too_big"
    assert not Task.objects.exists()


def test_a_page_above_is_the_nearest_shorter_path_that_names_a_page(db):
    assert page_above("/tasks/29/do/request_extension/") == "/tasks/29/"
    assert page_above("/directives/4/decide/") == "/directives/4/"
    assert page_above("/imports/2/commit/") == "/imports/2/"
    assert page_above("/tasks/extensions/5/approve/") == "/tasks/"
    assert page_above("/accounts/logout/") == "/"


def test_a_reloaded_action_address_opens_its_task_page_with_a_note(client_as):
    client = client_as("gb1-head")
    response = client.get("/tasks/29/do/request_extension/", follow=True)
    assert response.redirect_chain == [("/tasks/29/", 302)]
    # The task does not exist in this database: the page's own 404, in Chinese, not a bare 405.
    assert response.status_code == 404 and "这个地址只用于提交操作" in response.content.decode()


def test_a_get_of_an_action_that_leads_to_another_action_ends_on_a_page(client_as):
    response = client_as("head").get("/tasks/extensions/5/approve/", follow=True)
    assert response.status_code == 200 and response.redirect_chain[-1][0] == "/tasks/"
    assert "这个地址只用于提交操作" in response.content.decode()


def test_another_refused_method_is_a_chinese_page_with_the_way_back(client_as):
    response = client_as("gb1-head").put("/directives/4/decide/")
    page = response.content.decode()
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert "这个地址不接受这种请求" in page and 'href="/directives/4/"' in page


def test_the_api_keeps_its_json_405(api_as):
    response = api_as("gb1-head").get("/api/v1/tasks/1/acknowledge/")
    assert response.status_code == 405 and response["Content-Type"].startswith("application/json")
