"""Permissions on training records, compliance reports and imports."""
