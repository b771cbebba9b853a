"""The certificates resource of the API."""
