"""The feedback resource of the API."""
