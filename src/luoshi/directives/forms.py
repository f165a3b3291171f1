from __future__ import annotations

from django import forms
from django.utils import timezone

from luoshi.core.forms import DateInput, StyledForm

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
    kind = forms.ChoiceField(label="类型", choices=DirectiveKind.choices())
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
