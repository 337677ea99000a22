"""``build``: a reproducible sdist and wheel of the commit at ``HEAD`` in a clean ``dist/``.

The build runs in a clean export of the commit (``chain._source``), never in the work tree: an
uncommitted edit cannot reach a release. Files that differ from ``HEAD`` are named in one
warning line, as what the build left out.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from releasegate import _proc
from releasegate._redact import redact
from releasegate.chain._source import committed_source, export, uncommitted
from releasegate.chain._tools import uv_binary
from releasegate.engine import git
from releasegate.errors import BuildError

__all__ = ["BuildResult", "build", "describe_left_out", "source_date_epoch"]

_PROJECT_FILES = ("pyproject.toml", "setup.py")


@dataclass(frozen=True, slots=True)
class BuildResult:
    """The files a build produced."""

    dist_dir: Path
    files: tuple[Path, ...]
    source_date_epoch: int
    commit: str = ""
    left_out: tuple[str, ...] = ()  # uncommitted paths, relative to the repository's top level


def source_date_epoch(project: Path) -> int:
    """Return the commit time of ``HEAD`` in ``project`` (or ``SOURCE_DATE_EPOCH`` if set).

    Building the same commit twice with this timestamp gives byte-identical files.
    """
    if env := os.environ.get("SOURCE_DATE_EPOCH"):
        try:
            return int(env)
        except ValueError:
            raise BuildError(
                f"SOURCE_DATE_EPOCH: expected whole seconds, got {env!r}; unset it or fix it"
            ) from None
    result = git.run(project, "log", "-1", "--format=%ct", error=BuildError, check=False)
    if result.returncode != 0 or not result.stdout.strip():
        raise BuildError(
            f"{project}: not a git checkout with a commit; releasegate builds only committed "
            "files: commit the project first"
        )
    return int(result.stdout.strip())


def build(
    project: Path | str = ".", *, dist: str = "dist", log: bool = True, package: str | None = None
) -> BuildResult:
    """Build sdist and wheel of the commit at ``HEAD`` into a fresh ``dist/``, reproducibly.

    The build runs in a clean export of the commit, in a temporary directory; ``dist/`` is
    replaced only when it succeeded, so a failed build leaves the previous ``dist/`` untouched.
    Uncommitted changes are not built: with ``log``, one warning line names them. ``package``
    names a uv workspace member (``uv build --package``) when ``project`` is that member's
    directory. Raises ``BuildError``.
    """
    root = Path(project).resolve()
    if not any((root / name).is_file() for name in _PROJECT_FILES):
        raise BuildError(f"{root}: no pyproject.toml here; run from the project root or pass -C")
    source = committed_source(root)
    epoch = source_date_epoch(root)
    dist_dir = root / dist
    left_out = tuple(uncommitted(source, exclude=dist_dir))
    with tempfile.TemporaryDirectory(prefix="releasegate-build-") as tmp:
        exported = export(source, Path(tmp) / "source")
        missing = exported.missing_submodules
        if not any((exported.project / name).is_file() for name in _PROJECT_FILES):
            where = f"{source.subdir}/" if source.subdir else ""
            raise BuildError(
                f"{where}pyproject.toml: not committed; commit it (releasegate builds the "
                "commit at HEAD), then build"
            )
        out = Path(tmp) / "dist"
        _uv_build(exported.project, out, epoch, package)
        files = sorted(p for p in out.iterdir() if p.suffix in {".whl", ".gz"})
        if not files:
            raise BuildError("uv build produced no distributions; check the build backend output")
        if dist_dir.exists():
            shutil.rmtree(dist_dir)
        shutil.move(str(out), dist_dir)
    built = tuple(dist_dir / f.name for f in files)
    if log:
        if left_out:
            _echo(f"warning: {describe_left_out(left_out)}\n")
        if missing:
            _echo(
                f"note: submodule(s) not checked out here, built without them: "
                f"{', '.join(missing)}\n"
            )
        for path in built:
            _echo(f"built {path.relative_to(root)}\n")
    return BuildResult(dist_dir, built, epoch, source.commit, left_out)


def describe_left_out(paths: tuple[str, ...] | list[str], limit: int = 5) -> str:
    """One line naming the uncommitted paths a build left out (the first ``limit`` of them).

    >>> describe_left_out(["src/pkg/core.py", "notes.txt"])
    'not in this build (uncommitted): src/pkg/core.py, notes.txt; commit them to release them'
    """
    shown = ", ".join(paths[:limit])
    more = f" and {len(paths) - limit} more" if len(paths) > limit else ""
    return f"not in this build (uncommitted): {shown}{more}; commit them to release them"


def _uv_build(source: Path, out: Path, epoch: int, package: str | None) -> None:
    argv = [
        uv_binary(BuildError),
        "build",
        "--sdist",
        "--wheel",
        "--out-dir",
        str(out),
        *(["--package", package] if package else []),
        str(source),
    ]
    result = _proc.run(
        argv,
        cwd=source,
        env={"SOURCE_DATE_EPOCH": str(epoch), "UV_NO_PROGRESS": "1"},
        error=BuildError,
        check=False,
    )
    if result.returncode != 0:
        # the backend's output, like every line releasegate prints, passes through redact
        _echo(redact(result.stderr))
        raise BuildError(redact(_last_line("uv build", result)))


def _last_line(tool: str, result: _proc.Result) -> str:
    lines = [ln.strip() for ln in result.stderr.splitlines() if ln.strip()]
    return f"{tool} failed (exit {result.returncode}): {lines[-1] if lines else 'no output'}"


def _echo(text: str) -> None:
    sys.stderr.write(text)
