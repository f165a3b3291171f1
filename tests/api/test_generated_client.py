"""A Python client that no one here wrote: openapi-python-client generates it from the schema the server
publishes, pip installs it, and it runs the main flow against a live server — token, task list, progress
report with an Idempotency-Key (replayed once), extension request and its approval, close-out request."""

import datetime as dt
import importlib
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from django.utils import timezone

from luoshi.org.models import Person, Unit
from luoshi.tasks import services
from luoshi.tasks.choices import ExtensionStatus, TaskStatus
from luoshi.tasks.models import ExtensionRequest, Feedback

from ..conftest import DEMO_PASSWORD

pytestmark = pytest.mark.client
BIN = Path(sys.executable).parent


@pytest.fixture
def generated_client(tmp_path, live_server, demo):
    """The client package, generated from /api/v1/schema/ and installed into a directory of its own."""
    token = httpx.post(
        f"{live_server.url}/api/v1/auth/token/", json={"username": "gb1-staff", "password": DEMO_PASSWORD}
    ).json()["token"]
    schema = httpx.get(
        f"{live_server.url}/api/v1/schema/?format=json", headers={"Authorization": f"Token {token}"}
    )
    assert schema.status_code == 200
    (tmp_path / "schema.json").write_bytes(schema.content)
    (tmp_path / "config.yaml").write_text(
        "post_hooks: []\n"
    )  # no formatter run: the code is used as generated
    run(
        [
            BIN / "openapi-python-client",
            "generate",
            "--path",
            "schema.json",
            "--config",
            "config.yaml",
            "--meta",
            "setup",
            "--output-path",
            "client",
        ],
        cwd=tmp_path,
    )
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-deps",
            "--no-index",
            "--no-build-isolation",
            "--target",
            "site",
            "./client",
        ],
        cwd=tmp_path,
    )
    sys.path.insert(0, str(tmp_path / "site"))
    try:
        yield importlib.import_module("luoshi_api_client")
    finally:
        sys.path.remove(str(tmp_path / "site"))
        for name in [m for m in sys.modules if m.split(".")[0] == "luoshi_api_client"]:
            del sys.modules[name]


def run(command: list, cwd: Path) -> None:
    result = subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def task(user, demo):
    """A task of 干部一科, assigned and acknowledged, in deputy1's charge."""
    task = services.create_task(
        actor=user("bgs-staff"),
        title="开展年轻干部专题调研",
        lead_unit=Unit.objects.get(code="gb1"),
        due_date=timezone.localdate() + dt.timedelta(days=30),
        cadence="weekly:5",
        leader=Person.objects.get(user__username="deputy1"),
    )
    services.assign(task, actor=user("bgs-staff"))
    return services.acknowledge(task, actor=user("gb1-head"))


def login(client_module, base_url: str, username: str):
    from luoshi_api_client.api.auth import auth_token_create
    from luoshi_api_client.models import TokenRequestRequest

    token = auth_token_create.sync(
        client=client_module.Client(base_url=base_url),
        body=TokenRequestRequest(username=username, password=DEMO_PASSWORD),
    )
    return client_module.AuthenticatedClient(base_url=base_url, token=token.token, prefix="Token")


def test_the_main_flow_through_a_generated_client(generated_client, live_server, task):
    from luoshi_api_client.api.extensions import extensions_approve_create, extensions_list
    from luoshi_api_client.api.tasks import (
        tasks_feedback_create,
        tasks_list,
        tasks_request_close_create,
        tasks_request_extension_create,
    )
    from luoshi_api_client.models import (
        CloseInputRequest,
        ExtensionInputRequest,
        ExtensionStatusEnum,
        FeedbackInputRequest,
        NoteRequest,
    )

    staff = login(generated_client, live_server.url, "gb1-staff")
    listed = tasks_list.sync(client=staff)
    assert [t.id for t in listed.results] == [task.pk]

    report = FeedbackInputRequest(progress_text="已完成调研提纲", percent=40)
    first = tasks_feedback_create.sync_detailed(task.pk, client=staff, body=report, idempotency_key="fb-1")
    again = tasks_feedback_create.sync_detailed(task.pk, client=staff, body=report, idempotency_key="fb-1")
    assert first.status_code == again.status_code == 200
    assert first.parsed.progress == 40 and again.headers["Idempotent-Replayed"] == "true"
    assert Feedback.objects.filter(task=task).count() == 1

    new_due = task.due_date + dt.timedelta(days=14)
    asked = tasks_request_extension_create.sync_detailed(
        task.pk,
        client=staff,
        body=ExtensionInputRequest(new_due_date=new_due, reason="需补充调研"),
        idempotency_key="ext-1",
    )
    assert asked.status_code == 200, asked.content

    leader = login(generated_client, live_server.url, "deputy1")
    pending = extensions_list.sync(client=leader)
    assert [e.status for e in pending.results] == [ExtensionStatusEnum.PENDING]
    approved = extensions_approve_create.sync(
        pending.results[0].id, client=leader, body=NoteRequest(note="同意")
    )
    assert approved.status == ExtensionStatusEnum.APPROVED

    closing = tasks_request_close_create.sync(
        task.pk,
        client=staff,
        body=CloseInputRequest(evidence_text="调研报告已报部务会"),
        idempotency_key="close-1",
    )
    assert closing.status == TaskStatus.CLOSE_REQUESTED and closing.due_date == new_due
    task.refresh_from_db()
    assert task.status == TaskStatus.CLOSE_REQUESTED
    assert ExtensionRequest.objects.get(task=task).status == ExtensionStatus.APPROVED
