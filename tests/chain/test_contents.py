"""``chain._contents`` through ``chain.check``: one version everywhere, and the sdist's contents."""

from __future__ import annotations

import io
import tarfile
from typing import TYPE_CHECKING, Any

import pytest

from releasegate import chain
from releasegate.chain._contents import (
    manifest_version,
    read_metadata,
    same_sdist_contents,
    same_version,
)
from releasegate.errors import CheckError

if TYPE_CHECKING:
    from pathlib import Path

    from tests.builders import Git, TinyProject


@pytest.fixture(autouse=True)
def _no_outer_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    """Take build timestamps from the commit."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def built(project: Path) -> Path:
    """Build ``project``; return it."""
    chain.build(project, log=False)
    return project


# versions


def test_matching_manifest_and_tag_pass(
    tiny_project: TinyProject, capsys: pytest.CaptureFixture[str]
) -> None:
    """Version 1.0.0 with manifest 1.0.0 and tag v1.0.0 passes without notes."""
    project = built(tiny_project(tag="v1.0.0"))
    chain.check(project)
    assert "note:" not in capsys.readouterr().err


def test_missing_manifest_and_tag_are_noted(
    tiny_project: TinyProject, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without a manifest or a tag the comparisons are skipped, each with a note."""
    project = built(tiny_project(manifest=None))
    chain.check(project)
    err = capsys.readouterr().err
    assert (
        "note: no .release-please-manifest.json entry for this project; version 1.0.0 not compared"
        in err
    )
    assert "note: HEAD is not tagged; version not compared with a tag" in err


@pytest.mark.parametrize(
    ("options", "message"),
    [
        # the manifest moved on, the project did not
        (
            {"manifest": "1.1.0"},
            (
                "tiny_pkg-1.0.0-py3-none-any.whl: version '1.0.0' differs from "
                ".release-please-manifest.json's '1.1.0'; set the project version to the manifest's, "
                "or rebuild from the release commit"
            ),
        ),
        # HEAD is tagged for another version
        (
            {"tag": "tiny-pkg-v1.0.1"},
            (
                "tiny_pkg-1.0.0-py3-none-any.whl: version '1.0.0' differs from HEAD's tag "
                "'tiny-pkg-v1.0.1'; build from the commit the tag names"
            ),
        ),
    ],
    ids=["manifest", "tag"],
)
def test_version_mismatch(tiny_project: TinyProject, options: dict[str, Any], message: str) -> None:
    """A version that differs from the manifest or the tag is a one-line CheckError."""
    project = built(tiny_project(**options))
    with pytest.raises(CheckError) as info:
        chain.check(project, log=False)
    assert str(info.value) == message


def test_monorepo_manifest_entry(tmp_path: Path, tiny_project: TinyProject, git: Git) -> None:
    """A package in a subdirectory takes its version from the top-level manifest's path entry."""
    tiny_project("packages/tiny", manifest=None)
    (tmp_path / "packages" / "tiny" / ".git").rename(tmp_path / ".git")
    (tmp_path / ".release-please-manifest.json").write_text(
        '{"packages/tiny": "2.0.0"}\n', encoding="utf-8"
    )
    git(tmp_path, "add", "-A")
    assert manifest_version(tmp_path / "packages" / "tiny") is None  # staged is not committed
    git(tmp_path, "commit", "-q", "-m", "chore: manifest")
    assert manifest_version(tmp_path / "packages" / "tiny") == "2.0.0"


@pytest.mark.parametrize(
    ("left", "right", "same"),
    [
        ("1.0.0", "1.0.0", True),
        ("1.0.0-rc.1", "1.0.0rc1", True),  # semver pre-release against PEP 440
        ("1.0", "1.0.0", True),
        ("1.0.0", "1.0.1", False),
        ("not-a-version", "not-a-version", True),
    ],
)
def test_same_version(left: str, right: str, same: bool) -> None:
    """Versions compare as PEP 440 normalises them."""
    assert same_version(left, right) is same


def test_read_metadata(tiny_project: TinyProject) -> None:
    """Name and version come from the metadata inside each file."""
    project = built(tiny_project())
    for path in chain.check(project, log=False):
        assert read_metadata(path.path) == ("tiny-pkg", "1.0.0")


# sdist contents


def test_sdist_without_tests_stops_when_required(tiny_project: TinyProject) -> None:
    """With require_sdist_tests, an sdist that leaves out tests/ fails, naming what is missing."""
    extra = '\n[tool.hatch.build.targets.sdist]\nexclude = ["tests"]\n'
    project = built(tiny_project(extra=extra))
    assert len(chain.check(project, log=False)) == 2  # by default: a warning
    with pytest.raises(CheckError) as info:
        chain.check(project, log=False, require_sdist_tests=True)
    assert str(info.value) == (
        "tiny_pkg-1.0.0.tar.gz: sdist lacks tests/; include them in the build "
        "backend's sdist configuration, or set require-sdist-tests = false in [tool.releasegate]"
    )


# two builds of one sdist: setuptools stamps the time


def _sdist(path: Path, members: dict[str, tuple[bytes, int]], mtime: int) -> Path:
    """Write a gzipped tar of ``name → (bytes, mode)`` members, every one dated ``mtime``."""
    with tarfile.open(path, "w:gz") as tar:
        for name, (data, mode) in members.items():
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(data), mode, mtime
            tar.addfile(info, io.BytesIO(data))
    return path


SDIST = {"pkg-1.0/PKG-INFO": (b"Name: pkg\n", 0o644), "pkg-1.0/run.sh": (b"echo\n", 0o755)}


@pytest.mark.parametrize(
    ("theirs", "same"),
    [
        # the same files, written an hour later by another umask: the same sdist
        ({k: (v, m & 0o775 | 0o020) for k, (v, m) in SDIST.items()}, True),
        # one byte differs
        ({**SDIST, "pkg-1.0/PKG-INFO": (b"Name: pkh\n", 0o644)}, False),
        # a script lost its executable bit
        ({**SDIST, "pkg-1.0/run.sh": (b"echo\n", 0o644)}, False),
        # a file more
        ({**SDIST, "pkg-1.0/extra.py": (b"", 0o644)}, False),
    ],
    ids=["timestamps", "bytes", "mode", "extra-file"],
)
def test_same_sdist_contents(
    tmp_path: Path, theirs: dict[str, tuple[bytes, int]], same: bool
) -> None:
    """Sdists are the same when names, bytes and executable bits agree, whatever their dates."""
    ours = _sdist(tmp_path / "ours.tar.gz", SDIST, 1_700_000_000)
    other = _sdist(tmp_path / "theirs.tar.gz", theirs, 1_700_003_600)
    assert same_sdist_contents(ours, other.read_bytes()) is same


def test_same_sdist_contents_of_garbage(tmp_path: Path) -> None:
    """An unreadable download is never the same sdist."""
    ours = _sdist(tmp_path / "ours.tar.gz", SDIST, 0)
    assert same_sdist_contents(ours, b"<html>not found</html>") is False
