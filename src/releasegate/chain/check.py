"""``check``: verify every distribution in ``dist/`` before anything may be uploaded."""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

from releasegate.chain._contents import check_contents, check_versions
from releasegate.chain._findings import readme_findings, wheel_findings
from releasegate.chain._source import project_settings
from releasegate.errors import CheckError

__all__ = ["CheckedFile", "check", "distributions", "render_table", "sha256_of"]


@dataclass(frozen=True, slots=True)
class CheckedFile:
    """A distribution that passed every check."""

    path: Path
    size: int
    sha256: str


def distributions(dist_dir: Path) -> list[Path]:
    """Return the sdists and wheels in ``dist_dir``, sorted; raise if there are none."""
    if not dist_dir.is_dir():
        raise CheckError(f"{dist_dir}: no such directory; run 'invoke build' first")
    files = sorted(p for p in dist_dir.iterdir() if p.name.endswith((".whl", ".tar.gz")))
    if not files:
        raise CheckError(f"{dist_dir}: no sdist or wheel to check; run 'invoke build' first")
    return files


def check(
    project: Path | str = ".",
    *,
    dist: str = "dist",
    log: bool = True,
    require_sdist_tests: bool | None = None,
) -> list[CheckedFile]:
    """Verify ``dist/``: the README, the wheel's contents, the version, the files; return each file.

    Runs, in-process, what ``twine check --strict`` and ``check-wheel-contents`` check: the long
    description renders on PyPI (and declares its content type), and every wheel passes
    check-wheel-contents' checks (configured from the project's ``pyproject.toml`` and friends).
    Then checks that every file carries the same name and version, that the version equals the
    release manifest's (and the tag's, when ``HEAD`` is tagged), and that the sdist holds the
    README and LICENSE the project has committed. An sdist without the project's tests is a
    warning, or a stop with ``require_sdist_tests`` (``None``: ``require-sdist-tests`` in
    ``[tool.releasegate]`` decides). Prints every finding and warning and, when all is well, a
    table of the files when ``log``. Raises ``CheckError`` naming the file and the first finding.
    """
    root = Path(project).resolve()
    if require_sdist_tests is None:
        require_sdist_tests = project_settings(root).require_sdist_tests
    files = distributions(root / dist)
    findings = [f for path in files for f in readme_findings(path)]
    findings += [f for path in files if path.suffix == ".whl" for f in wheel_findings(path, root)]
    if findings:
        if log:
            sys.stderr.writelines(f"{_display(f.path, root)}: {f.message}\n" for f in findings)
        first = findings[0]
        more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
        raise CheckError(f"{_display(first.path, root)}: {first.message}{more}; {first.fix}")
    for note in check_versions(files, root):
        if log:
            sys.stderr.write(f"note: {note}\n")
    for warning in check_contents(files, root, require_tests=require_sdist_tests):
        if log:
            sys.stderr.write(f"warning: {warning}\n")
    checked = [CheckedFile(f, f.stat().st_size, sha256_of(f)) for f in files]
    if log:
        sys.stderr.write(render_table(checked, root))
    return checked


def render_table(files: list[CheckedFile], root: Path) -> str:
    """Return a small aligned table: file, size in bytes, sha256."""
    rows = [(_display(f.path, root), str(f.size), f.sha256) for f in files]
    width = max(len(r[0]) for r in rows)
    size_width = max(len(r[1]) for r in rows)
    lines = [f"{'file':<{width}}  {'bytes':>{size_width}}  sha256"]
    lines += [f"{name:<{width}}  {size:>{size_width}}  {digest}" for name, size, digest in rows]
    return "\n".join(lines) + "\n"


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def sha256_of(path: Path) -> str:
    """Return the hex sha256 of the file at ``path``."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
