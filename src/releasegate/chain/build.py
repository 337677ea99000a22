"""``build``: a reproducible sdist and wheel in a clean ``dist/``."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from releasegate import _proc, git
from releasegate.chain._tools import uv_binary
from releasegate.errors import BuildError

__all__ = ["BuildResult", "build", "source_date_epoch"]


@dataclass(frozen=True, slots=True)
class BuildResult:
    """The files a build produced."""

    dist_dir: Path
    files: tuple[Path, ...]
    source_date_epoch: int


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
            f"{project}: not a git checkout with a commit; commit first or set SOURCE_DATE_EPOCH"
        )
    return int(result.stdout.strip())


def build(
    project: Path | str = ".", *, dist: str = "dist", log: bool = True, package: str | None = None
) -> BuildResult:
    """Build sdist and wheel of ``project`` into a fresh ``dist/``, reproducibly.

    The build happens in a temporary directory; ``dist/`` is replaced only when it succeeded,
    so a failed build leaves the previous ``dist/`` untouched. ``package`` names a uv
    workspace member (``uv build --package``) when ``project`` is that member's directory.
    Raises ``BuildError``.
    """
    root = Path(project).resolve()
    if not (root / "pyproject.toml").is_file():
        raise BuildError(f"{root}: no pyproject.toml here; run from the project root or pass -C")
    epoch = source_date_epoch(root)
    dist_dir = root / dist
    with tempfile.TemporaryDirectory(prefix="releasegate-build-") as tmp:
        out = Path(tmp) / "dist"
        argv = [
            uv_binary(BuildError),
            "build",
            "--sdist",
            "--wheel",
            "--out-dir",
            str(out),
            *(["--package", package] if package else []),
            str(root),
        ]
        result = _proc.run(
            argv,
            cwd=root,
            env={"SOURCE_DATE_EPOCH": str(epoch), "UV_NO_PROGRESS": "1"},
            error=BuildError,
            check=False,
        )
        if result.returncode != 0:
            _echo(result.stderr)
            raise BuildError(_last_line("uv build", result))
        files = sorted(p for p in out.iterdir() if p.suffix in {".whl", ".gz"})
        if not files:
            raise BuildError("uv build produced no distributions; check the build backend output")
        if dist_dir.exists():
            shutil.rmtree(dist_dir)
        shutil.move(str(out), dist_dir)
    built = tuple(dist_dir / f.name for f in files)
    if log:
        for path in built:
            _echo(f"built {path.relative_to(root)}\n")
    return BuildResult(dist_dir, built, epoch)


def _last_line(tool: str, result: _proc.Result) -> str:
    lines = [ln.strip() for ln in result.stderr.splitlines() if ln.strip()]
    return f"{tool} failed (exit {result.returncode}): {lines[-1] if lines else 'no output'}"


def _echo(text: str) -> None:
    sys.stderr.write(text)
