"""The partner forms: an engagement and its report, a press item and a published translation."""

from django import forms
from django.urls import reverse_lazy
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from peixun.core.params import parse_id
from peixun.courses.models import Course, Session
from peixun.people.models import Organisation

from .models import Engagement


def session_label(session: Session) -> str:
    # Translators: a session in a list of choices: its date, part of day, title and format.
    return _("%(day)s · %(part)s · %(title)s (%(format)s)") % {
        "day": date_format(session.date, "DATE_FORMAT"),
        "part": session.get_part_of_day_display(),
        "title": session.title,
        "format": session.get_format_display(),
    }


def session_choices(course_id) -> list[tuple[str, str]]:
    """The sessions of one course, as the session field offers them (never every course's)."""
    sessions = Session.objects.filter(course_id=course_id).order_by("date", "part_of_day", "pk") if course_id else []
    return [("", "—")] + [(str(s.pk), session_label(s)) for s in sessions]


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return session_label(obj)


class EngagementForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Organisation.objects.order_by("name_en"))
    course = forms.ModelChoiceField(
        label=_("Course"),
        queryset=Course.objects.select_related("academy").order_by("-start", "title_en"),
        widget=forms.Select(
            attrs={
                "hx-get": reverse_lazy("partners:session_choices"),
                "hx-target": "#id_session",
                "hx-trigger": "change",
            }
        ),
    )
    session = SessionChoiceField(
        label=_("Session"),
        queryset=Session.objects.select_related("course"),
        required=False,
        help_text=_("Optional: the session in the course's timetable where it takes place."),
    )
    kind = forms.ChoiceField(label=_("What the partner hosts"), choices=Engagement.Kind.choices)
    state = forms.ChoiceField(label=_("State"), choices=Engagement.State.choices, initial=Engagement.State.PROPOSED)
    promised_en = forms.CharField(
        label=_("Promised (English)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("What the partner undertook to provide: in English, in Chinese or in both."),
    )
    promised_zh = forms.CharField(
        label=_("Promised (Chinese)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    guests_promised = forms.IntegerField(label=_("Guests promised"), min_value=0, max_value=1000, required=False)
    delivered_en = forms.CharField(
        label=_("Delivered (English)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("What actually took place."),
    )
    delivered_zh = forms.CharField(
        label=_("Delivered (Chinese)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    guests_delivered = forms.IntegerField(label=_("Guests hosted"), min_value=0, max_value=1000, required=False)
    notes = forms.CharField(
        label=_("Notes"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("For programme staff only; partner contacts and coordinators do not see them."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The session is checked against the whole table (the service says when it belongs to another
        # course), but only the chosen course's sessions are offered.
        course_id = self.data.get("course") if self.is_bound else self.initial.get("course")
        if isinstance(course_id, Course | int):
            course_id = course_id if isinstance(course_id, int) else course_id.pk
        else:
            course_id = parse_id(course_id)
        self.fields["session"].widget.choices = session_choices(course_id)


class ReportForm(forms.Form):
    delivered_en = forms.CharField(
        label=_("What took place (English)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_(
            "For example: the dinner's programme, who spoke, what the officials saw or discussed. Write it in "
            "English, in Chinese or in both."
        ),
    )
    delivered_zh = forms.CharField(
        label=_("What took place (Chinese)"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    guests_delivered = forms.IntegerField(
        label=_("Guests hosted"),
        min_value=0,
        max_value=1000,
        required=False,
        help_text=_("How many officials and guests you hosted."),
    )
