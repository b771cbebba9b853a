"""Template tags and filters of the feedback pages."""
