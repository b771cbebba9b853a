"""Permissions on presentations and their workflow."""
