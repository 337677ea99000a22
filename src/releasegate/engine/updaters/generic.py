"""Marker-driven version updates in any text file (release-please's ``Generic``).

Mirrors ``updaters/generic.ts``. A line containing ``x-release-please-version`` (``-major``,
``-minor``, ``-patch``, ``-date``, ``-version-date``) gets its first version (number, date)
replaced; lines between ``x-release-please-start-<scope>`` and ``x-release-please-end`` are
treated as if each carried the marker.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date as Date  # noqa: N812 - keeps the field name `date` free
from datetime import datetime
from typing import TYPE_CHECKING

from releasegate.engine.updaters.default import DefaultUpdater
from releasegate.engine.updaters.generic_json import version_regex

if TYPE_CHECKING:
    from releasegate.engine.version import Version

__all__ = ["DEFAULT_DATE_FORMAT", "Generic"]

#: release-please's default ``date-format``.
DEFAULT_DATE_FORMAT = "%Y-%m-%d"

_MAJOR = re.compile(r"\d+\b", re.ASCII)
_SINGLE = re.compile(r"\b\d+\b", re.ASCII)
_INLINE = re.compile(r"x-release-please-(?P<scope>major|minor|patch|version-date|version|date)")
_BLOCK_START = re.compile(
    r"x-release-please-start-(?P<scope>major|minor|patch|version-date|version|date)"
)
_BLOCK_END = re.compile(r"x-release-please-end")
_DATE_TOKEN = re.compile(r"%[Ymd]")
_DATE_PATTERNS = {"%Y": r"(\d{4})", "%m": r"(\d{2})", "%d": r"(\d{2})"}
_LINE_BREAK = re.compile(r"\r?\n")
_TWO_DIGIT_YEARS = 100


def _format_date(date_format: str, day: Date) -> str:
    values = {"%Y": str(day.year), "%m": f"{day.month:02d}", "%d": f"{day.day:02d}"}
    return _DATE_TOKEN.sub(lambda m: values[m.group()], date_format)


def _is_valid_date(text: str, date_format: str) -> bool:
    # release-please finds each part at (position of its token) / 3 among the digit runs, so
    # only formats with one-character separators and all three tokens pass.
    parts = re.findall(r"\d+", text, re.ASCII)
    numbers = []
    for token in ("%Y", "%m", "%d"):
        index, remainder = divmod(date_format.find(token), 3)
        if remainder or index < 0 or index >= len(parts):
            return False
        numbers.append(int(parts[index]))
    year, month, day = numbers
    if year < 1 or not 1 <= month <= 12 or not 1 <= day <= 31:  # noqa: PLR2004 - calendar limits
        return False
    # JavaScript's Date maps years 0-99 to 1900-1999
    return day <= calendar.monthrange(year + 1900 if year < _TWO_DIGIT_YEARS else year, month)[1]


@dataclass(frozen=True, slots=True, kw_only=True)
class Generic(DefaultUpdater):
    r"""Replace versions and dates on marked lines (mirrors release-please's ``Generic``).

    ``date`` is the day written for date markers (release-please uses the run's local date;
    default: today), ``date_format`` uses ``%Y``, ``%m`` and ``%d``. Line endings come back as
    ``\n`` (release-please splits on ``\r?\n``); a missing or empty file gives ``''``.

    >>> from releasegate.engine.version import Version
    >>> Generic(version=Version(1, 2, 3)).update_content('v = "1.0.0"  # x-release-please-version')
    'v = "1.2.3"  # x-release-please-version'
    """

    date: Date | None = None
    date_format: str = DEFAULT_DATE_FORMAT

    def update_content(self, content: str | None) -> str:
        """Return the text with every marked line updated."""
        if not content:
            return ""
        lines: list[str] = []
        block_scope: str | None = None
        for line in _LINE_BREAK.split(content):
            match = _INLINE.search(line)
            if match:
                lines.append(self._replace(line, match["scope"]))
            elif block_scope:
                lines.append(self._replace(line, block_scope))
                if _BLOCK_END.search(line):
                    block_scope = None
            else:
                match = _BLOCK_START.search(line)
                if match:
                    block_scope = match["scope"]
                lines.append(line)
        return "\n".join(lines)

    def _replace(self, line: str, scope: str) -> str:
        version: Version = self.version
        if scope in {"date", "version-date"}:
            formatted = _format_date(
                self.date_format, self.date or datetime.now().astimezone().date()
            )
            if _is_valid_date(formatted, self.date_format):
                pattern = _DATE_TOKEN.sub(lambda m: _DATE_PATTERNS[m.group()], self.date_format)
                line = re.sub(pattern, lambda _: formatted, line, count=1, flags=re.ASCII)
            if scope == "date":
                return line
            scope = "version"
        if scope == "major":
            return _MAJOR.sub(str(version.major), line, count=1)
        if scope in {"minor", "patch"}:
            number = version.minor if scope == "minor" else version.patch
            return _SINGLE.sub(str(number), line, count=1)
        return version_regex(version).sub(lambda _: str(version), line, count=1)
