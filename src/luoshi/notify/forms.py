from django import forms

from luoshi.core.forms import StyledForm

from .choices import Channel
from .models import Robot


class RobotForm(StyledForm, forms.ModelForm):
    url = forms.URLField(
        label="Webhook地址",
        max_length=500,
        assume_scheme="https",
        help_text="新增机器人或修改地址，须经安全管理员批准后才向新地址发送",
    )

    class Meta:
        model = Robot
        fields = ["name", "channel", "url", "secret", "unit", "is_active"]
        widgets = {"secret": forms.PasswordInput(render_value=True, attrs={"autocomplete": "off"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.field("unit", forms.ModelChoiceField).empty_label = "全部单位"
        self.field("channel", forms.ChoiceField).choices = Channel.robot_choices()  # without the blank
        self.fields["url"].widget.attrs["placeholder"] = "https://oapi.dingtalk.com/robot/send?access_token=…"

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        if (
            data.get("channel") == Channel.DINGTALK
            and data.get("secret")
            and not data["secret"].startswith("SEC")
        ):
            self.add_error("secret", "钉钉加签密钥以 SEC 开头，请从机器人安全设置中复制")
        return data
