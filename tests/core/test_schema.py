"""The schema says what the API answers: blank and null where a field gives them, the refusals of every
operation, the filters an operation reads and the shape of lists that are not paged."""

import pytest
from drf_spectacular.generators import SchemaGenerator

METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def properties(schema, component):
    return schema["components"]["schemas"][component]["properties"]


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def test_a_read_only_choice_of_a_blank_model_field_may_answer_blank(schema):
    for component, field in (("Indicator", "aspect"), ("Accountability", "decision")):
        choices = properties(schema, component)[field]["oneOf"]
        assert {"$ref": "#/components/schemas/BlankEnum"} in choices, (component, field)
    assert schema["components"]["schemas"]["BlankEnum"]["enum"] == [""]


def test_a_read_only_field_that_falls_back_to_none_is_nullable(schema):
    for component in ("Problem", "ProblemDetail"):
        for field in ("common_title", "category_name", "responsible_unit_name", "leader_name"):
            assert properties(schema, component)[field]["nullable"] is True, (component, field)


def test_every_operation_documents_the_refusals_of_its_kind(schema):
    for path, method, operation in operations(schema):
        responses = set(operation["responses"])
        if path == "/api/v1/auth/token/":
            continue
        assert {"401", "403"} <= responses, (method, path)
        names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
        if "{" in path or "page" in names:
            assert "404" in responses, (method, path)
        if method != "get":
            assert {"400", "409"} <= responses, (method, path)
        assert operation["responses"]["403"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }


def test_only_a_list_documents_its_viewsets_filters(schema):
    for path in ("/api/v1/tasks/{id}/feedback/", "/api/v1/tasks/{id}/history/", "/api/v1/tasks/{id}/parts/"):
        names = {p["name"] for p in schema["paths"][path]["get"].get("parameters", [])}
        assert not names & {"status", "lead_unit", "ordering"}, path
    requirements = schema["paths"]["/api/v1/directives/{id}/requirements/"]["get"]
    assert "kind" not in {p["name"] for p in requirements["parameters"]}
    assert "status" in {p["name"] for p in schema["paths"]["/api/v1/tasks/"]["get"]["parameters"]}


def test_a_choice_filter_takes_blank_for_not_filtered(schema):
    [recheck_due] = [
        p for p in schema["paths"]["/api/v1/problems/"]["get"]["parameters"] if p["name"] == "recheck_due"
    ]
    assert set(recheck_due["schema"]["enum"]) == {"true", "false", ""}


def body(schema, path, method, status):
    return schema["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]


def test_lists_that_are_not_paged_are_not_documented_as_pages(schema):
    parts = body(schema, "/api/v1/tasks/{id}/parts/", "get", "200")
    assert set(properties(schema, parts["$ref"].rsplit("/", 1)[1])) == {"results", "may_report"}
    assert body(schema, "/api/v1/campaigns/{id}/checklist/", "get", "200")["type"] == "array"
    assert body(schema, "/api/v1/directives/{id}/assign/", "post", "201")["type"] == "array"
