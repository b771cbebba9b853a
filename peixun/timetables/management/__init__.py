"""Management commands of the timetables app."""
