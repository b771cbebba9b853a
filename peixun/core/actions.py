"""What the audit actions are called in the history people read."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "course.created": _("Course created"),
    "course.changed": _("Course changed"),
    "module.added": _("Module added"),
    "module.changed": _("Module changed"),
    "session.created": _("Session added"),
    "session.changed": _("Session changed"),
    "session.deleted": _("Session removed"),
    "quota.set": _("Quota set"),
    "enrolment.nominated": _("Nominated"),
    "enrolment.confirmed": _("Confirmed"),
    "enrolment.waitlisted": _("Waitlisted"),
    "enrolment.declined": _("Declined"),
    "enrolment.withdrawn": _("Withdrawn"),
    "enrolment.promoted": _("Promoted from the waitlist"),
    "enrolment.substituted": _("Substituted"),
    "enrolment.substitute": _("Took a substituted place"),
    "timetable.built": _("Timetable built"),
    "timetable.accepted": _("Timetable accepted"),
    "timetable.discarded": _("Timetable proposal discarded"),
    "attendance.roll_call": _("Attendance taken at roll call"),
    "attendance.check_in": _("Checked in"),
    "ledger.credit": _("Class hours credited"),
    "ledger.reverse": _("Training record corrected"),
    "ledger.external": _("Training elsewhere recorded"),
    "certificate.issued": _("Certificate issued"),
    "certificate.revoked": _("Certificate revoked"),
    "engagement.created": _("Partner engagement added"),
    "engagement.changed": _("Partner engagement changed"),
    "engagement.reported": _("Partner reported what was delivered"),
    "evaluation.submitted": _("Feedback given"),
    "follow_up.created": _("Follow-up opened"),
    "follow_up.changed": _("Follow-up changed"),
    "follow_up.requested": _("Follow-up asked for in feedback"),
    "follow_up.reminded": _("Follow-up owner reminded"),
    "segment.translated": _("Segment translated"),
    "memory.imported": _("Translation memory imported"),
    "glossary.added": _("Glossary term added"),
    "glossary.changed": _("Glossary term changed"),
    "glossary.deleted": _("Glossary term deleted"),
}


def action_label(action: str) -> str:
    """The action as people read it; an action without a label shows its code rather than nothing."""
    return ACTION_LABELS.get(action, action)
