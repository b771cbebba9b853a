"""Academies and their venues: classrooms, site-visit hosts and restaurants, with their days and times."""
