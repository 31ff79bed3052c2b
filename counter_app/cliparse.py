"""What both command lines (``counter-app`` and ``district-server``) share about their command line.

- :class:`Parser`: argparse in the user's language. argparse's own texts (the "usage:" prefix, the help
  headings, the "error:" line and its sentences such as "the following arguments are required") go
  through the CLI's message table (``translate``), and a mistake raises :class:`UsageError`, which the
  CLI prints as one line on stderr with exit status 2. Quoted values are cut to about 80 characters.
- :func:`run_guarded`: a command whose reader stops early (``counter-app search an | head -1``) ends
  quietly instead of with a ``BrokenPipeError`` traceback.

Plain Python (argparse), no Qt and no database: the hub may import it (pyproject.toml's contracts).
"""

from __future__ import annotations

import argparse
import errno
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NoReturn

from counter_app.domain.text import shorten

EXIT_BROKEN_PIPE = 1  # the reader went away (Python's documented convention for a closed stdout)

# The message codes a CLI's table must have (counter_app/messages.py, district_server/errors.py).
# argparse's own texts in both languages; both CLIs' message tables take them (one table, not two).
ARGPARSE_TEXTS: dict[str, tuple[str, str]] = {
    "argparse.usage": ("cách dùng: ", "usage: "),
    "argparse.positionals": ("tham số vị trí", "positional arguments"),
    "argparse.options": ("tùy chọn", "options"),
    "argparse.help": ("hiện hướng dẫn này rồi thoát", "show this help message and exit"),
    "argparse.version": ("hiện số phiên bản rồi thoát", "show the version number and exit"),
    "argparse.error": ("{prog}: lỗi: {message}", "{prog}: error: {message}"),
    "argparse.argument": ("tham số {argument}: {message}", "argument {argument}: {message}"),
    "argparse.required": ("thiếu tham số bắt buộc: {names}", "the following arguments are required: {names}"),
    "argparse.unrecognized": ("tham số không nhận ra: {values}", "unrecognized arguments: {values}"),
    "argparse.choice": (
        "giá trị không có trong danh sách: {value} (chọn một trong: {choices})",
        "invalid choice: {value} (choose from {choices})",
    ),
    "argparse.expected_one": ("cần một giá trị", "expected one argument"),
    "argparse.expected_at_most_one": ("cần nhiều nhất một giá trị", "expected at most one argument"),
    "argparse.expected_at_least_one": ("cần ít nhất một giá trị", "expected at least one argument"),
    "argparse.expected_count": ("cần {count} giá trị", "expected {count} arguments"),
    "argparse.not_allowed": ("không dùng chung được với {other}", "not allowed with argument {other}"),
    "argparse.ignored_explicit": ("không nhận giá trị: {value}", "ignored explicit argument {value}"),
    "argparse.one_required": ("cần một trong các tham số {names}", "one of the arguments {names} is required"),
    "argparse.ambiguous": (
        "tùy chọn {option} chưa rõ, có thể là {matches}",
        "ambiguous option: {option} could match {matches}",
    ),
    "argparse.invalid_type": ("giá trị {type} không hợp lệ: {value}", "invalid {type} value: {value}"),
}

CODES = (
    "argparse.usage",
    "argparse.positionals",
    "argparse.options",
    "argparse.help",
    "argparse.version",
    "argparse.error",
    "argparse.argument",
    "argparse.required",
    "argparse.unrecognized",
    "argparse.choice",
    "argparse.expected_one",
    "argparse.expected_at_most_one",
    "argparse.expected_at_least_one",
    "argparse.expected_count",
    "argparse.not_allowed",
    "argparse.ignored_explicit",
    "argparse.one_required",
    "argparse.ambiguous",
    "argparse.invalid_type",
)

# argparse's English sentences (Python 3.11–3.13) and the codes they become; named groups are parameters.
_SENTENCES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), code)
    for pattern, code in (
        (r"the following arguments are required: (?P<names>.+)", "argparse.required"),
        (r"unrecognized arguments: (?P<values>.*)", "argparse.unrecognized"),
        (r"invalid choice: (?P<value>.+) \(choose from (?P<choices>.*)\)", "argparse.choice"),
        (r"expected one argument", "argparse.expected_one"),
        (r"expected at most one argument", "argparse.expected_at_most_one"),
        (r"expected at least one argument", "argparse.expected_at_least_one"),
        (r"expected (?P<count>\d+) arguments?", "argparse.expected_count"),
        (r"not allowed with argument (?P<other>.+)", "argparse.not_allowed"),
        (r"ignored explicit argument (?P<value>.+)", "argparse.ignored_explicit"),
        (r"one of the arguments (?P<names>.+) is required", "argparse.one_required"),
        (r"ambiguous option: (?P<option>.+?) could match (?P<matches>.+)", "argparse.ambiguous"),
        (r"invalid (?P<type>\S+) value: (?P<value>.+)", "argparse.invalid_type"),
    )
)
_ARGUMENT = re.compile(r"argument (?P<argument>[^:]+): (?P<message>.+)", re.DOTALL)


