"""The course catalogue: courses, modules, sessions, quotas and enrolments."""
