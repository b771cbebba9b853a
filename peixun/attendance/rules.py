"""Permissions on attendance: roll call, the classroom check-in screen, self check-in."""
