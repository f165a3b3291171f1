from typing import cast

from django import forms

from luoshi.accounts.choices import AdminRole
from luoshi.core.forms import StyledForm

from .choices import Role, UnitKind
from .models import Unit


def unit_choices(blank: str | None = "（无）") -> list[tuple[str, str]]:
    options = [("", blank)] if blank is not None else []
    return options + [
        (str(u.pk), "　" * u.depth + u.name) for u in Unit.objects.only("id", "name", "tree_path")
    ]


class UnitForm(StyledForm):
    code = forms.SlugField(label="代码", max_length=40, help_text="字母、数字、连字符，如 gb1")
    name = forms.CharField(label="名称", max_length=100)
    short_name = forms.CharField(label="简称", max_length=40, required=False)
    aliases = forms.CharField(
        label="别称", required=False, help_text="文件中对该单位的其他叫法，用顿号或逗号分隔"
    )
    kind = forms.ChoiceField(
        label="类型",
        choices=UnitKind.choices(),
        help_text="类型决定本单位领导的职权和参加考核的方式，调整已有单位的类型须经安全管理员审批后生效",
    )
    parent = forms.ChoiceField(
        label="上级单位",
        required=False,
        help_text="科室下不能再设单位；调整已有单位的上级单位须经安全管理员审批后生效",
    )
    sort_order = forms.IntegerField(label="排序", min_value=0, initial=0)
    duties = forms.CharField(
        label="职责",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="如三定方案所列的主要职责；系统据此为未写明责任单位的要求推荐牵头单位",
    )
    is_active = forms.BooleanField(label="启用", required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["parent"]).choices = unit_choices()


class PersonForm(StyledForm):
    username = forms.CharField(label="账号", max_length=150)
    name = forms.CharField(label="姓名", max_length=50)
    unit = forms.ChoiceField(label="所在单位", required=False)
    title = forms.CharField(label="职务", max_length=50, required=False)
    phone = forms.CharField(
        label="手机", max_length=30, required=False, help_text="11位手机号，或带区号的固定电话"
    )
    email = forms.CharField(
        label="邮箱",
        max_length=254,
        required=False,
        help_text="通知和每日提醒发到这个地址；为他人填写或修改的，经安全管理员批准后生效",
    )
    is_active = forms.BooleanField(label="账号启用", required=False, initial=True)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["unit"]).choices = unit_choices()
        if editing:
            self.fields["username"].disabled = True
            self.fields["unit"].help_text = "改动业务人员的所在单位须经安全管理员批准后生效"
        else:
            del self.fields["is_active"]


class RolesForm(StyledForm):
    admin_role = forms.ChoiceField(
        label="管理员角色",
        required=False,
        choices=[("", "（不是管理员）")] + AdminRole.choices(),
        help_text="三员分立：管理员不能同时担任业务角色",
    )
    oversight = forms.MultipleChoiceField(
        label="分管单位",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="仅部长、副部长可分管；按住 Ctrl 多选",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["oversight"]).choices = unit_choices(blank=None)


ROLE_CHOICES = Role.choices()
