"""Template tags and filters of the course pages and the roster."""
