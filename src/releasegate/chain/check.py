"""``check``: verify every distribution in ``dist/`` before anything may be uploaded."""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

from releasegate import _proc
from releasegate.chain._contents import check_contents, check_versions
from releasegate.chain._tools import python_module
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


def check(project: Path | str = ".", *, dist: str = "dist", log: bool = True) -> list[CheckedFile]:
    """Verify ``dist/``: the tools, the version, the contents; return each file's size and sha256.

    Runs ``twine check --strict`` and ``check-wheel-contents``; checks that every file carries
    the same name and version, that the version equals the release manifest's (and the tag's,
    when ``HEAD`` is tagged), and that the sdist holds the README, LICENSE and tests the project
    has. Prints a table of the files when ``log``. Raises ``CheckError`` naming the file.
    """
    root = Path(project).resolve()
    files = distributions(root / dist)
    _run_tool(
        "twine check",
        [*python_module("twine"), "--no-color", "check", "--strict", *map(str, files)],
        root,
    )
    wheels = [str(f) for f in files if f.suffix == ".whl"]
    if wheels:
        _run_tool("check-wheel-contents", [*python_module("check_wheel_contents"), *wheels], root)
    for note in check_versions(files, root):
        if log:
            sys.stderr.write(f"note: {note}\n")
    check_contents(files, root)
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


def _run_tool(name: str, argv: list[str], cwd: Path) -> None:
    # A wide terminal keeps each of the tool's messages on one line (twine wraps with rich).
    env = {"COLUMNS": "1000", "NO_COLOR": "1"}
    result = _proc.run(argv, cwd=cwd, env=env, error=CheckError, check=False)
    if result.returncode == 0:
        return
    output = (result.stdout + result.stderr).strip()
    sys.stderr.write(output + "\n")
    lines = [ln.strip() for ln in output.splitlines() if ln.strip()]
    index = next((i for i, ln in enumerate(lines) if _is_problem(ln)), None)
    if index is None:
        detail = lines[-1] if lines else "no output"
    else:  # the problem line, with twine's detail line after it ("line 3: Warning: ...")
        detail = " ".join(" ".join(lines[index : index + 2]).split())
    raise CheckError(f"{name} failed: {detail}")


def _is_problem(line: str) -> bool:
    text = line.strip()
    return text.startswith(("ERROR", "WARNING")) or ": W0" in text or ": W1" in text


def sha256_of(path: Path) -> str:
    """Return the hex sha256 of the file at ``path``."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
