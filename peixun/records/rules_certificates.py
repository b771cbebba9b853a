"""Permissions on certificates and training documents."""
