"""The presentations resource of the API."""
