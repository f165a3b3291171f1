"""A body announced larger than the limit is refused unread: a Chinese 413, JSON under /api/."""

import io
import json

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from luoshi.core.middleware import RequestSizeMiddleware
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


def test_an_upload_within_the_limit_passes(db):
    assert refused("/api/v1/tasks/", "multipart/form-data; boundary=x", 50 * 1024 * 1024).content == b"passed"


def test_a_ten_megabyte_json_body_through_the_whole_stack_is_a_json_413(api_as):
    body = json.dumps({"title": "x" * (10 * 1024 * 1024)})
    response = api_as("gb1-head").post("/api/v1/tasks/", body, content_type="application/json")
    assert response.status_code == 413 and response.json()["code"] == "request_too_big"
    assert not Task.objects.exists()
