"""Tests of the start page: each role's next tasks, counted and linked, in a fixed number of queries."""
