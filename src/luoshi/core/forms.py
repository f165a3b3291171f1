from typing import Any, TypeVar

from django import forms

from .errors import ServiceError

F = TypeVar("F", bound=forms.Field)


class DateInput(forms.DateInput):
    """An HTML date picker; it only understands ISO dates, whatever the language's format is."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None):
        super().__init__(attrs, format="%Y-%m-%d")


class StyledForm(forms.Form):
    """Bootstrap classes on every widget, so templates render fields with one include.

    ``error_fields`` maps a service error's code to the field it concerns, so a refusal by the service
    shows next to that field, with everything else as typed (``add_service_error``)."""

    error_fields: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
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

    def add_service_error(self, error: ServiceError) -> None:
        """The service's message next to the field it names (in ``error.errors`` or by its code)."""
        named = [name for name in error.errors if name in self.fields]
        field: Any = named[0] if named else self.error_fields.get(error.code)
        self.add_error(field if field in self.fields else None, error.message)
