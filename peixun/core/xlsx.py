"""Kept so that older imports still work: the Excel kit is :mod:`peixun.core.spreadsheets`."""

from peixun.core.spreadsheets import Table, workbook_bytes

__all__ = ["Table", "workbook_bytes"]
