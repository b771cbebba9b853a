"""Template tags and filters every app's pages use."""