# The operating system's reasons a file cannot be read or written, in words (its own are English).
OS_REASONS: dict[int, tuple[str, str]] = {
    errno.ENOENT: ("không có tệp hoặc thư mục này", "no such file or folder"),
    errno.EACCES: ("không có quyền truy cập", "permission denied"),
    errno.EPERM: ("không được phép", "not permitted"),
    errno.ENOSPC: ("ổ đĩa đã đầy", "the disk is full"),
    errno.EROFS: ("ổ đĩa chỉ đọc", "the disk is read-only"),
    errno.EISDIR: ("đây là một thư mục", "it is a folder"),
    errno.ENOTDIR: ("một phần của đường dẫn không phải thư mục", "part of the path is not a folder"),
    errno.ENAMETOOLONG: ("tên tệp quá dài", "the file name is too long"),
    errno.EIO: ("lỗi đọc ghi ổ đĩa", "input/output error"),
}


def os_reason(exc: OSError, lang: str) -> str:
    """Why ``exc`` happened, in ``lang`` ("vi" or "en"); an unlisted reason as the system says it."""
    words = OS_REASONS.get(exc.errno or -1)
    if words is None:
        return exc.strerror or exc.__class__.__name__
    return words[0] if lang == "vi" else words[1]


class UsageError(Exception):
    """The command line is wrong; the text is one translated line ("counter-app report: …")."""


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that speaks through ``translate`` and raises :class:`UsageError`.

    Each CLI subclasses it once and sets ``translate`` (a static function code, params → text);
    sub-command parsers are created from the same class, so every level speaks the same language.
    """

    @staticmethod
    def translate(code: str, params: Mapping[str, Any]) -> str:
        """The text of ``code`` in the CLI's language (set by each CLI's subclass)."""
        raise NotImplementedError

    def __init__(self, **kwargs: Any) -> None:
        add_help = kwargs.pop("add_help", True)
        base: type[argparse.HelpFormatter] = kwargs.pop("formatter_class", argparse.HelpFormatter)
        prefix = self._text("argparse.usage")

        class Formatter(base):  # type: ignore[valid-type,misc]
            def add_usage(
                self,
                usage: str | None,
                actions: Any,
                groups: Any,
                prefix_: str | None = None,
            ) -> None:
                super().add_usage(usage, actions, groups, prefix if prefix_ is None else prefix_)

        super().__init__(**kwargs, add_help=False, formatter_class=Formatter)
        self._positionals.title = self._text("argparse.positionals")
        self._optionals.title = self._text("argparse.options")
        if add_help:
            self.add_argument(
                "-h", "--help", action="help", default=argparse.SUPPRESS, help=self._text("argparse.help")
            )

    @classmethod
    def _text(cls, code: str, params: Mapping[str, Any] | None = None) -> str:
        return cls.translate(code, params or {})

    def add_version(self, version: str) -> None:
        """``--version``, with its help text translated."""
        self.add_argument("--version", action="version", version=version, help=self._text("argparse.version"))

    def error(self, message: str) -> NoReturn:
        raise UsageError(self._text("argparse.error", {"prog": self.prog, "message": self.sentence(message)}))

    @classmethod
    def sentence(cls, message: str) -> str:
        """argparse's English ``message`` in the CLI's language (unknown ones as they are, shortened)."""
        argument = _ARGUMENT.fullmatch(message)
        if argument is not None:
            inner = cls.sentence(argument["message"])
            return cls._text("argparse.argument", {"argument": argument["argument"], "message": inner})
        for pattern, code in _SENTENCES:
            found = pattern.fullmatch(message)
            if found is not None:
                return cls._text(code, found.groupdict())  # the table's message() shortens the values
        return shorten(message, 300)


def run_guarded(run: Callable[[], int]) -> int:
    """``run()`` with its output flushed; a reader that closed the pipe early ends it quietly.

    The work is done (a command prints after its transaction); only the rest of its output is lost, so
    stdout is pointed at the null device (no second error when Python flushes at exit) and the status
    is :data:`EXIT_BROKEN_PIPE`.
    """
    try:
        code = run()
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        return EXIT_BROKEN_PIPE
    return code


def missing_codes(known: Sequence[str] | frozenset[str]) -> list[str]:
    """The :data:`CODES` a message table lacks (for the tables' tests)."""
    return [code for code in CODES if code not in known]
