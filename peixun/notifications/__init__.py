"""Notices: what an action changed for a person, shown on their start page until dismissed."""
