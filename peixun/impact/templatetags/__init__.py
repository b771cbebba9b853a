"""Template tags and filters of the impact pages."""
