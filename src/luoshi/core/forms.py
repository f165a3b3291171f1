import copy
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.forms.boundfield import BoundField
from django.http import HttpRequest

from .errors import ServiceError
from .filters import whole_number
from .text import guard_typed_text

F = TypeVar("F", bound=forms.Field)


class DateInput(forms.DateInput):
    """An HTML date picker; it only understands ISO dates, whatever the language's format is."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None):
        super().__init__(attrs, format="%Y-%m-%d")


class AnyIdChoice(forms.TypedChoiceField):
    """A choice whose value the service judges: an id not offered gets its reason, not Django's 'invalid'."""

    def valid_value(self, value: Any) -> bool:
        return whole_number(value) is not None


class AnyIdsChoice(forms.TypedMultipleChoiceField):
    def valid_value(self, value: Any) -> bool:
        return whole_number(value) is not None


class LaidOutField(BoundField):
    """A field whose widget's ``col`` is the grid column its wrapper takes (core/_form.html reads it), not an
    attribute of the input: the widget is rendered without it (a ``col="col-12"`` on a textarea is no
    HTML)."""

    def as_widget(self, widget: Any = None, attrs: Any = None, only_initial: bool = False) -> Any:
        widget = widget or self.field.widget
        if "col" in widget.attrs:
            widget = copy.copy(widget)
            widget.attrs = {k: v for k, v in widget.attrs.items() if k != "col"}
        return super().as_widget(widget, attrs, only_initial)


class ServiceErrors(forms.Form):
    """A form that shows a service's refusal: ``error_fields`` maps a service error's code to the field it
    concerns, so the refusal shows next to that field, with everything else as typed."""

    error_fields: dict[str, str] = {}
    bound_field_class = LaidOutField

    def full_clean(self) -> None:
        """Typed text is checked for what a reader cannot see (core.text), on the fields a view added after
        the form was made too."""
        guard_typed_text(self.fields.values())
        super().full_clean()

    def add_service_error(self, error: ServiceError, request: HttpRequest) -> None:
        """The service's message next to the field it names (in ``error.errors`` or by its code); a refusal
        that names no field (a right, a state: a period locked, a report already commented) is said at the
        top of the page, where it shows even when the page no longer offers the form. A refusal naming
        several fields (each one left empty) puts its message by the first and each other's own by it. The
        form keeps what was typed either way."""
        named = [name for name in error.errors if name in self.fields]
        field: Any = named[0] if named else self.error_fields.get(error.code)
        if field in self.fields:
            self.add_error(field, error.message)
        else:
            messages.error(request, error.message)
        for other in named[1:]:
            self.add_error(other, error.errors[other])


class StyledForm(ServiceErrors):
    """Bootstrap classes on every widget, so templates render fields with one include."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect)):  # checkbox lists too
                css = "form-check-input"
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"

    def field(self, name: str, kind: type[F]) -> F:
        """The named field as the kind it is, to set what only that kind has (``choices``,
        ``empty_label``); ``self.fields`` knows them all as plain fields."""
        field = self.fields[name]
        if not isinstance(field, kind):
            raise TypeError(
                f"{type(self).__name__}.{name} is a {type(field).__name__}, not a {kind.__name__}"
            )
        return field
