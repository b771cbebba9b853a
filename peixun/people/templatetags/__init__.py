"""Template tags and filters of the people pages."""
