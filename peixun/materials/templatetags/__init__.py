"""Template tags of the materials app."""
