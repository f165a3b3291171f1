"""A service's refusal on a form: next to the field it names, else above the page; what was typed stays."""

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from luoshi.core.errors import Conflict, InvalidInput
from luoshi.core.forms import StyledForm


class NoteForm(StyledForm):
    error_fields = {"empty_note": "note"}

    note = forms.CharField(required=False)


def _request():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_a_refusal_naming_a_field_shows_beside_it():
    form, request = NoteForm({"note": " "}), _request()
    form.is_valid()
    form.add_service_error(InvalidInput("请填写备注", "empty_note"), request)
    assert form.errors == {"note": ["请填写备注"]} and not list(get_messages(request))


def test_a_refusal_of_state_is_said_above_the_page_and_the_form_keeps_the_text():
    form, request = NoteForm({"note": "已写的内容"}), _request()
    form.is_valid()
    form.add_service_error(Conflict("考核期已锁定", "period_locked"), request)
    assert [str(m) for m in get_messages(request)] == ["考核期已锁定"]
    assert form["note"].value() == "已写的内容" and not form.errors


class ChoicesForm(StyledForm):
    one = forms.ChoiceField(choices=[("a", "甲"), ("b", "乙")], widget=forms.RadioSelect)
    many = forms.MultipleChoiceField(choices=[("a", "甲")], widget=forms.CheckboxSelectMultiple)
    tick = forms.BooleanField(required=False)
    pick = forms.ChoiceField(choices=[("a", "甲")])
    text = forms.CharField()


def test_each_widget_gets_its_bootstrap_class():
    """A radio or checkbox styled as a text box draws as a wide empty frame: choices are form-check-input."""
    form = ChoicesForm()
    classes = {name: field.widget.attrs["class"] for name, field in form.fields.items()}
    assert classes == {
        "one": "form-check-input",
        "many": "form-check-input",
        "tick": "form-check-input",
        "pick": "form-select",
        "text": "form-control",
    }
    assert 'class="form-check-input"' in str(next(iter(form["one"])).tag())


def test_a_widgets_column_lays_out_its_wrapper_and_is_no_attribute_of_the_input():
    class Notes(StyledForm):
        notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2, "col": "col-12"}))

    form = Notes()
    html = str(form["notes"])
    assert html.startswith("<textarea") and 'rows="2"' in html and "col=" not in html
    assert form.fields["notes"].widget.attrs["col"] == "col-12"  # what core/_form.html reads
