"""Template tags and filters of notices."""
