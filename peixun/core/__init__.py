"""What every app shares: users and roles, the audit trail, permissions, languages, times and page helpers."""
