"""The forms that add and edit a press item and a translated document."""

from django import forms
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peixun.core.forms import DateInput, IdsChoiceField
from peixun.courses.models import Course
from peixun.people.models import Jurisdiction, Organisation

from .selectors import media_outlets
from .uploads import ACCEPTED, MAX_BYTES

ACCEPT = ",".join(ACCEPTED)


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
