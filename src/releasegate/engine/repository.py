"""The GitHub repository a project releases from: links in notes, API calls, action outputs."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Repository"]


@dataclass(frozen=True, slots=True)
class Repository:
    """The GitHub repository links point at."""

    owner: str
    name: str
