"""What ``twine check --strict`` and ``check-wheel-contents`` find, as data, from their APIs.

Both tools are called in-process: the README goes through ``readme_renderer`` exactly as twine
and PyPI render it, and wheels go through check-wheel-contents' ``WheelChecker``. Nothing is
parsed back from a tool's terminal output, so findings don't depend on the terminal's width,
colours or locale (issue 11).
"""

from __future__ import annotations

import email.message
import io
import re
import tarfile
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from releasegate.chain._tools import missing_tool
from releasegate.errors import CheckError

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["Finding", "readme_findings", "wheel_findings"]

_README_FIX = "fix the README (or its content type in pyproject.toml), then rebuild"
_WHEEL_FIX = (
    "fix what goes into the wheel, or waive the check in [tool.check-wheel-contents] in "
    "pyproject.toml, then rebuild"
)
# docutils' report lines, as twine reformats them: "<string>:3: (WARNING/2) message"
_DOCUTILS_REPORT = re.compile(
    r"^<string>:(?P<line>\d*): \((?P<level>DEBUG|INFO|WARNING|ERROR|SEVERE)/\d*\) "
    r"(?P<message>.*)$",
    re.MULTILINE,
)

_PYDANTIC_LINK = re.compile(r"^\s*For further information visit \S+\s*$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in one distribution: what is wrong and how to fix it."""

    path: Path
    message: str
    fix: str


def readme_findings(path: Path) -> list[Finding]:
    """Return what ``twine check --strict`` would fail ``path`` for (empty when it passes).

    The long description must render on PyPI; its content type must be declared, and the
    description must not be missing. Raises ``CheckError`` when the file's metadata is unreadable.
    """
    try:
        import readme_renderer.rst  # noqa: PLC0415 - a runtime dependency, imported on use
        from twine.exceptions import TwineException  # noqa: PLC0415
        from twine.package import PackageFile  # noqa: PLC0415
    except ImportError as exc:
        raise missing_tool("twine", exc, CheckError) from None
    try:
        metadata = PackageFile.from_filename(str(path), comment=None).metadata_dictionary()
    except (TwineException, zipfile.BadZipFile, tarfile.TarError, OSError) as exc:
        detail = " ".join(str(exc).split())
        raise CheckError(f"{path.name}: unreadable metadata ({detail}); rebuild it") from None
    description = metadata.get("description")
    declared = metadata.get("description_content_type")
    findings = []
    if declared is None:
        findings.append(
            Finding(
                path,
                "`long_description_content_type` missing (PyPI assumes text/x-rst)",
                "set the README's content type, e.g. readme = 'README.md' in [project]",
            )
        )
    content_type, params = _parse_content_type(declared or "text/x-rst")
    if not description or description.rstrip() == "UNKNOWN":
        findings.append(Finding(path, "`long_description` missing", "set readme in [project]"))
    elif content_type not in {"text/plain", "text/markdown"}:  # twine: these cannot fail
        stream = io.StringIO()
        if readme_renderer.rst.render(description, stream=stream, **params) is None:
            reports = [
                f"line {m['line']}: {m['level'].capitalize()}: {m['message'].strip()}"
                for m in _DOCUTILS_REPORT.finditer(stream.getvalue())
            ] or [" ".join(stream.getvalue().split())]
            findings.append(
                Finding(
                    path,
                    "`long_description` has syntax errors in markup and would not be rendered "
                    f"on PyPI ({'; '.join(r.rstrip('.') for r in reports)})",
                    _README_FIX,
                )
            )
    return findings


def wheel_findings(path: Path, root: Path) -> list[Finding]:
    """Return check-wheel-contents' failed checks for the wheel at ``path``.

    The configuration comes from the first of check-wheel-contents' files (``pyproject.toml``,
    ``tox.ini``, ``setup.cfg``, ``check-wheel-contents.cfg``) found in ``root`` or above, as the
    command line finds it from the project directory.
    """
    try:
        from check_wheel_contents.checker import WheelChecker  # noqa: PLC0415 - imported on use
        from check_wheel_contents.contents import WheelContents  # noqa: PLC0415
        from check_wheel_contents.errors import (  # noqa: PLC0415
            UserInputError,
            WheelValidationError,
        )
        from wheel_filename import InvalidFilenameError  # noqa: PLC0415
    except ImportError as exc:
        raise missing_tool("check-wheel-contents", exc, CheckError) from None
    checker = WheelChecker()
    try:
        config = _wheel_config(root)
        if config is not None:
            checker.apply_config(config)
        contents = WheelContents.from_wheel(path)
    except UserInputError as exc:
        # pydantic's multi-line report, in one line and without its documentation link
        detail = " ".join(_PYDANTIC_LINK.sub("", str(exc)).split())
        raise CheckError(
            f"check-wheel-contents configuration: {detail}; fix [tool.check-wheel-contents]"
        ) from None
    except (InvalidFilenameError, WheelValidationError) as exc:
        return [Finding(path, f"invalid wheel ({exc})", "rebuild it")]
    failures: list[Any] = checker.check_contents(contents)
    return [
        Finding(
            path,
            f"{f.check.name}: {f.check.value}" + (f": {', '.join(f.args)}" if f.args else ""),
            _WHEEL_FIX,
        )
        for f in failures
    ]


def _wheel_config(root: Path) -> Any:
    """check-wheel-contents' ``Configuration.find_default``, searching from ``root``, not cwd."""
    from check_wheel_contents.config import (  # noqa: PLC0415 - imported on use
        CONFIG_FILES,
        Configuration,
    )

    for directory in (root, *root.parents):
        found = [directory / name for name in CONFIG_FILES if (directory / name).exists()]
        if found:
            for candidate in found:
                config = Configuration.from_file(candidate)
                if config is not None:
                    return config
            return None
    return None


def _parse_content_type(value: str) -> tuple[str, dict[str, str]]:
    """Split ``text/markdown; variant=GFM`` into the type and its parameters."""
    message = email.message.EmailMessage()
    message["content-type"] = value
    return message.get_content_type(), dict(message["content-type"].params)
