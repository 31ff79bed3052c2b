"""Logs carry no personal data: a filter that masks ID-number-like and phone-like digit runs and
e-mail addresses in every record (its message with the arguments merged in), whichever logger wrote it.

Installed on the desktop app's log file handler (``app._setup_logging``); crash details go through
the same :func:`counter_app.domain.privacy.redact`. Names cannot be recognised in free text: no code
path logs an applicant's name (a test greps the log after intakes, a failing sync and a crash).
"""

from __future__ import annotations

import logging

from counter_app.domain.privacy import redact


class RedactingFilter(logging.Filter):
    """Rewrites each record's message as its redacted, fully formatted text (``args`` consumed)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            text = record.getMessage()
        except (TypeError, ValueError):  # a message that does not match its arguments: keep the template only
            text = str(record.msg)
        record.msg = redact(text)
        record.args = None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
