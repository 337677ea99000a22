"""Locate the tools the chain uses, and say in one line how to install a missing one.

twine, check-wheel-contents, sigstore, pypi-attestations and uv are runtime dependencies of
releasegate, so ``pip install releasegate`` brings them all. They are imported where a step
needs them, not when ``releasegate`` is imported: a broken or partial installation then fails
with :func:`missing_tool`'s one line instead of a traceback, and commands that never run the
chain don't pay for importing it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from releasegate._proc import which

if TYPE_CHECKING:
    from releasegate.errors import ReleasegateError

__all__ = ["INSTALL_HINT", "missing_tool", "uv_binary"]

INSTALL_HINT = "reinstall releasegate: pip install --force-reinstall releasegate"


def missing_tool(tool: str, exc: ImportError, error: type[ReleasegateError]) -> ReleasegateError:
    """Return ``error`` saying that ``tool`` cannot be imported, and how to get it back.

    >>> from releasegate.errors import CheckError
    >>> str(missing_tool("twine", ImportError(name="twine"), CheckError))
    'twine: not installed (no module named twine); reinstall releasegate: pip install --force-reinstall releasegate'
    """  # noqa: E501 - a doctest line cannot wrap
    module = exc.name or tool
    return error(f"{tool}: not installed (no module named {module}); {INSTALL_HINT}")


def uv_binary(error: type[ReleasegateError]) -> str:
    """Return the path of uv: the ``uv`` package's binary if installed, else uv on PATH."""
    try:
        from uv import find_uv_bin  # noqa: PLC0415 - a runtime dependency, found on use

        return str(find_uv_bin())
    except (ImportError, FileNotFoundError):
        pass
    found = which("uv")
    if found is None:
        raise error(f"uv: not installed (no uv binary found); {INSTALL_HINT}")
    return found
