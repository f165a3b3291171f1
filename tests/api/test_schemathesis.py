"""Schemathesis over the whole OpenAPI schema, in process through the WSGI app, as a section's staff member
and as the head: no answer is a server error and every answer matches the schema."""

import datetime as dt

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from luoshi.accounts.services import issue_token
from luoshi.assessment import services as assessment
from luoshi.assessment.defaults import standard_indicators
from luoshi.org.models import Person, Unit
from luoshi.tasks import services

CHECKS = [not_a_server_error, response_schema_conformance]

# The document /api/v1/schema/ serves (test_generated_client.py reads it over HTTP); built here at collection,
# since schemathesis turns each operation into a test of its own.
schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))


@pytest.fixture
def work(user):
    """A task of 干部一科 with an undecided extension request: list and detail rows with empty fields."""
    task = services.create_task(
        actor=user("bgs-staff"),
        title="开展年轻干部专题调研",
        lead_unit=Unit.objects.get(code="gb1"),
        due_date=timezone.localdate() + dt.timedelta(days=30),
        leader=Person.objects.get(user__username="deputy1"),
    )
    services.assign(task, actor=user("bgs-staff"))
    services.acknowledge(task, actor=user("gb1-head"))
    services.request_extension(
        task, actor=user("gb1-staff"), new_due_date=task.due_date + dt.timedelta(days=7), reason="需补充调研"
    )
    head = user("head")
    scheme = assessment.create_scheme(
        actor=head,
        year=timezone.localdate().year,
        name="",
        process_weight=40,
        effect_weight=60,
        indicators=standard_indicators([head.person.pk]),
    )
    period = assessment.open_period(scheme, actor=head, kind="month", day=timezone.localdate())
    assessment.compute_period(period, actor=head)


@pytest.fixture(params=["gb1-staff", "head"])
def token(request, demo, work):
    return issue_token(get_user_model().objects.get(username=request.param))


@pytest.fixture
def wsgi_app():
    """The production WSGI app, kept from closing the test's database connection around each request
    (as Django's test client does)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield get_wsgi_application()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=5, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)
def test_every_operation_answers_as_documented(case, token, wsgi_app):
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS, app=wsgi_app)


def test_the_token_endpoint_documents_its_refusals():
    responses = schema.raw_schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]
    assert {"200", "400", "403"} <= set(responses)
