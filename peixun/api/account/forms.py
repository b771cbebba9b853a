"""The form that makes an API token."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import TokenScope


class NewTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Which system uses it, e.g. “Unit personnel system”."),
    )
    scope = forms.ChoiceField(
        label=_("Scope"),
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        widget=forms.RadioSelect,
        help_text=_("A token that may only read is refused every change."),
    )
