"""The feedback forms: a session's ratings, the results filters, and a follow-up's changes and creation."""

import datetime

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peixun.academies.models import Academy
from peixun.core import clock
from peixun.core.forms import DateInput
from peixun.core.models import User
from peixun.courses.models import Course, Session
from peixun.curriculum.models import Topic
from peixun.people.models import Lecturer, Official, Organisation

from .models import RATINGS, FollowUp
from .selectors import FEEDBACK_STATUSES, staff_users
from .services import FOLLOW_UP_DAYS

#: The answers to each question, 1 (not at all) to 5 (very much).
SCALE = [(value, str(value)) for value in range(1, 6)]
COMMENT_MAX = 2000


class EvaluationForm(forms.Form):
    """A session's feedback form: one 1-5 scale for each question in ``RATINGS``, a comment, and the
    wish to follow up. The scales are made from ``RATINGS``, so a new question appears on every form."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. Lecturers read comments without your name."),
    )
    wants_follow_up = forms.BooleanField(
        label=_("I want to follow up on this"),
        required=False,
        help_text=_("The programme team will get in touch with you about this topic."),
    )
    share_name_with_lecturer = forms.BooleanField(
        label=_("Tell the lecturer my name"),
        required=False,
        initial=False,
        help_text=_(
            "Only with a follow-up. Unless you tick this, the lecturer learns that an official asked to "
            "follow up, not who."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scales = {
            name: forms.TypedChoiceField(label=label, choices=SCALE, coerce=int, widget=forms.RadioSelect)
            for name, label in RATINGS
        }
        self.fields = {**scales, **self.fields}

    def scales(self) -> list:
        return [self[name] for name, _label in RATINGS]

    def answers(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name, _label in RATINGS}


SORT_CHOICES = [("date", _("Newest first")), ("interest", _("Lowest interest first"))]
TREND_CHOICES = [("lecturer", _("Lecturer")), ("topic", _("Topic"))]


class ResultsFilterForm(forms.Form):
    """The dashboard's filters. The academies and courses offered are the user's; the sessions are scoped regardless."""

    academy = forms.ModelChoiceField(
        label=_("Academy"), queryset=Academy.objects.none(), required=False, empty_label=_("All academies")
    )
    course = forms.ModelChoiceField(
        label=_("Course"), queryset=Course.objects.none(), required=False, empty_label=_("All courses")
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    order = forms.ChoiceField(label=_("Sessions"), choices=SORT_CHOICES, required=False)
    trend = forms.ChoiceField(label=_("Trend by"), choices=TREND_CHOICES, required=False)

    def __init__(self, *args, courses: QuerySet[Course], academies: QuerySet[Academy], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["academy"].queryset = academies.order_by("name_en")
        self.fields["course"].queryset = courses.select_related("academy").order_by("-start", "title_en")

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period is before its beginning."))
        return data


class LecturerResultsFilterForm(forms.Form):
    course = forms.ModelChoiceField(
        label=_("Course"), queryset=Course.objects.none(), required=False, empty_label=_("All courses")
    )
    order = forms.ChoiceField(label=_("Sessions"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, courses: QuerySet[Course], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses.select_related("academy").order_by("-start", "title_en")


# Follow-up ----------------------------------------------------------------------------------------

ACTIVE = "active"
ANY = "any"
MINE = "me"
NOBODY = "none"
OVERDUE = "overdue"
THIS_WEEK = "week"


class FollowUpForm(forms.Form):
    """What staff change on a follow-up."""

    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=User.objects.none(), required=False, empty_label=_("Nobody yet")
    )
    due = forms.DateField(label=_("Due"), required=False, widget=DateInput())
    state = forms.ChoiceField(label=_("State"), choices=FollowUp.State.choices)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_users()


class OfficialChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        unit = obj.sending_unit.name if obj.sending_unit_id else ""
        return f"{obj.display_name} · {unit}" if unit else obj.display_name


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{clock.day(obj.date)} · {obj.title} · {obj.course.title}"


def default_due() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=FOLLOW_UP_DAYS)


class FollowUpCreateForm(FollowUpForm):
    """A follow-up staff add by hand. Opened for a given official, it offers the sessions of their courses."""

    official = OfficialChoiceField(label=_("Official"), queryset=Official.objects.none())
    session = SessionChoiceField(label=_("Session"), queryset=Session.objects.none(), required=False)
    lecturer = forms.ModelChoiceField(
        label=_("Lecturer"),
        queryset=Lecturer.objects.none(),
        required=False,
        help_text=_("The lecturer sees the official's name, post and unit on this follow-up, never their contacts."),
    )
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("A corporate partner or another organisation to involve."),
    )
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=Topic.objects.none(), required=False)

    field_order = ["official", "session", "lecturer", "partner", "topic", "owner", "due", "notes"]

    def __init__(self, *args, official: Official | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["state"]
        self.official = official
        if official is None:
            self.fields["official"].queryset = Official.objects.select_related("sending_unit").order_by("search_key")
            del self.fields["session"]
        else:
            del self.fields["official"]
            courses = official.enrolments.filter(status__in=FEEDBACK_STATUSES).values("course_id")
            self.fields["session"].queryset = (
                Session.objects.filter(course_id__in=courses).select_related("course").order_by("-date", "-pk")
            )
        self.fields["lecturer"].queryset = Lecturer.objects.order_by("name")
        self.fields["partner"].queryset = Organisation.objects.filter(is_sending_unit=False).order_by("name_en")
        self.fields["topic"].queryset = Topic.objects.all()
        self.fields["due"].initial = default_due()
        self.order_fields(self.field_order)

    def follow_up_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["official"] = self.official or data["official"]
        return data
