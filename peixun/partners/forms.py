"""The partner forms: an engagement and its report, a press item and a published translation."""

from django import forms
from django.core.validators import URLValidator
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from peixun.core.forms import DateInput, IdsChoiceField
from peixun.core.params import parse_id
from peixun.courses.models import Course, Session
from peixun.people.models import Jurisdiction, Organisation

from .models import Engagement
from .selectors import media_outlets
from .uploads import ACCEPTED, MAX_BYTES

ACCEPT = ",".join(ACCEPTED)


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


class PressItemForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    outlet = forms.ModelChoiceField(
        label=_("Outlet"),
        queryset=Organisation.objects.none(),
        help_text=_("Media outlets are organisations of the kind “Media outlet” in the reference data."),
    )
    title_en = forms.CharField(label=_("Headline (English)"), max_length=300)
    title_zh = forms.CharField(label=_("Headline (Chinese)"), max_length=300)
    url = forms.CharField(
        label=_("Link"),
        max_length=500,
        required=False,
        validators=[
            URLValidator(schemes=["http", "https"], message=_("Enter a web address starting with http:// or https://."))
        ],
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    summary_en = forms.CharField(label=_("Summary (English)"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    summary_zh = forms.CharField(label=_("Summary (Chinese)"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    courses = IdsChoiceField(
        label=_("Courses it is about"),
        queryset=Course.objects.order_by("-start", "title_en"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    published = forms.BooleanField(label=_("Shown publicly"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outlet"].queryset = media_outlets()

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date is in the future; the archive holds what has been published."))
        return value


class DocumentForm(forms.Form):
    title_en = forms.CharField(label=_("Title (English)"), max_length=300)
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=300)
    date = forms.DateField(label=_("Date"), widget=DateInput(), help_text=_("When the translation was published."))
    jurisdiction = forms.ModelChoiceField(
        label=_("Place"), queryset=Jurisdiction.objects.order_by("name_en"), required=False
    )
    summary_en = forms.CharField(label=_("Summary (English)"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    summary_zh = forms.CharField(label=_("Summary (Chinese)"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    translated_file = forms.FileField(
        label=_("Translation"),
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )
    source_file = forms.FileField(
        label=_("Original"),
        required=False,
        help_text=_("Optional: the document in its original language."),
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )
    published = forms.BooleanField(label=_("Shown publicly"), required=False, initial=True)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["translated_file"].help_text = _(
            "PDF, Word (.docx), PowerPoint (.pptx) or Excel (.xlsx), up to %(mb)d MB."
        ) % {"mb": MAX_BYTES // 2**20}
        if editing:
            self.fields["translated_file"].required = False
            self.fields["translated_file"].help_text = _(
                "Upload a file only to replace the translation; the earlier file is kept."
            )
            self.fields["source_file"].help_text = _(
                "Upload a file only to replace the original; the earlier file is kept."
            )
