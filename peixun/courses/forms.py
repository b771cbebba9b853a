"""The course forms: a course, its modules and sessions, unit quotas and the choice of officials."""

from django import forms
from django.utils.translation import gettext_lazy as _

from peixun.academies.models import Academy, Venue
from peixun.core.forms import DateInput, IdsChoiceField
from peixun.curriculum.enums import PartOfDay, SessionFormat
from peixun.curriculum.models import Module
from peixun.people.models import Lecturer, Official, Organisation

from .enums import CourseStatus
from .models import WEEKDAYS, Course, CourseModule


class CourseForm(forms.Form):
    academy = forms.ModelChoiceField(label=_("Academy"), queryset=Academy.objects.all())
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=200)
    start = forms.DateField(label=_("First day"), widget=DateInput())
    end = forms.DateField(label=_("Last day"), widget=DateInput())
    day_off = forms.TypedChoiceField(label=_("Weekly day off"), choices=WEEKDAYS, coerce=int, initial=6)
    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=1,
        max_value=500,
        required=False,
        help_text=_("Leave empty for the academy's usual class size."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=CourseStatus.choices, initial=CourseStatus.PLANNING)
    modules = IdsChoiceField(
        label=_("Modules"),
        queryset=Module.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each chosen module is copied into the course, where it can then be changed."),
    )

    def __init__(self, *args, academies=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if academies is not None:
            self.fields["academy"].queryset = academies
            if len(academies) == 1:
                self.fields["academy"].initial = academies[0].pk
                self.fields["capacity"].initial = academies[0].usual_capacity
        if editing:
            del self.fields["modules"]
            del self.fields["academy"]
            self.fields["capacity"].required = True

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The course ends before it begins."))
        if data.get("capacity") is None and data.get("academy") is not None:
            data["capacity"] = data["academy"].usual_capacity
        return data


class CourseModuleForm(forms.Form):
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=200)
    objectives_en = forms.CharField(
        label=_("Objectives (English)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    objectives_zh = forms.CharField(
        label=_("Objectives (Chinese)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    days = forms.IntegerField(label=_("Days"), min_value=2, max_value=6)
    first_day = forms.DateField(label=_("First day"), widget=DateInput(), required=False)
    order = forms.IntegerField(label=_("Order"), min_value=0, initial=0)


class AddModuleForm(forms.Form):
    template = forms.ModelChoiceField(label=_("Module template"), queryset=Module.objects.all())


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    part_of_day = forms.TypedChoiceField(label=_("Part of day"), choices=PartOfDay.choices, coerce=int)
    format = forms.ChoiceField(label=_("Format"), choices=SessionFormat.choices)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=200)
    module = forms.ModelChoiceField(label=_("Module"), queryset=CourseModule.objects.none(), required=False)
    lecturers = IdsChoiceField(
        label=_("Lecturers"),
        queryset=Lecturer.objects.select_related("affiliation"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    venue = forms.ModelChoiceField(label=_("Venue"), queryset=Venue.objects.all(), required=False)
    sponsor = forms.ModelChoiceField(label=_("Sponsoring partner"), queryset=Organisation.objects.all(), required=False)
    class_hours = forms.DecimalField(
        label=_("Class hours"),
        min_value=0,
        max_value=12,
        decimal_places=1,
        help_text=_("Dinners and lunches credit no class hours."),
    )
    start_time = forms.TimeField(
        label=_("Begins"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Leave both times empty for the academy's usual times for this part of the day."),
    )
    end_time = forms.TimeField(
        label=_("Ends"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    pinned = forms.BooleanField(
        label=_("Pinned"), required=False, help_text=_("Automatic timetabling leaves it where it is.")
    )

    def __init__(self, *args, course: Course, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = course.modules.all()
        self.fields["venue"].queryset = Venue.objects.within_reach_of(course.academy)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if (start is None) != (end is None):
            missing = "end_time" if end is None else "start_time"
            self.add_error(missing, _("Give both times, or leave both empty."))
        elif start is not None and start >= end:
            self.add_error("end_time", _("The session must end after it begins."))
        return data


class QuotaForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Sending unit"), queryset=Organisation.objects.filter(is_sending_unit=True))
    seats = forms.IntegerField(label=_("Seats"), min_value=0, max_value=500)
    priority = forms.IntegerField(
        label=_("Priority"), min_value=1, max_value=9, initial=5, help_text=_("1 is the highest.")
    )


class OfficialChoiceForm(forms.Form):
    official = forms.ModelChoiceField(label=_("Official"), queryset=Official.objects.none())

    def __init__(self, *args, officials, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["official"].queryset = officials
