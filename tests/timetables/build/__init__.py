"""Tests of the build pages and services: building, reviewing, accepting, discarding and restoring proposals."""
