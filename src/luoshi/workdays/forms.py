from django import forms

from luoshi.core.forms import DateInput, StyledForm

from .choices import DayKind
from .imports import NAME_MAX


class DayForm(StyledForm):
    date = forms.DateField(label="日期", widget=DateInput(attrs={"col": "col-7"}))
    kind = forms.ChoiceField(
        label="类型", choices=DayKind.choices(), widget=forms.Select(attrs={"col": "col-5"})
    )
    name = forms.CharField(
        label="名称",
        max_length=NAME_MAX,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "如：国庆节", "col": "col-12"}),
    )


class MarkYearForm(StyledForm):
    note = forms.CharField(
        label="说明",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "如：国办发明电〔2026〕7号"}),
    )
