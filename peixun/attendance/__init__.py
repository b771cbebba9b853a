"""Attendance: roll calls and self check-in at sessions, and the class hours they credit."""
