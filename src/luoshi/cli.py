"""The `luoshi` command: demo, serve, tick, extract, import-jobs, export-jobs, createadmin, disableadmin,
token, audit, rollups, manage."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import click

from luoshi.extract.cli import extract_command

# One single-threaded worker per core: measured on 2 cores, more processes or threads only queue the
# same CPU-bound requests behind one another (and a kept-alive connection pins its client to one worker).
DEFAULT_WORKERS = os.cpu_count() or 2
WORKERS_HELP = "gunicorn worker processes (one request at a time each)."


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")
    import django

    django.setup()


def _fail(message: str) -> None:
    click.secho(f"错误：{message}", fg="red", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="luoshi")
def main() -> None:
    """落实 luoshi: from a leader's directive to work that is done, reported back and verified.

    Settings come from LUOSHI_* environment variables (LUOSHI_DATA_DIR, LUOSHI_DATABASE_URL, ...).
    """


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--workers", default=DEFAULT_WORKERS, show_default=True, type=int, help=WORKERS_HELP)
def serve(host: str, port: int, workers: int) -> None:
    """Serve luoshi with gunicorn (static files by WhiteNoise). Refuses unapplied migrations.

    Also runs `luoshi tick` every LUOSHI_TICK_SECONDS (default 300; 0 = leave it to cron or systemd).
    """
    _setup_django()
    _refuse_unapplied_migrations()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    _start_tick_timer()
    _exec_gunicorn(host, port, workers)


def _start_tick_timer() -> None:
    """A child `luoshi tick --loop`; it outlives our exec into gunicorn and exits when gunicorn does."""
    from django.conf import settings

    if settings.LUOSHI_TICK_SECONDS > 0:
        subprocess.Popen(  # noqa: S603 (our own interpreter and module)
            [sys.executable, "-m", "luoshi.cli", "tick", "--loop", str(settings.LUOSHI_TICK_SECONDS)],
            stdin=subprocess.DEVNULL,
        )


def _refuse_unapplied_migrations() -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        _fail(f"数据库有 {len(plan)} 个未执行的迁移。请先运行：luoshi manage migrate")


def _exec_gunicorn(host: str, port: int, workers: int) -> None:
    from django.conf import settings

    args = [
        sys.executable,
        "-m",
        "gunicorn",
        "luoshi.wsgi:application",
        "--config",
        "python:luoshi.gunicorn_conf",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        "--error-logfile",
        "-",
        "--timeout",
        "60",
        "--graceful-timeout",
        "10",
        "--worker-tmp-dir",
        "/dev/shm" if Path("/dev/shm").is_dir() else str(settings.DATA_DIR),  # noqa: S108
    ]
    os.execv(sys.executable, args)  # noqa: S606 (gunicorn from our own interpreter)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--workers", default=DEFAULT_WORKERS, show_default=True, type=int, help=WORKERS_HELP)
@click.option("--no-serve", is_flag=True, help="Load the demo data and stop (do not start the server).")
def demo(host: str, port: int, workers: int, no_serve: bool) -> None:
    """Migrate, load the demo organization (once) and serve it over plain HTTP.

    Refuses to load demo data into a database that holds anything else.
    """
    os.environ.setdefault("LUOSHI_HTTPS", "0")  # a trial on loopback has no TLS in front of it
    os.environ.setdefault("LUOSHI_ADMIN_2FA_REQUIRED", "0")  # its administrators share a published password
    _setup_django()
    from django.conf import settings
    from django.core.management import call_command

    from luoshi.core.errors import ServiceError
    from luoshi.demo import demo_state, load_demo

    click.echo(f"数据目录：{settings.DATA_DIR}")
    click.echo("正在建立或更新数据库……")
    call_command("migrate", interactive=False, verbosity=0)
    state = demo_state()
    if state == "foreign":
        _fail("数据库中已有非演示数据，拒绝载入演示数据。请设置另一个 LUOSHI_DATA_DIR 再运行 luoshi demo。")
    if state == "empty":
        click.echo("正在载入演示数据（单位、人员和约六周的工作，首次约需一两分钟）……")
        try:
            accounts = load_demo()
        except ServiceError as exc:
            _fail(exc.message)
        click.echo(f"已载入演示数据。演示账号（密码均为 {settings.LUOSHI_DEMO_PASSWORD}）：")
        width = max(len(a.username) for a in accounts)
        for account in accounts:
            click.echo(f"  {account.username.ljust(width)}  {account.name}  {account.what}")
    else:
        click.echo(f"演示数据已存在，直接启动。演示账号见 README，密码均为 {settings.LUOSHI_DEMO_PASSWORD}")
    if no_serve:
        return
    call_command("collectstatic", interactive=False, verbosity=0)
    click.echo(f"落实已启动：http://{host}:{port}/  （Ctrl-C 停止）")
    _start_tick_timer()
    _exec_gunicorn(host, port, workers)


@main.command()
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Evaluate as of this day (YYYY-MM-DD) instead of today: to check or catch up a day.",
)
@click.option("--dry-run", is_flag=True, help="Compute and print, but save and send nothing.")
@click.option(
    "--loop",
    "loop_seconds",
    type=click.IntRange(min=1),
    default=None,
    metavar="SECONDS",
    help="Run again every SECONDS until stopped (or until the parent process exits).",
)
def tick(today: dt.datetime | None, dry_run: bool, loop_seconds: int | None) -> None:
    """Make due reminders and escalations, the daily digests, and deliver the outbox.

    Idempotent and safe to run from several places at once (cron, systemd timer, `luoshi serve`).
    """
    _setup_django()
    _refuse_unapplied_migrations()
    from django.db import close_old_connections

    from luoshi.directives.jobs import run_extraction_jobs
    from luoshi.exports.jobs import purge_expired, run_export_jobs
    from luoshi.imports.jobs import run_import_jobs
    from luoshi.notify.tick import tick as run_tick

    def once() -> None:
        click.echo(run_tick(day, dry_run=dry_run).summary())
        if not dry_run and (ran := run_extraction_jobs()):
            click.echo(f"分解了 {ran} 份排队的长文件")
        if not dry_run and (ran := run_import_jobs()):
            click.echo(f"导入了 {ran} 份排队的台账")
        if not dry_run and (ran := run_export_jobs()):
            click.echo(f"导出了 {ran} 份排队的文件")
        if not dry_run and (removed := purge_expired()):
            click.echo(f"删除了 {removed} 份过期的导出文件")

    day = today.date() if today else None
    if loop_seconds is None:
        once()
        return
    parent = os.getppid()
    while os.getppid() == parent:  # no PDEATHSIG in the stdlib: a changed parent means ours is gone
        try:
            once()
        except Exception as exc:  # noqa: BLE001 (a bad tick must not stop the timer; the next one tries again)
            click.secho(f"提醒任务出错：{exc}", fg="red", err=True)
        close_old_connections()
        deadline = time.monotonic() + loop_seconds
        while time.monotonic() < deadline and os.getppid() == parent:
            time.sleep(1)


@main.command("extract-jobs")
def extract_jobs() -> None:
    """Decompose the long directives waiting in the queue (above LUOSHI_EXTRACT_INLINE_CHARS), then exit.

    `luoshi serve` starts it when such a directive is entered; `luoshi tick` runs it too.
    """
    _setup_django()
    _refuse_unapplied_migrations()
    from luoshi.directives.jobs import run_extraction_jobs

    click.echo(f"分解了 {run_extraction_jobs()} 份排队的长文件")


@main.command("import-jobs")
def import_jobs() -> None:
    """Import the large ledgers waiting in the queue (above LUOSHI_IMPORT_INLINE_ROWS rows), then exit.

    Started when such an import is committed; `luoshi tick` runs it too.
    """
    _setup_django()
    _refuse_unapplied_migrations()
    from luoshi.imports.jobs import run_import_jobs

    click.echo(f"导入了 {run_import_jobs()} 份排队的台账")


@main.command("export-jobs")
def export_jobs() -> None:
    """Write the large Excel exports waiting in the queue, then exit.

    Started when such an export is asked for; `luoshi tick` runs it too.
    """
    _setup_django()
    _refuse_unapplied_migrations()
    from luoshi.exports.jobs import run_export_jobs

    click.echo(f"导出了 {run_export_jobs()} 份排队的文件")


@main.command()
@click.option("--username", help="Login name of the new administrator (prompted when omitted).")
@click.option("--name", default="系统管理员", show_default=True, help="Display name.")
@click.option(
    "--role",
    type=click.Choice(["system", "security", "audit"]),
    default="system",
    show_default=True,
    help="Which of the three separated administrators (三员) to create.",
)
@click.option(
    "--reset",
    "reset_username",
    metavar="USERNAME",
    default=None,
    help="Instead of creating: set a new password for this existing administrator, who must change it "
    "at next login; every session and API token of the account ends.",
)
@click.option(
    "--remove-2fa",
    is_flag=True,
    help="With --reset: also remove the account's two-factor devices "
    "(a lost phone); the administrator enrols again at next login.",
)
@click.option(
    "--password",
    prompt="密码",
    hide_input=True,
    confirmation_prompt="再次输入密码",
    help="Password (prompted when omitted; at least 10 characters, three of four character classes).",
)
def createadmin(
    username: str | None, name: str, role: str, reset_username: str | None, remove_2fa: bool, password: str
) -> None:
    """Create an administrator account (system, security or audit admin), or reset one's password.

    On the server is the only place an administrator's password is set by someone else: in the web,
    another kind of administrator can only issue a reset code that the holder redeems.
    """
    _setup_django()
    _refuse_unapplied_migrations()
    from luoshi.core.errors import ServiceError
    from luoshi.org.services import bootstrap_admin, reset_admin_password

    try:
        if reset_username:
            reset_admin_password(reset_username, password, remove_two_factor=remove_2fa)
            click.echo(
                f"已重置管理员 {reset_username} 的密码（下次登录须修改），该账号的会话和接口令牌已全部失效。"
            )
            return
        if remove_2fa:
            _fail("--remove-2fa 只能与 --reset 一起使用")
        username = username or click.prompt("账号")
        bootstrap_admin(username, name, password, role)
    except ServiceError as exc:
        _fail(exc.message)
    click.echo(f"已创建管理员 {username}（{role}）。")


@main.command()
@click.argument("username")
def disableadmin(username: str) -> None:
    """Disable an administrator account (on the web no administrator disables or demotes another kind)."""
    _setup_django()
    _refuse_unapplied_migrations()
    from luoshi.core.errors import ServiceError
    from luoshi.org.services import disable_admin

    try:
        disable_admin(username)
    except ServiceError as exc:
        _fail(exc.message)
    click.echo(f"已停用管理员 {username}，该账号的会话和接口令牌已全部失效。")


@main.group()
def token() -> None:
    """API tokens."""


@token.command("create")
@click.argument("username")
def token_create(username: str) -> None:
    """Print a new API token for USERNAME, valid LUOSHI_TOKEN_DAYS days (default 30)."""
    _setup_django()
    _refuse_unapplied_migrations()
    from django.contrib.auth import get_user_model

    from luoshi.accounts.services import issue_token
    from luoshi.core.errors import ServiceError

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        _fail(f"账号“{username}”不存在")
    try:
        click.echo(issue_token(user, via="cli").key)
    except ServiceError as exc:
        _fail(exc.message)


@main.group()
def audit() -> None:
    """The security audit log."""


@audit.command("verify")
def audit_verify() -> None:
    """Check the audit log's hash chain row by row; exit 1 at the first broken link."""
    _setup_django()
    _refuse_unapplied_migrations()
    from luoshi.accounts.audit import verify_chain

    count, broken = verify_chain()
    if broken is not None:
        click.secho(
            f"审计日志哈希链断裂：第一处在 id={broken.id}，{broken.reason}（已检查 {count} 条）",
            fg="red",
            err=True,
        )
        sys.exit(1)
    click.echo(f"OK, {count} rows：审计日志哈希链完整")


@main.command()
def rollups() -> None:
    """Re-derive every task's progress and lights (after changing LUOSHI_PACE_MARGIN)."""
    _setup_django()
    _refuse_unapplied_migrations()
    from django.db import transaction

    from luoshi.tasks.rollup import rebuild

    with transaction.atomic():
        changed = rebuild()
    click.echo(f"已重新计算：{changed} 项任务有变化")


@main.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command, e.g. `luoshi manage migrate`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["luoshi manage", *args])


main.add_command(extract_command)

if __name__ == "__main__":
    main()
