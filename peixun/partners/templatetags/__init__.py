"""Template tags and filters of the partner pages."""
