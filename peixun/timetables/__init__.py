"""Timetables: building them with the scheduling engine, reviewing, accepting and exporting them."""
