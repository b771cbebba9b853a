"""The impact dashboard's filters: a range of years and an academy."""

from django import forms
from django.db.models import Min
from django.utils.translation import gettext_lazy as _

from peixun.academies.models import Academy
from peixun.courses.models import Course


class ImpactFilterForm(forms.Form):
    """The dashboard's filters: a range of years (of the courses' last days) and an academy.

    Any academy is a valid choice, so that a coordinator asking for another academy is refused with
    a reason (``impact.view_academy``) rather than told the choice is invalid; the list offers a
    coordinator their own academy only (``own_academy``).
    """

    year_from = forms.TypedChoiceField(label=_("From the year"), coerce=int, required=False, empty_value=None)
    year_to = forms.TypedChoiceField(label=_("To the year"), coerce=int, required=False, empty_value=None)
    academy = forms.ModelChoiceField(
        label=_("Academy"), queryset=Academy.objects.order_by("name_en"), required=False, empty_label=_("All academies")
    )

    def __init__(self, *args, user, today, own_academy=None, **kwargs):
        super().__init__(*args, **kwargs)
        first = Course.objects.aggregate(first=Min("end"))["first"]
        first_year = min(first.year, today.year) if first else today.year
        years = [("", _("Any"))] + [(year, str(year)) for year in range(today.year, first_year - 1, -1)]
        self.fields["year_from"].choices = years
        self.fields["year_to"].choices = years
        if not user.is_programme_staff:
            # A coordinator is offered their own academy only (``own_academy``).
            self.fields["academy"].widget.choices = [(own_academy.pk, own_academy.name)] if own_academy else []

    def clean(self):
        data = super().clean()
        year_from, year_to = data.get("year_from"), data.get("year_to")
        if year_from is not None and year_to is not None and year_from > year_to:
            self.add_error("year_to", _("The last year comes before the first; swap them."))
        return data
