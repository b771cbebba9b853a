"""Management commands of the attendance app."""
