"""releasegate: one release toolkit for Python projects, the same on a laptop and in CI."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

__all__ = ["__version__"]

try:
    __version__ = version("releasegate")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.1.0"  # kept current by the release PR, like pyproject.toml
