"""What ``check`` verifies beyond the tools: one version everywhere, and the sdist's contents.

The project is read as committed at ``HEAD`` (the tree ``build`` exports), not as the work
tree holds it: an uncommitted manifest edit or an untracked LICENSE is not what was built. Only
a project outside git is read from disk.
"""

from __future__ import annotations

import contextlib
import fnmatch
import io
import json
import re
import tarfile
import zipfile
from email.parser import HeaderParser
from pathlib import Path

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from releasegate.engine import git
from releasegate.errors import CheckError

__all__ = [
    "MANIFEST",
    "check_contents",
    "check_versions",
    "manifest_version",
    "read_metadata",
    "same_sdist_contents",
]

MANIFEST = ".release-please-manifest.json"
# the version at the end of a tag: v1.2.3, pkg-v1.2.3, pkg@1.2.3, 1.2.3rc1
_TAG_VERSION = re.compile(r"(?:^|[-/@_])v?(?P<version>\d+(?:\.\d+)*[0-9A-Za-z.+-]*)$")
# files the sdist must carry when the project root has them
_SDIST_REQUIRED = ("README*", "LICENSE*", "LICENCE*", "COPYING*")
_TEST_DIRS = ("tests", "test")


def read_metadata(dist: Path) -> tuple[str, str]:
    """Return ``(name, version)`` from the core metadata inside a wheel or an sdist."""
    try:
        if dist.suffix == ".whl":
            with zipfile.ZipFile(dist) as zf:
                member = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
                text = zf.read(member).decode("utf-8")
        else:
            with tarfile.open(dist) as tf:
                member = next(
                    m for m in tf.getnames() if m.count("/") == 1 and m.endswith("/PKG-INFO")
                )
                handle = tf.extractfile(member)
                text = handle.read().decode("utf-8") if handle is not None else ""
    except (StopIteration, OSError, zipfile.BadZipFile, tarfile.TarError, UnicodeDecodeError):
        raise CheckError(
            f"{dist.name}: no readable core metadata; rebuild with 'invoke build'"
        ) from None
    headers = HeaderParser().parsestr(text)
    if not headers.get("Version"):
        raise CheckError(f"{dist.name}: core metadata has no Version; rebuild with 'invoke build'")
    return headers.get("Name", ""), headers.get("Version", "")


def check_versions(files: list[Path], root: Path) -> list[str]:
    """Check one name and version across ``files``, equal to the manifest's and the tag's.

    Returns notes about comparisons that were skipped (no manifest, no tag on ``HEAD``).
    """
    found = [(f, *read_metadata(f)) for f in files]
    first, name, version = found[0]
    for path, other_name, other_version in found[1:]:
        if canonicalize_name(other_name) != canonicalize_name(name) or other_version != version:
            raise CheckError(
                f"{path.name}: is {other_name} {other_version} but {first.name} is {name} "
                f"{version}; rebuild dist/ with 'invoke build'"
            )
    notes = []
    expected = manifest_version(root)
    if expected is None:
        notes.append(f"no {MANIFEST} entry for this project; version {version} not compared")
    elif not same_version(expected, version):
        raise CheckError(
            f"{first.name}: version {version!r} differs from {MANIFEST}'s {expected!r}; "
            "set the project version to the manifest's, or rebuild from the release commit"
        )
    tags = _head_tags(root)
    tagged = {t: m["version"] for t in tags if (m := _TAG_VERSION.search(t))}
    if not tagged:
        notes.append("HEAD is not tagged; version not compared with a tag")
    elif not any(same_version(v, version) for v in tagged.values()):
        raise CheckError(
            f"{first.name}: version {version!r} differs from HEAD's tag "
            f"{', '.join(map(repr, sorted(tagged)))}; build from the commit the tag names"
        )
    return notes


def manifest_version(root: Path) -> str | None:
    """Return this project's version from ``.release-please-manifest.json``, if it has one.

    The manifest next to ``pyproject.toml`` answers for ``"."``; otherwise the one at the git
    top level answers for the project's path (a package in a monorepo). Both are read from
    ``HEAD`` in a git checkout.
    """
    candidates = [(root, MANIFEST, ".")]
    top = _git_toplevel(root)
    if top is not None and top != root:
        with contextlib.suppress(ValueError):  # root outside the checkout: no monorepo entry
            candidates.append((top, MANIFEST, root.relative_to(top).as_posix()))
    for directory, name, key in candidates:
        text = _read_committed(directory, name)
        if text is None:
            continue
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise CheckError(
                f"{directory / name}: not valid JSON ({exc}); fix the manifest"
            ) from None
        value = data.get(key) if isinstance(data, dict) else None
        if isinstance(value, str):
            return value
    return None


