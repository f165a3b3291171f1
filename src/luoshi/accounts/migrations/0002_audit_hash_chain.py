"""Seal the audit log: a hash chain over the rows in id order, and triggers that refuse UPDATE and DELETE.

The hashing is copied here as it was when this migration was written (migrations never import live
code): ``luoshi.accounts.chain`` must keep giving the same hash for the same row.
"""

import datetime as dt
import hashlib
import json

import django.utils.timezone
from django.db import migrations, models

GENESIS = "0" * 64
TABLE = "accounts_securityevent"
SQLITE_TRIGGERS = {
    "accounts_securityevent_no_update": ("UPDATE", "安全审计日志只可追加，不可修改"),
    "accounts_securityevent_no_delete": ("DELETE", "安全审计日志只可追加，不可删除"),
}
POSTGRES_FUNCTION = "accounts_securityevent_append_only"
POSTGRES_TRIGGER = "accounts_securityevent_append_only"


def _seal(prev_hash, event):
    at = event.at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    content = [
        event.kind,
        at,
        event.actor_id,
        event.username,
        event.ip_address or "",
        event.target,
        event.detail or {},
    ]
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}\n{text}".encode()).hexdigest()


def chain_existing_rows(apps, schema_editor):
    SecurityEvent = apps.get_model("accounts", "SecurityEvent")
    prev_hash = GENESIS
    for event in SecurityEvent.objects.order_by("id").iterator(chunk_size=2000):
        seal = _seal(prev_hash, event)
        SecurityEvent.objects.filter(pk=event.pk).update(prev_hash=prev_hash, hash=seal)
        prev_hash = seal


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for name, (operation, message) in SQLITE_TRIGGERS.items():
            schema_editor.execute(
                f"CREATE TRIGGER {name} BEFORE {operation} ON {TABLE} "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )
    elif vendor == "postgresql":
        schema_editor.execute(
            f"CREATE FUNCTION {POSTGRES_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"RAISE EXCEPTION '安全审计日志只可追加，不可%', CASE TG_OP WHEN 'UPDATE' THEN '修改' ELSE '删除' END "
            f"USING ERRCODE = 'insufficient_privilege'; END $$",
            None,  # no parameters: the % above is plpgsql's, not a placeholder
        )
        schema_editor.execute(
            f"CREATE TRIGGER {POSTGRES_TRIGGER} BEFORE UPDATE OR DELETE ON {TABLE} "
            f"FOR EACH ROW EXECUTE FUNCTION {POSTGRES_FUNCTION}()"
        )
    else:
        raise NotImplementedError(f"no append-only triggers for the {vendor} database")


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for name in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {POSTGRES_TRIGGER} ON {TABLE}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {POSTGRES_FUNCTION}()")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="securityevent",
            name="at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, editable=False, verbose_name="时间"
            ),
        ),
        migrations.AlterField(
            model_name="securityevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("login", "登录成功"),
                    ("login_failed", "登录失败"),
                    ("logout", "退出登录"),
                    ("locked_out", "账户锁定"),
                    ("unlocked", "解除锁定"),
                    ("password_changed", "修改密码"),
                    ("password_reset", "重置密码"),
                    ("account_created", "创建账号"),
                    ("account_disabled", "停用账号"),
                    ("role_changed", "角色变更"),
                    ("admin_role_changed", "管理员角色变更"),
                    ("oversight_changed", "分管变更"),
                    ("permission_denied", "越权访问"),
                    ("token_created", "签发API令牌"),
                    ("export", "导出数据"),
                    ("file_download", "下载附件"),
                ],
                db_index=True,
                max_length=30,
                verbose_name="事件",
            ),
        ),
        migrations.AddField(
            model_name="securityevent",
            name="prev_hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="上一条哈希"),
        ),
        migrations.AddField(
            model_name="securityevent",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="哈希"),
        ),
        migrations.RunPython(chain_existing_rows, migrations.RunPython.noop),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
