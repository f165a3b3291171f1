"""The `luoshi` command as a new user meets it: help for every command, demo, admin, token."""

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner
from django.http import QueryDict

from luoshi.accounts.audit import record
from luoshi.accounts.models import SecurityEventKind
from luoshi.cli import main
from luoshi.exports.services import queue_export


def run(tmp_path, *args):
    env = {k: v for k, v in os.environ.items() if k != "LUOSHI_DATABASE_URL"}
    env["LUOSHI_DATA_DIR"] = str(tmp_path / "data")
    return subprocess.run(  # noqa: PLW1510
        [sys.executable, "-m", "luoshi.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["demo"],
        ["serve"],
        ["createadmin"],
        ["disableadmin"],
        ["token"],
        ["token", "create"],
        ["audit"],
        ["audit", "verify"],
        ["rollups"],
        ["manage"],
        ["extract-jobs"],
        ["export-jobs"],
    ],
)
def test_every_command_has_help(command):
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


def test_demo_loads_once_and_refuses_foreign_data(tmp_path):
    first = run(tmp_path, "demo", "--no-serve")
    assert first.returncode == 0, first.stderr
    assert "deputy1" in first.stdout and "gb1-head" in first.stdout and "luoshi-demo" in first.stdout
    # The minute of loading is announced before it starts, not left silent.
    assert first.stdout.index("正在载入演示数据") < first.stdout.index("已载入演示数据")
    again = run(tmp_path, "demo", "--no-serve")
    assert again.returncode == 0 and "演示数据已存在" in again.stdout and "正在载入" not in again.stdout

    other = tmp_path / "other"
    other.mkdir()
    unmigrated = run(other, "createadmin", "--username", "root1", "--password", "Very-secret-2026")
    assert unmigrated.returncode == 2 and "luoshi manage migrate" in unmigrated.stderr
    assert run(other, "manage", "migrate", "-v0").returncode == 0
    created = run(other, "createadmin", "--username", "root1", "--password", "Very-secret-2026")
    assert created.returncode == 0, created.stderr
    refused = run(other, "demo", "--no-serve")
    assert refused.returncode == 2 and "拒绝载入演示数据" in refused.stderr


def test_serve_refuses_unapplied_migrations(tmp_path):
    result = run(tmp_path, "serve", "--port", "8999")
    assert result.returncode == 2 and "未执行的迁移" in result.stderr


def test_createadmin_refuses_weak_passwords(tmp_path):
    run(tmp_path, "manage", "migrate", "-v0")
    result = run(tmp_path, "createadmin", "--username", "root2", "--password", "123")
    assert result.returncode == 2 and "密码太短" in result.stderr and "Traceback" not in result.stderr


def test_token_create_prints_a_token_and_refuses_unknown_users(tmp_path):
    assert run(tmp_path, "demo", "--no-serve").returncode == 0
    token = run(tmp_path, "token", "create", "deputy1")
    assert token.returncode == 0 and len(token.stdout.strip()) == 64
    assert run(tmp_path, "token", "create", "deputy1").stdout != token.stdout  # a new token each time
    missing = run(tmp_path, "token", "create", "nobody")
    assert missing.returncode == 2 and "账号“nobody”不存在" in missing.stderr


def test_audit_verify_says_ok_with_the_row_count(db):
    for name in ("a", "b", "c"):
        record(SecurityEventKind.LOGIN, username=name, ip_address="10.0.0.1")
    result = CliRunner().invoke(main, ["audit", "verify"])
    assert result.exit_code == 0 and "OK, 3 rows" in result.output


@pytest.mark.parametrize(
    ("command", "says"), [(["export-jobs"], "导出了 1 份排队的文件"), (["tick"], "导出了 1 份")]
)
def test_export_jobs_and_the_tick_write_the_waiting_exports(user, settings, tmp_path, command, says):
    settings.DATA_DIR = tmp_path
    job = queue_export("tasks-ledger", QueryDict(""), actor=user("head"))
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0 and says in result.output, result.output
    job.refresh_from_db()
    assert job.status == "done" and job.path.exists()


def test_audit_verify_names_the_first_broken_link(db, tamper):
    events = [record(SecurityEventKind.LOGIN, username=name) for name in ("a", "b", "c")]
    tamper("UPDATE accounts_securityevent SET target = 'x' WHERE id = %s", (events[1].pk,))
    result = CliRunner().invoke(main, ["audit", "verify"])
    assert result.exit_code == 1
    assert f"第一处在 id={events[1].pk}，哈希与本条内容不符：本条记录被改动（已检查 2 条）" in result.output


def test_createadmin_reset_sets_an_admin_password_on_the_server_only_for_admins(tmp_path):
    assert run(tmp_path, "demo", "--no-serve").returncode == 0
    reset = run(tmp_path, "createadmin", "--reset", "auditor", "--remove-2fa", "--password", "Shen-Ji-2026-x")
    assert reset.returncode == 0, reset.stderr
    assert "已重置管理员 auditor 的密码" in reset.stdout
    refused = run(tmp_path, "createadmin", "--reset", "gb1-staff", "--password", "Shen-Ji-2026-x")
    assert refused.returncode == 2 and "“gb1-staff”不是管理员账号" in refused.stderr
    weak = run(tmp_path, "createadmin", "--reset", "auditor", "--password", "auditor-2026-X")
    assert weak.returncode == 2 and "密码不能包含账号名" in weak.stderr


def test_disableadmin_retires_an_administrator_on_the_server_only(user):
    from luoshi.accounts.models import SecurityEvent

    done = CliRunner().invoke(main, ["disableadmin", "auditor"])
    assert done.exit_code == 0 and "已停用管理员 auditor" in done.output
    assert not user("auditor").is_active
    assert SecurityEvent.objects.filter(
        kind=SecurityEventKind.ACCOUNT_DISABLED, target="auditor", detail__via="cli"
    ).exists()
    refused = CliRunner().invoke(main, ["disableadmin", "gb1-staff"])
    assert refused.exit_code == 2 and "“gb1-staff”不是管理员账号" in refused.output
    assert user("gb1-staff").is_active
