from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from luoshi.core.errors import InvalidInput
from luoshi.core.forms import DateInput, StyledForm
from luoshi.org.pickers import PickerField, named_together
from luoshi.org.scopes import ASSIGN, Scope
from luoshi.tasks.eligibility import CO_UNITS

from .choices import DirectiveKind, DirectiveLevel


class DirectiveForm(StyledForm):
    error_fields = {
        "text_and_file": "text",
        "text_too_long": "text",
        "empty_text": "text",
        "unreadable_file": "file",
        "file_type": "file",
        "file_too_big": "file",
        "file_content": "file",
        "file_unzipped_too_big": "file",
        "extract_failed": "text",
    }

    title = forms.CharField(label="标题", max_length=200, widget=forms.TextInput(attrs={"col": "col-12"}))
    kind = forms.ChoiceField(
        label="类型",
        choices=[("", "按标题判断（……的通知、……纪要等）"), *DirectiveKind.choices()],
        required=False,
    )
    level = forms.ChoiceField(label="层级", choices=DirectiveLevel.choices(), initial=DirectiveLevel.INTERNAL)
    issuer = forms.CharField(label="讲话人/发文单位", max_length=100, required=False)
    issued_on = forms.DateField(
        label="日期",
        initial=timezone.localdate,
        widget=DateInput(),
        help_text="“6月底前”“年内”等时限按这个日期推算",
    )
    file = forms.FileField(
        label="上传文件（.txt 或 .docx）",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx"}),
    )
    text = forms.CharField(
        label="或粘贴正文",
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 10, "col": "col-12", "placeholder": "把讲话稿、工作方案或会议纪要的文字粘贴在这里"}
        ),
    )

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError("请上传 .txt/.docx 文件，或粘贴正文")
        return data


class InstructionForm(StyledForm):
    instruction_date = forms.DateField(label="批示日期", required=False, widget=DateInput())
    proposed_handling = forms.CharField(
        label="拟办意见", required=False, widget=forms.Textarea(attrs={"rows": 2, "col": "col-12"})
    )
    handling_result = forms.CharField(
        label="办理结果", required=False, widget=forms.Textarea(attrs={"rows": 2, "col": "col-12"})
    )


# The pickers of a requirement's card: the name the page posts (with the row's id), what is picked, whether
# several, and the label the page and an error show.
CARD_PICKERS = (
    ("lead", "units", False, "牵头单位"),
    ("leader", "leaders", False, "分管领导"),
    ("co", "units", True, "配合单位"),
    ("owner", "people", False, "责任人"),
)


class CardPickers(forms.Form):
    """The decomposition page's pickers, four per proposed requirement (``lead-<pk>``, ``leader-<pk>``,
    ``co-<pk>``, ``owner-<pk>``), as the task form offers when a task is created: a requirement becomes a
    task handed to its lead unit, so the lead, the owner and the 分管领导 (``leaders``: those overseeing a
    unit of the reach or one above it) come from the units one may hand work to, ``reach``; the co-units
    from ``co_reach``, the units the task services accept as 配合 (tasks.eligibility.co_unit_reach). What
    the engine found for a row (its lead and co-units, that lead's 分管领导) stays shown and choosable
    beyond the reach, so the one-click 采用 keeps the suggested lead and the service says why it refuses."""

    def __init__(
        self, data: Any = None, *, found: dict[int, dict[str, Any]], reach: Scope, co_reach: Scope
    ) -> None:
        """``found``: each row's first values by picker name (``{"lead": 3, "co": [4, 5]}``)."""
        super().__init__(data)
        pickers: dict[str, PickerField] = {}
        for pk, values in found.items():
            for name, kind, multiple, label in CARD_PICKERS:
                value = values.get(name)
                co = name == "co"
                field = PickerField(
                    kind, reach=CO_UNITS if co else ASSIGN, multiple=multiple, label=label, required=False
                )
                kept = value if isinstance(value, list) else [value] if value else []
                field.within(co_reach if co else reach, keep=kept)
                field.widget.attrs["class"] = "form-control form-control-sm"
                self.fields[f"{name}-{pk}"] = pickers[f"{name}-{pk}"] = field
                self.initial[f"{name}-{pk}"] = value
        named_together((field, self[name].value()) for name, field in pickers.items())

    def row(self, pk: int) -> dict[str, Any]:
        """What row ``pk`` picked, by picker name (a unit, a person, a list of units, or None); one outside
        the reach (forged) is refused in Chinese, naming the picker and the row."""
        chosen: dict[str, Any] = {}
        for name, _, _, label in CARD_PICKERS:
            key = f"{name}-{pk}"
            field = self.fields[key]
            try:
                chosen[name] = field.clean(field.widget.value_from_datadict(self.data, {}, key))
            except forms.ValidationError as exc:
                raise InvalidInput(
                    f"{label}：{exc.messages[0]}", "outside_reach", errors={"row": [pk]}
                ) from None
        return chosen
