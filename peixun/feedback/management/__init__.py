"""Management commands of the feedback app."""
