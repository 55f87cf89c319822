"""The app's own log (the `profiling` loggers): level and format from the settings (PROFILING_LOG_LEVEL,
PROFILING_LOG_FORMAT=text|json), written to standard error for systemd's journal or a container's log. The log
never holds personal data: messages carry ids, counts and incident numbers only."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from profiling.settings import Settings

HANDLER_NAME = "profiling"


class JsonLines(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message - and the stack of an error."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname, "logger": record.name, "message": record.getMessage(),
        }
        if record.exc_info:
            entry["stack"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure(settings: Settings) -> logging.Logger:
    """Set up the `profiling` logger once per process (again with new settings replaces its handler)."""
    logger = logging.getLogger("profiling")
    for handler in [h for h in logger.handlers if h.get_name() == HANDLER_NAME]:
        logger.removeHandler(handler)
    handler = logging.StreamHandler()
    handler.set_name(HANDLER_NAME)
    handler.setFormatter(
        JsonLines() if settings.log_format == "json" else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    logger.addHandler(handler)
    logger.setLevel(settings.log_level)
    logger.propagate = False
    return logger
