from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from rest_framework.test import APIClient

from luoshi.demo import load_demo
from luoshi.org.models import Oversight, Person, Unit
from luoshi.tasks import rollup
from luoshi.tasks import services as task_services
from luoshi.tasks.models import Task
from luoshi.workdays import calendar

from .shared_demo import SharedDemo

DEMO_PASSWORD = "luoshi-demo"

# Every role the demo has, by the account that holds it.
ROLE_ACCOUNTS = {
    "staff": "gb1-staff",
    "section_head": "gb1-head",
    "deputy": "deputy1",
    "head": "head",
    "inspector": "inspector",
    "system_admin": "admin",
    "security_admin": "secadmin",
    "audit_admin": "auditor",
}


@pytest.fixture(autouse=True)
def fresh_working_day_calendar():
    """The working-day calendar is cached per process; a test's rolled-back holidays must not leak."""
    calendar.forget()
    yield
    calendar.forget()


shared_demo = SharedDemo()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, and from then on the demo held open across demo tests (tests/shared_demo.py)."""
    shared_demo.blocker = django_db_blocker
    yield
    shared_demo.close()
    shared_demo.blocker = None


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    shared_demo.prepare(item)


@pytest.fixture
def demo(db):
    """The demo organization and accounts, as `luoshi demo` loads them (without the replayed work)."""
    if not shared_demo.open:
        load_demo(with_work=False)
    return {code: unit for code, unit in Unit.objects.values_list("code", "pk")}


@pytest.fixture
def user(demo):
    return lambda username: get_user_model().objects.get(username=username)


@pytest.fixture
def client_as(demo):
    def make(username: str | None) -> Client:
        client = Client()
        if username:
            client.force_login(get_user_model().objects.get(username=username))
        return client

    return make


@pytest.fixture
def api_as(demo):
    def make(username: str | None) -> APIClient:
        client = APIClient()
        if username:
            client.force_authenticate(get_user_model().objects.get(username=username))
        return client

    return make


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def make_task(user, demo, today):
    """A task made by the office (bgs-staff), led by 干部一科 (or ``lead``), in the charge of the deputy who
    oversees that unit (deputy1 for 干部一科). Shared: core's tests take a task as their sample row."""

    def make(assign=False, acknowledge=False, parent=None, lead="gb1", **fields):
        fields.setdefault("due_date", today + dt.timedelta(days=30))
        fields.setdefault("cadence", "weekly:5")
        in_charge = Oversight.objects.filter(unit__code=lead).select_related("leader").first()
        fields.setdefault("leader", in_charge.leader if in_charge else None)
        maker = user("bgs-staff") if parent is None else user(f"{lead}-head")
        task = task_services.create_task(
            actor=maker,
            title=fields.pop("title", "开展年轻干部专题调研"),
            lead_unit=Unit.objects.get(code=lead),
            parent=parent,
            **fields,
        )
        if assign or acknowledge:
            task = task_services.assign(task, actor=maker)
        if acknowledge:
            task = task_services.acknowledge(task, actor=user(f"{lead}-head"))
        return task

    return make


@pytest.fixture
def craft(make_task):
    """A task in a given state on crafted dates: made through the services, then moved in time. Shared: the
    reminders of tasks and the notify tests (tick, inbox) start from it."""

    def make(state="acknowledged", owner=None, assigned_on=None, **dates):
        task = make_task(
            assign=state == "assigned",
            acknowledge=state in {"acknowledged", "closed"},
            owner=Person.objects.get(user__username=owner) if owner else None,
            **{k: v for k, v in dates.items() if k in {"lead", "leader", "title"}},
        )
        fields = {k: v for k, v in dates.items() if k not in {"lead", "leader", "title"}}
        if assigned_on:
            fields["assigned_at"] = timezone.make_aware(dt.datetime.combine(assigned_on, dt.time(10)))
        if state == "closed":
            fields.update(status="closed", next_report_due=None)
        Task.objects.filter(pk=task.pk).update(**fields)
        task.refresh_from_db()
        with transaction.atomic():  # the roll-up locks the task's path, as inside every service
            rollup.refresh(task)
        return task

    return make


@pytest.fixture
def tamper(db):
    """Run raw SQL on the audit table as someone who dropped its triggers; the test's transaction
    rolls the drop back, so the next test has them again."""

    def run(sql: str, params: tuple = ()) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("DROP TRIGGER IF EXISTS accounts_securityevent_no_update")
                cursor.execute("DROP TRIGGER IF EXISTS accounts_securityevent_no_delete")
            else:
                cursor.execute(
                    "SET LOCAL session_replication_role = replica"
                )  # a superuser's way past triggers
            cursor.execute(sql, params)

    return run


def current_code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


@pytest.fixture
def enrolled():
    """Enrol a user's TOTP device as its holder would; returns (device, recovery codes, a code-maker)."""
    from luoshi.accounts import twofactor

    def enrol(user):
        device = twofactor.pending_device(user)
        codes = twofactor.enrol(user, code=current_code(device))
        device.refresh_from_db()
        device.last_t = -1  # the next code of this 30 s step may be used again in the test
        device.save(update_fields=["last_t"])
        return device, codes

    return enrol


@pytest.fixture
def code_for():
    return current_code
