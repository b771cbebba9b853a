"""E-mails written in both languages, in one message."""

from django.template.loader import render_to_string
from django.utils import translation


def bilingual_message(template: str, context: dict, languages=("zh-hans", "en")) -> tuple[str, str]:
    """Subject and body of ``template`` rendered in each of ``languages`` in turn (the template's first
    line is the subject): the subjects joined by " / ", the bodies by a rule."""
    subjects, bodies = [], []
    for language in languages:
        with translation.override(language):
            subject, _newline, body = render_to_string(template, context).strip().partition("\n")
        subjects.append(subject.strip())
        bodies.append(body.strip())
    return " / ".join(subjects), "\n\n————————\n\n".join(bodies) + "\n"
