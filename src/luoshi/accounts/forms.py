from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from .models import SecurityEventKind


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "账号或密码不正确。连续输错5次，账号将被锁定15分钟。",
        "inactive": "该账号已停用，请联系系统管理员。",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "账号"
        self.fields["password"].label = "密码"
        self.fields["username"].widget.attrs.update({"autofocus": True, "autocomplete": "username"})


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label="原密码", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    new_password = forms.CharField(
        label="新密码",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="至少10位，含小写字母、大写字母、数字、符号中的至少3类；不能包含账号名，不能是常见密码，"
        "不能与最近5次用过的密码相同。",
    )
    new_password_again = forms.CharField(
        label="再次输入新密码", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_password") and data.get("new_password") != data.get("new_password_again"):
            self.add_error("new_password_again", "两次输入的新密码不一致")
        return data


class AuditFilterForm(forms.Form):
    """The audit log page's filters; the export takes the same ones."""

    date_from = forms.DateField(
        label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    username = forms.CharField(label="账号或操作人", required=False, max_length=150)
    kind = forms.ChoiceField(
        label="事件",
        required=False,
        choices=[("", "全部事件")] + [(v, label) for v, label, _ in SecurityEventKind.CHOICES],
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "截止日期不能早于起始日期")
        return data


class ResetCodeForm(forms.Form):
    username = forms.CharField(label="账号", max_length=150)
    code = forms.CharField(
        label="重置码", max_length=40, help_text="签发重置码的管理员当面交给您的代码，24小时内有效。"
    )
    otp = forms.CharField(
        label="两步验证码",
        max_length=20,
        required=False,
        help_text="已启用两步验证的账号必填：验证器上的6位数字，或一个恢复码。",
    )
    new_password = forms.CharField(
        label="新密码",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=PasswordChangeForm.base_fields["new_password"].help_text,
    )
    new_password_again = forms.CharField(
        label="再次输入新密码", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_password") and data.get("new_password") != data.get("new_password_again"):
            self.add_error("new_password_again", "两次输入的新密码不一致")
        return data
