"""Login accounts: what the login knows of each account, and the security audit log (安全审计日志),
append-only, read by the audit admin alone."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone

from luoshi.core.choices import ChoiceSet

from .choices import AdminRole


class Account(models.Model):
    """What the login knows of a user account beyond Django's user: the administrator kind (等保三员),
    whether the password must change before anything else, and whether it is one of the demo's shared
    accounts. Every user has one (made with the user, receivers.py)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="account"
    )
    admin_role = models.CharField("管理员角色", max_length=20, choices=AdminRole.choices(), blank=True)
    must_change_password = models.BooleanField("首次登录须改密码", default=False)
    is_demo = models.BooleanField("演示账号", default=False, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "账号"

    def __str__(self) -> str:
        return str(self.user)

    @property
    def admin_role_label(self) -> str:
        return AdminRole.label(self.admin_role) if self.admin_role else ""


def account_of(user: Any) -> Account | None:
    """The user's Account, or None for anonymous users; read once per user object (the login backend
    loads it with the user)."""
    if user is None or not user.is_authenticated:
        return None
    try:
        return user.account
    except Account.DoesNotExist:
        return None


def admin_role_of(user: Any) -> str:
    """The user's administrator kind (AdminRole), "" for everyone else."""
    account = account_of(user)
    return account.admin_role if account is not None else ""


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
    POLICY_CHANGED = "policy_changed"
    TOKEN_REVOKED = "token_revoked"
    ACCESS_REVOKED = "access_revoked"
    PASSWORD_EXPIRED = "password_expired"
    RESET_CODE_ISSUED = "reset_code_issued"
    TWO_FACTOR_ENABLED = "two_factor_enabled"
    TWO_FACTOR_DISABLED = "two_factor_disabled"
    TWO_FACTOR_FAILED = "two_factor_failed"
    UNIT_MOVE_PROPOSED = "unit_move_proposed"
    UNIT_MOVED = "unit_moved"
    UNIT_MOVE_REFUSED = "unit_move_refused"
    PASSWORD_RESET_PROPOSED = "password_reset_proposed"
    PASSWORD_RESET_REFUSED = "password_reset_refused"
    UNIT_KIND_PROPOSED = "unit_kind_proposed"
    UNIT_KIND_CHANGED = "unit_kind_changed"
    UNIT_KIND_REFUSED = "unit_kind_refused"
    ROBOT_URL_PROPOSED = "robot_url_proposed"
    ROBOT_URL_CHANGED = "robot_url_changed"
    ROBOT_URL_REFUSED = "robot_url_refused"
    EMAIL_PROPOSED = "email_proposed"
    EMAIL_CHANGED = "email_changed"
    EMAIL_REFUSED = "email_refused"
    HOME_UNIT_PROPOSED = "home_unit_proposed"
    HOME_UNIT_CHANGED = "home_unit_changed"
    HOME_UNIT_REFUSED = "home_unit_refused"
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
        (TOKEN_CREATED, "签发接口令牌", "info"),
        (EXPORT, "导出数据", "secondary"),
        (FILE_DOWNLOAD, "下载附件", "secondary"),
        (DELEGATION_CHANGED, "代上级交办授权变更", "primary"),
        (POLICY_CHANGED, "审批规则变更", "primary"),
        (TOKEN_REVOKED, "吊销接口令牌", "warning"),
        (ACCESS_REVOKED, "注销会话与令牌", "warning"),
        (PASSWORD_EXPIRED, "密码过期须修改", "warning"),
        (RESET_CODE_ISSUED, "签发密码重置码", "warning"),
        (TWO_FACTOR_ENABLED, "启用两步验证", "info"),
        (TWO_FACTOR_DISABLED, "停用两步验证", "danger"),
        (TWO_FACTOR_FAILED, "两步验证失败", "warning"),
        (UNIT_MOVE_PROPOSED, "提议调整单位隶属", "info"),
        (UNIT_MOVED, "单位隶属变更", "primary"),
        (UNIT_MOVE_REFUSED, "驳回单位隶属调整", "secondary"),
        (PASSWORD_RESET_PROPOSED, "提议重置密码", "info"),
        (PASSWORD_RESET_REFUSED, "驳回密码重置", "secondary"),
        (UNIT_KIND_PROPOSED, "提议调整单位类型", "info"),
        (UNIT_KIND_CHANGED, "单位类型变更", "primary"),
        (UNIT_KIND_REFUSED, "驳回单位类型调整", "secondary"),
        (ROBOT_URL_PROPOSED, "提议群机器人地址", "info"),
        (ROBOT_URL_CHANGED, "群机器人地址生效", "warning"),
        (ROBOT_URL_REFUSED, "驳回群机器人地址", "secondary"),
        (EMAIL_PROPOSED, "提议修改电子邮箱", "info"),
        (EMAIL_CHANGED, "电子邮箱修改生效", "warning"),
        (EMAIL_REFUSED, "驳回电子邮箱修改", "secondary"),
        (HOME_UNIT_PROPOSED, "提议调整所在单位", "info"),
        (HOME_UNIT_CHANGED, "所在单位调整生效", "warning"),
        (HOME_UNIT_REFUSED, "驳回所在单位调整", "secondary"),
    ]


