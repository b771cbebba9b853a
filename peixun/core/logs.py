"""Structured logs: one JSON object per line (``PEIXUN_LOG_FORMAT=json``), for a log collector that reads
fields rather than sentences. Every process (app server, worker, beat, commands) writes to stderr; the
collector adds where it came from, and each line says which host and process wrote it."""

from __future__ import annotations

import datetime
import json
import logging
import socket

# Attributes every LogRecord has; anything else was passed in ``extra=`` and is written as a field.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}
_HOST = socket.gethostname()


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message", "host", "process", ...extra, "exception"}`` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "host": _HOST,
            "process": record.process,
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
