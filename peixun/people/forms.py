"""The form of a lecturer's availability window."""

from django import forms
from django.utils.translation import gettext_lazy as _

from peixun.core.forms import DateInput


class AvailabilityForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("Until"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
