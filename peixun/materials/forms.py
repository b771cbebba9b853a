"""The presentation forms: a new presentation, an upload, a comment, a translator and the checklist."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from peixun.core.enums import Role
from peixun.core.models import User
from peixun.courses.models import Course, CourseModule, Session
from peixun.people.models import Lecturer

from .checklist import ACCEPTABILITY_CHECKLIST

ACCEPTED_FILES = ",".join(
    (
        ".pptx",
        ".docx",
        ".pdf",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/pdf",
    )
)


class FileInput(forms.ClearableFileInput):
    def __init__(self, **kwargs):
        super().__init__(attrs={"accept": ACCEPTED_FILES, **kwargs.pop("attrs", {})}, **kwargs)


def file_field() -> forms.FileField:
    return forms.FileField(
        label=_("File"),
        widget=FileInput(),
        help_text=_(
            "A PowerPoint deck (.pptx) or a Word document (.docx), up to 50 MB; a PDF is kept for reference only."
        ),
        error_messages={"required": _("Choose the file to upload."), "empty": _("The file is empty.")},
    )


class CourseChoiceForm(forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.none(), empty_label=_("Choose a course"))

    def __init__(self, *args, courses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, session: Session) -> str:
        return f"{session.date:%Y-%m-%d} · {session.get_part_of_day_display()} · {session.title}"


class MaterialForm(forms.Form):
    """A new presentation for one session or one module of a course, with its first file."""

    session = SessionChoiceField(label=_("Session"), queryset=Session.objects.none(), required=False)
    module = forms.ModelChoiceField(
        label=_("or module"),
        queryset=CourseModule.objects.none(),
        required=False,
        help_text=_("For a presentation used across a module rather than in one session."),
    )
    lecturer = forms.ModelChoiceField(label=_("Lecturer"), queryset=Lecturer.objects.none())
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    title_zh = forms.CharField(
        label=_("Title (Chinese)"),
        max_length=300,
        required=False,
        help_text=_("Give the title in one language or both; officials read it in theirs."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, sessions, modules, lecturers, own_lecturer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"] = file_field()
        self.fields["session"].queryset = sessions
        self.fields["module"].queryset = modules
        self.fields["lecturer"].queryset = lecturers
        self.own_lecturer = None
        if own_lecturer is not None:
            # A lecturer adds presentations as themselves: nothing to choose.
            self.own_lecturer = own_lecturer
            del self.fields["lecturer"]

    def clean(self):
        data = super().clean()
        if self.own_lecturer is not None:
            data["lecturer"] = self.own_lecturer
        if bool(data.get("session")) == bool(data.get("module")):
            raise forms.ValidationError(_("Choose either a session or a module for the presentation."))
        if not (data.get("title_en") or data.get("title_zh")):
            self.add_error("title_en", _("Give the presentation a title, in English, in Chinese or in both."))
        return data


class UploadForm(forms.Form):
    note = forms.CharField(
        label=_("What changed"), max_length=300, required=False, help_text=_("For the translator and the reviewer.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"file": file_field(), **self.fields}


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


class TranslatorForm(forms.Form):
    translator = forms.ModelChoiceField(
        label=_("Translator"),
        queryset=User.objects.filter(role=Role.TRANSLATOR, is_active=True).order_by("last_name", "username"),
    )


class ChecklistForm(forms.Form):
    """The acceptability check: every item must be ticked."""

    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in ACCEPTABILITY_CHECKLIST:
            self.fields[f"check_{key}"] = forms.BooleanField(label=label, required=False)

    def ticked(self) -> dict[str, bool]:
        return {key: bool(self.data.get(f"check_{key}")) for key, _label in ACCEPTABILITY_CHECKLIST}
