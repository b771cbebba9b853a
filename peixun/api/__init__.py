"""Peixun's REST API: personal tokens, the conventions every endpoint keeps, and the resources under /api/v1/."""
