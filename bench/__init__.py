"""Benchmarks (not tests): pages, the document engine, the upload guard, the ledger and the timetable solver."""
