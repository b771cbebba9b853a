"""The record forms: training elsewhere, an import's workbook, and the compliance report's filters."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peixun.academies.models import Academy
from peixun.core.enums import Role
from peixun.core.forms import DateInput
from peixun.people.models import Jurisdiction, Organisation

from .enums import ComplianceStatus
from .imports import MAX_FILE_BYTES

NO_RULE = "none"
REPORT_YEARS = 10


class ExternalTrainingForm(forms.Form):
    # Only year-month-day: 03/04/2027 reads as March in one country and April in another.
    date = forms.DateField(label=_("Date"), widget=DateInput(), input_formats=["%Y-%m-%d", "%Y/%m/%d"])
    title = forms.CharField(label=_("Training"), max_length=300)
    provider = forms.CharField(label=_("Provider"), max_length=200, required=False)
    hours = forms.DecimalField(label=_("Class hours"), min_value=0.01, max_digits=6, decimal_places=2, required=False)
    days = forms.DecimalField(
        label=_("Days"),
        min_value=0.01,
        max_digits=5,
        decimal_places=2,
        required=False,
        help_text=_("Give class hours or days, not both."),
    )

    def clean(self):
        data = super().clean()
        hours, days = data.get("hours"), data.get("days")
        if "hours" in self.errors or "days" in self.errors:
            return data
        if hours is not None and days is not None:
            self.add_error("days", _("Give the training either in class hours or in days, not both."))
        elif hours is None and days is None:
            self.add_error("hours", _("Give the training in class hours or in days."))
        return data


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel workbook (.xlsx)"),
        help_text=_("At most 5 MB. The first sheet is read: one training per row under a row of column names."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("“%(name)s” is %(size)s MB; a spreadsheet of training can be at most %(max)s MB."),
                params={
                    "name": upload.name,
                    "size": f"{upload.size / 1024 / 1024:.1f}",
                    "max": MAX_FILE_BYTES // 1024 // 1024,
                },
            )
        return upload


GROUP_CHOICES = [
    ("unit", _("Sending unit")),
    ("academy", _("Academy")),
    ("jurisdiction", _("Jurisdiction")),
]


class ComplianceFilterForm(forms.Form):
    """The report's filters. The choices offered are already scoped; the officials are scoped regardless."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    academy = forms.ModelChoiceField(
        label=_("Academy"), queryset=Academy.objects.none(), required=False, empty_label=_("All academies")
    )
    unit = forms.ModelChoiceField(
        label=_("Sending unit"), queryset=Organisation.objects.none(), required=False, empty_label=_("All units")
    )
    jurisdiction = forms.ModelChoiceField(
        label=_("Jurisdiction"),
        queryset=Jurisdiction.objects.all(),
        required=False,
        empty_label=_("All places"),
        help_text=_("Includes the places inside it."),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    group_by = forms.ChoiceField(label=_("Summary by"), choices=GROUP_CHOICES, required=False)

    def __init__(self, *args, user, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        today = today or timezone.localdate()
        self.fields["year"].choices = [(year, str(year)) for year in range(today.year, today.year - REPORT_YEARS, -1)]
        academies = Academy.objects.order_by("name_en")
        units = Organisation.objects.filter(is_sending_unit=True).order_by("name_en")
        if not user.is_programme_staff:
            if user.role == Role.COORDINATOR:
                academies = academies.filter(pk=user.academy_id)
            if user.role == Role.UNIT_CONTACT:
                units = units.filter(pk=user.sending_unit_id)
        self.fields["academy"].queryset = academies
        self.fields["unit"].queryset = units
        self.fields["jurisdiction"].queryset = Jurisdiction.objects.order_by("name_en")
        self.fields["status"].choices = [
            ("", _("Any status")),
            *ComplianceStatus.choices,
            (NO_RULE, _("No rule applies")),
        ]