# Readable names of the values other apps store in audit details (their role codes), registered by those
# apps when they load (register_detail_labels), so the audit log names them without importing them.
# A ledger printed from its page is data leaving the system as an export is; its format reads 打印页.
DETAIL_VALUE_LABELS: dict[str, str] = {value: label for value, label, _ in AdminRole.CHOICES} | {
    "print": "打印页"
}


def register_detail_labels(labels: dict[str, str]) -> None:
    DETAIL_VALUE_LABELS.update(labels)


# What a refused request tried (the ``action`` of a PERMISSION_DENIED event): its HTTP method, or the
# rule's action for a row looked up by id.
DENIED_ACTIONS = {
    "GET": "查看",
    "HEAD": "查看",
    "OPTIONS": "查看",
    "POST": "提交",
    "PUT": "修改",
    "PATCH": "修改",
    "DELETE": "删除",
    "view": "查看",
    "change": "修改",
    "manage": "管理",
}

# Why an account's sessions and tokens were ended (the ``reason`` of an ACCESS_REVOKED event).
REVOCATION_REASONS = {
    "password_changed": "本人修改密码",
    "password_reset": "密码被重置",
    "locked_out": "账户锁定",
    "deactivated": "账号停用",
    "two_factor_enabled": "启用两步验证",
    "admin_role_granted": "设为管理员（原密码作废）",
}


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("安全审计日志不可修改")

    def delete(self):
        raise PermissionError("安全审计日志不可删除")


class SecurityEvent(models.Model):
    """One row per event, hash-chained in id order (chain.py); database triggers refuse UPDATE and DELETE."""

    # Set by ``audit.record`` before the row is sealed, so the hash covers the time that is stored.
    at = models.DateTimeField("时间", default=timezone.now, editable=False, db_index=True)
    kind = models.CharField("事件", max_length=30, choices=SecurityEventKind.choices(), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
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

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("安全审计日志不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("安全审计日志不可删除")

    # Set by accounts.wording for the pages that show events: the units an entry gives by code only, and
    # what it was done to as read (a refused address as its page's name).
    unit_names: dict[str, str] = {}
    target_text = ""

    @property
    def kind_label(self) -> str:
        return SecurityEventKind.label(self.kind)

    @property
    def kind_color(self) -> str:
        return SecurityEventKind.color(self.kind)

    @property
    def detail_text(self) -> str:
        """The detail as an auditor reads it: roles and units by name, before → after."""

        def show(value: object) -> str:
            if isinstance(value, bool):
                return "是" if value else "否"
            if isinstance(value, list):
                # A role is a [unit, role] pair: the role is shown beside its unit.
                if value and all(isinstance(v, list) and len(v) == 2 for v in value):
                    return "、".join(f"{units.get(unit) or unit}·{show(role)}" for unit, role in value)
                return "、".join(show(v) for v in value) or "无"
            if isinstance(value, str):
                return units.get(value) or DETAIL_VALUE_LABELS.get(value) or value or "无"
            return str(value)

        detail = dict(self.detail or {})
        units = detail.pop("units", None) or self.unit_names
        parts = []
        if "before" in detail or "after" in detail:
            parts.append(f"{show(detail.pop('before', ''))} → {show(detail.pop('after', ''))}")
        labels = {
            "name": "姓名",
            "admin_role": "管理员角色",
            "action": "操作",
            "via": "途径",
            "minutes": "锁定分钟",
            "active": "启用",
            "format": "格式",
            "filters": "筛选条件",
            "rows": "行数",
            "task": "任务编号",
            "attachment": "附件编号",
            "reason": "原因",
            "section_head_decides": "负责人（科室/县委组织部）可审批",
            "section_head_reviews_close": "销号须先审核",
            "sessions": "会话数",
            "tokens": "令牌数",
            "token": "令牌",
            "days": "密码有效天数",
            "hours": "有效小时",
            "proposed_by": "提议人",
        }
        if "reason" in detail:
            detail["reason"] = REVOCATION_REASONS.get(detail["reason"], detail["reason"])
        if isinstance(detail.get("action"), str):
            detail["action"] = DENIED_ACTIONS.get(detail["action"], detail["action"])
        parts += [f"{labels.get(k, k)}：{show(v)}" for k, v in detail.items() if v not in ("", None)]
        return "；".join(parts)


class UserSession(AbstractBaseSession):
    """A login session that knows its user, so every session of an account can be ended at once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    @classmethod
    def get_session_store_class(cls):
        from .sessions import SessionStore

        return SessionStore

    class Meta:
        verbose_name = verbose_name_plural = "登录会话"


class PasswordHistory(models.Model):
    """Hashes of an account's recent passwords: a new password may not repeat one of them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    password = models.CharField(max_length=128)
    set_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-set_at", "-id"]
        verbose_name = verbose_name_plural = "历史密码"


class PasswordResetCode(models.Model):
    """A one-time code another kind of administrator issues for an admin account.

    The holder of the account redeems it with a password of their own choosing (and their second
    factor when they have one), so the issuing admin never knows the new password.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=128)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "密码重置码"
