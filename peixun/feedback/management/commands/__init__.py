"""The feedback app's commands: e-mailing each owner their follow-ups due soon or overdue."""
