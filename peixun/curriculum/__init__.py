"""The curriculum: topics and module templates with their session outlines, which courses copy."""
