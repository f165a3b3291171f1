"""Organization API: units, people, me — per role, with docs/api.md's formats."""

import pytest
from rest_framework.test import APIClient

from tests.conftest import ROLE_ACCOUNTS

BUSINESS = {"staff", "section_head", "deputy", "head", "inspector"}
ENDPOINTS = {
    "/api/v1/units/": BUSINESS,
    "/api/v1/people/": BUSINESS,
    "/api/v1/me/": set(ROLE_ACCOUNTS),
    "/api/v1/schema/": set(ROLE_ACCOUNTS),
    "/api/v1/docs/": set(ROLE_ACCOUNTS),
    "/api/v1/units/{gb1}/": BUSINESS,
}


@pytest.mark.parametrize("template", ENDPOINTS)
@pytest.mark.parametrize("role", sorted(ROLE_ACCOUNTS))
def test_endpoint_permissions(api_as, demo, template, role):
    response = api_as(ROLE_ACCOUNTS[role]).get(template.format(gb1=demo["gb1"]))
    assert response.status_code == (200 if role in ENDPOINTS[template] else 403), (template, role)
    if response.status_code == 403:
        assert response.json() == {"detail": "管理员账号不能访问业务数据", "code": "permission_denied"}


@pytest.mark.parametrize("template", [e for e in ENDPOINTS if e != "/api/v1/docs/"])
def test_anonymous_gets_401_in_chinese(demo, template):
    response = APIClient().get(template.format(gb1=demo["gb1"]), HTTP_ACCEPT="application/json")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_units_follow_the_contract(api_as, demo):
    data = api_as("head").get("/api/v1/units/", {"kind": "section", "page_size": 5}).json()
    assert set(data) == {"count", "next", "previous", "results"}
    assert data["count"] == 10 and len(data["results"]) == 5 and data["next"]
    gb1 = api_as("head").get(f"/api/v1/units/{demo['gb1']}/").json()
    assert {"id", "code", "name", "short_name", "aliases", "kind", "parent", "leaders"} <= set(gb1)
    assert gb1["aliases"] == ["一科", "干部科", "干部一处"] and len(gb1["leaders"]) == 1
    assert "年轻干部" in gb1["duties"]


def test_units_search_by_alias(api_as, demo):
    results = api_as("head").get("/api/v1/units/", {"q": "党建"}).json()["results"]
    assert [u["code"] for u in results] == ["jcdj"]


def test_people_have_roles(api_as, demo):
    results = api_as("gb1-staff").get("/api/v1/people/", {"unit": demo["gb1"]}).json()["results"]
    assert {p["username"]: p["roles"] for p in results}["gb1-head"] == ["section_head"]


def test_page_size_is_capped_at_200(api_as, demo):
    assert api_as("head").get("/api/v1/units/", {"page_size": 1000}).status_code == 200


def test_me_tells_roles_and_visible_units(api_as, demo):
    me = api_as("deputy1").get("/api/v1/me/").json()
    assert me["roles"] == ["deputy"]
    assert sorted(me["visible_units"]) == sorted([demo[c] for c in ("swzzb", "bgs", "gb1", "gb2")])
    assert sorted(me["oversees"]) == sorted([demo[c] for c in ("bgs", "gb1", "gb2")])
    assert api_as("head").get("/api/v1/me/").json()["visible_units"] is None


def test_forged_unit_id_is_a_404_in_chinese(api_as, demo):
    response = api_as("head").get("/api/v1/units/999999/")
    assert response.status_code == 404 and response.json() == {
        "detail": "对象不存在或您无权访问",
        "code": "not_found",
    }


@pytest.mark.parametrize("path", ["/api/v1/units/", "/api/v1/people/"])
def test_list_endpoints_run_a_constant_number_of_queries(api_as, demo, path, django_assert_max_num_queries):
    client = api_as("head")
    with django_assert_max_num_queries(8):
        small = client.get(path, {"page_size": 2})
    with django_assert_max_num_queries(8):
        large = client.get(path, {"page_size": 200})
    assert len(large.json()["results"]) > len(small.json()["results"])


def test_schema_describes_the_token_endpoint(api_as, demo):
    schema = api_as("head").get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    assert "/api/v1/auth/token/" in schema["paths"] and "/api/v1/units/" in schema["paths"]


def test_docs_page_is_self_hosted(api_as, demo):
    page = api_as("head").get("/api/v1/docs/", HTTP_ACCEPT="text/html").content.decode()
    assert "swagger-ui" in page and "cdn" not in page.lower()
