"""Feedback and follow-up: officials' ratings of sessions, results, and following up interested officials."""
