"""The security audit log (安全审计日志): append-only, read by the audit admin alone."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from luoshi.core.choices import ChoiceSet


class SecurityEventKind(ChoiceSet):
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    LOCKED_OUT = "locked_out"
    UNLOCKED = "unlocked"
    PASSWORD_CHANGED = "password_changed"
    PASSWORD_RESET = "password_reset"
    ACCOUNT_CREATED = "account_created"
    ACCOUNT_DISABLED = "account_disabled"
    ROLE_CHANGED = "role_changed"
    ADMIN_ROLE_CHANGED = "admin_role_changed"
    OVERSIGHT_CHANGED = "oversight_changed"
    PERMISSION_DENIED = "permission_denied"
    TOKEN_CREATED = "token_created"
    EXPORT = "export"
    FILE_DOWNLOAD = "file_download"
    DELEGATION_CHANGED = "delegation_changed"
    CHOICES = [
        (LOGIN, "登录成功", "success"),
        (LOGIN_FAILED, "登录失败", "warning"),
        (LOGOUT, "退出登录", "secondary"),
        (LOCKED_OUT, "账户锁定", "danger"),
        (UNLOCKED, "解除锁定", "info"),
        (PASSWORD_CHANGED, "修改密码", "info"),
        (PASSWORD_RESET, "重置密码", "warning"),
        (ACCOUNT_CREATED, "创建账号", "info"),
        (ACCOUNT_DISABLED, "停用账号", "warning"),
        (ROLE_CHANGED, "角色变更", "primary"),
        (ADMIN_ROLE_CHANGED, "管理员角色变更", "danger"),
        (OVERSIGHT_CHANGED, "分管变更", "primary"),
        (PERMISSION_DENIED, "越权访问", "danger"),
        (TOKEN_CREATED, "签发API令牌", "info"),
        (EXPORT, "导出数据", "secondary"),
        (FILE_DOWNLOAD, "下载附件", "secondary"),
        (DELEGATION_CHANGED, "代上级交办授权变更", "primary"),
    ]


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):  # noqa: ANN003
        raise PermissionError("安全审计日志不可修改")

    def delete(self):
        raise PermissionError("安全审计日志不可删除")


class SecurityEvent(models.Model):
    """One row per event, chained by hash in id order (chain.py); database triggers refuse UPDATE and DELETE."""

    # Set by ``audit.record`` before the row is sealed, so the hash covers the time that is stored.
    at = models.DateTimeField("时间", default=timezone.now, editable=False, db_index=True)
    kind = models.CharField("事件", max_length=30, choices=SecurityEventKind.choices(), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    username = models.CharField("账号", max_length=150, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField("IP地址", null=True, blank=True)
    target = models.CharField("对象", max_length=255, blank=True)
    detail = models.JSONField("详情", default=dict, blank=True)
    prev_hash = models.CharField("上一条哈希", max_length=64, editable=False, default="")
    hash = models.CharField("哈希", max_length=64, editable=False, default="")

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = verbose_name_plural = "安全审计日志"

    def save(self, *args, **kwargs):  # noqa: ANN002, ANN003
        if self.pk is not None:
            raise PermissionError("安全审计日志不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # noqa: ANN002, ANN003
        raise PermissionError("安全审计日志不可删除")

    @property
    def kind_label(self) -> str:
        return SecurityEventKind.label(self.kind)

    @property
    def kind_color(self) -> str:
        return SecurityEventKind.color(self.kind)

    @property
    def detail_text(self) -> str:
        """The detail as an auditor reads it: roles and units by name, before → after."""
        from luoshi.org.choices import AdminRole, Role

        def show(value: object) -> str:
            if isinstance(value, bool):
                return "是" if value else "否"
            if isinstance(value, list):
                return "、".join(show(v) for v in value) or "无"
            if isinstance(value, str):
                return Role.label(value) if value in Role.values() else AdminRole.label(value) or value or "无"
            return str(value)

        detail = dict(self.detail or {})
        parts = []
        if "before" in detail or "after" in detail:
            parts.append(f"{show(detail.pop('before', ''))} → {show(detail.pop('after', ''))}")
        labels = {"name": "姓名", "admin_role": "管理员角色", "action": "操作", "via": "途径", "minutes": "锁定分钟",
                  "active": "启用", "format": "格式", "filters": "筛选条件", "rows": "行数", "task": "任务编号",
                  "attachment": "附件编号"}
        parts += [f"{labels.get(k, k)}：{show(v)}" for k, v in detail.items() if v not in ("", None)]
        return "；".join(parts)
