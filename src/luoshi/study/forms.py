"""The study session form: the recorder's own units, their people as attendees (all ticked to start with:
untick who was absent), photos from the phone camera. Ids outside the offered lists reach the service,
which says in Chinese why they are refused."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from luoshi.core.forms import AnyIdChoice, AnyIdsChoice, DateInput, StyledForm
from luoshi.org.models import Person, Unit, leaders_in_charge
from luoshi.tasks.forms import MultipleFileField, MultipleFileInput

from .models import directive_rows
from .services import people_of

PHOTO_ERRORS = {
    code: "photos"
    for code in ("file_type", "file_too_big", "file_content", "file_unzipped_too_big", "too_many_files")
}


def directive_choices(user: Any) -> list[tuple[str, str]]:
    rows = (
        directive_rows().restrict(user).order_by("-issued_on", "-id").only("id", "title", "issued_on")[:100]
    )
    return [("", "请选择要学习的文件")] + [(str(d.pk), f"{d.title}（{d.issued_on:%Y-%m-%d}）") for d in rows]


class StudySessionForm(StyledForm):
    error_fields = {
        "not_own_unit": "unit",
        "date_in_future": "held_on",
        "before_issued": "held_on",
        "attendee_outside_unit": "attendees",
        "ineligible_leader": "led_by",
        "duplicate_submit": "held_on",
        **PHOTO_ERRORS,
    }
    directive = AnyIdChoice(label="学习文件", coerce=int, widget=forms.Select(attrs={"col": "col-12"}))
    unit = AnyIdChoice(label="学习单位", coerce=int)
    held_on = forms.DateField(label="学习日期", widget=DateInput())
    led_by = AnyIdChoice(label="领学人", coerce=int)
    attendees = AnyIdsChoice(
        label="参加人员",
        coerce=int,
        widget=forms.CheckboxSelectMultiple(attrs={"col": "col-12"}),
        help_text="默认勾选本单位全部人员，请取消未参加的人员。",
    )
    notes = forms.CharField(
        label="学习内容和体会", widget=forms.Textarea(attrs={"rows": 5, "col": "col-12"}), max_length=20000
    )
    photos = MultipleFileField(
        label="学习照片",
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png", "col": "col-12"}),
        help_text="可选，JPEG或PNG，最多12张；保存时自动缩小并去除拍摄信息。",
    )

    def __init__(self, *args: Any, user: Any, units: list[Unit], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.units = units
        people = self.people = _people(units)
        leaders = {p.pk: p for unit in units for p in leaders_in_charge(unit)}
        several = len(units) > 1
        self.field("directive", AnyIdChoice).choices = directive_choices(user)
        self.field("unit", AnyIdChoice).choices = [(str(u.pk), u.name) for u in units]
        self.field("attendees", AnyIdsChoice).choices = [
            (str(p.pk), f"{p.name}（{p.unit.name}）" if several and p.unit else p.name)
            for p in people.values()
        ]
        self.field("led_by", AnyIdChoice).choices = (
            [("", "请选择")]
            + [(str(p.pk), f"{p.name}　{p.title}".strip()) for p in people.values()]
            + [(str(pk), f"{p.name}　{p.title}（分管领导）") for pk, p in leaders.items() if pk not in people]
        )
        self.fields["attendees"].widget.attrs["class"] = "form-check-input"
        if not self.is_bound:
            self.fields["held_on"].initial = timezone.localdate()
            if units:
                self.fields["unit"].initial = units[0].pk
                self.fields["attendees"].initial = [p.pk for p in people.values() if p.unit_id == units[0].pk]


def _people(units: list[Unit]) -> dict[int, Person]:
    found: dict[int, Person] = {}
    for unit in units:
        for person in people_of(unit).select_related("unit"):
            found.setdefault(person.pk, person)
    return found
