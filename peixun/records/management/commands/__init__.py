"""The records app's commands: checking and granting database roles, and e-mailing compliance alerts."""