def same_version(left: str, right: str) -> bool:
    """Compare versions as PEP 440 does (so ``1.0.0-rc.1`` equals ``1.0.0rc1``)."""
    try:
        return Version(left) == Version(right)
    except InvalidVersion:
        return left == right


def check_contents(files: list[Path], root: Path, *, require_tests: bool = False) -> list[str]:
    """Check that each sdist holds the README, LICENSE and tests the project has committed.

    A missing README or LICENSE raises ``CheckError``. Missing tests are a warning, returned as
    a line, unless ``require_tests``: PyPI and ``twine check`` accept such an sdist (uv_build's
    default leaves tests out), but downstream packagers run the tests from it.
    """
    names = _project_files(root)
    top_level = {n for n in names if "/" not in n}
    expected = sorted(
        {n for pattern in _SDIST_REQUIRED for n in top_level if fnmatch.fnmatchcase(n, pattern)}
    )
    test_dirs = [
        d for d in _TEST_DIRS if any(n.startswith(f"{d}/") and n.endswith(".py") for n in names)
    ]
    warnings = []
    for sdist in (f for f in files if f.name.endswith(".tar.gz")):
        with tarfile.open(sdist) as tf:
            inner = {n.split("/", 1)[1] for n in tf.getnames() if "/" in n}
        missing = [name for name in expected if name not in inner]
        if missing:
            raise CheckError(
                f"{sdist.name}: sdist lacks {', '.join(missing)}; include them in the build "
                "backend's sdist configuration"
            )
        lacking = [f"{d}/" for d in test_dirs if not any(n.startswith(f"{d}/") for n in inner)]
        if not lacking:
            continue
        where = f"{sdist.name}: sdist lacks {', '.join(lacking)}"
        if require_tests:
            raise CheckError(
                f"{where}; include them in the build backend's sdist configuration, or set "
                "require-sdist-tests = false in [tool.releasegate]"
            )
        warnings.append(
            f"{where}; downstream packagers run tests from the sdist: include them in the build "
            "backend's sdist configuration (--require-sdist-tests makes this a stop)"
        )
    return warnings


def same_sdist_contents(ours: Path, theirs: bytes) -> bool:
    """Whether two sdists hold the same files with the same bytes, timestamps and owners aside.

    setuptools writes the build time into an sdist (its gzip header and the tar's times), so
    building one commit twice gives two sha256s for one content. Compared are each member's
    name, kind, bytes (or link target) and executable bit.
    """
    try:
        with tarfile.open(ours) as left, tarfile.open(fileobj=io.BytesIO(theirs)) as right:
            return _tar_digest(left) == _tar_digest(right)
    except (tarfile.TarError, OSError, EOFError):
        return False


def _tar_digest(tar: tarfile.TarFile) -> dict[str, tuple[bytes, str, bool]]:
    found = {}
    for member in tar.getmembers():
        if member.isdir():
            continue
        handle = tar.extractfile(member) if member.isfile() or member.islnk() else None
        content = handle.read() if handle is not None else member.linkname.encode()
        kind = "symlink" if member.issym() else "file" if handle is not None else "other"
        found[member.name] = (content, kind, bool(member.mode & 0o111))
    return found


def _project_files(root: Path) -> list[str]:
    """The project's files, relative to ``root``: committed at ``HEAD``, else on disk."""
    result = git.run(root, "ls-tree", "-r", "-z", "--name-only", "HEAD", check=False)
    if result.returncode == 0:
        return [n for n in result.stdout.split("\0") if n]
    # outside git: the top-level files and the test folders are all that is compared
    found = [p.name for p in root.iterdir() if p.is_file()] if root.is_dir() else []
    for folder in _TEST_DIRS:
        found += [p.relative_to(root).as_posix() for p in (root / folder).rglob("*.py")]
    return found


def _read_committed(directory: Path, name: str) -> str | None:
    """The text of ``directory/name`` as committed at ``HEAD``, else on disk; None if absent."""
    if git.head_commit(directory) is not None:
        shown = git.run(directory, "show", f"HEAD:./{name}", check=False)
        return shown.stdout if shown.returncode == 0 else None
    path = directory / name
    try:
        return path.read_text(encoding="utf-8") if path.is_file() else None
    except OSError as exc:
        raise CheckError(f"{path}: cannot read ({exc}); fix its permissions") from None


def _git_toplevel(root: Path) -> Path | None:
    result = git.run(root, "rev-parse", "--show-toplevel", check=False)
    return Path(result.stdout.strip()).resolve() if result.returncode == 0 else None


def _head_tags(root: Path) -> list[str]:
    result = git.run(root, "tag", "--points-at", "HEAD", check=False)
    return result.stdout.split() if result.returncode == 0 else []
