"""What every app's forms share: a service's refusal shown on the form, a date input and an ids choice."""

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal on the form: on the field it names when the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item)
    else:
        form.add_error(None, error)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """A choice of several objects whose values are checked to be ids before the database sees them:
    Django's field passes them to ``pk__in``, where twenty digits overflow the column (a server error)."""

    def _check_values(self, value):
        from .params import parse_id

        for pk in value:
            if parse_id(pk if isinstance(pk, str) else str(pk)) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)
