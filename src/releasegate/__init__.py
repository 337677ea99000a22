"""releasegate: one release toolkit for Python projects, the same on a laptop and in CI."""

from __future__ import annotations

__all__ = ["__version__"]

# Kept current by the release PR, like pyproject.toml; the installed metadata wins (see below).
_SOURCE_VERSION = "0.1.0"  # x-release-please-version


def __getattr__(name: str) -> str:
    """Resolve ``__version__`` lazily: importlib.metadata costs start-up time on every run."""
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    try:
        return version("releasegate")
    except PackageNotFoundError:  # pragma: no cover - a source tree that is not installed
        return _SOURCE_VERSION
