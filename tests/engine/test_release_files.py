"""Tests for releasegate.engine.release_files: the config and manifest a branch has committed."""

from __future__ import annotations

import json
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import pytest

from releasegate.engine import git
from releasegate.engine.release_files import ReleaseFiles, read_branch_files, read_release_files
from releasegate.engine.version import Version
from releasegate.errors import ConfigError, UsageError

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from tests.builders import MakeRepo

    from releasegate.engine.version import Scheme

DEFAULT = "release-please-config.json"
DOTTED = ".release-please-config.json"
MANIFEST = ".release-please-manifest.json"


def config_text(component: str, **extra: Any) -> str:
    """A one-package config whose component names the file it came from."""
    package = {"release-type": "simple", "component": component, **extra}
    return json.dumps({"packages": {".": package}})


@contextmanager
def head_tree(repo: Path) -> Iterator[git.Tree]:
    """The committed tree of ``repo``'s HEAD, closed afterwards."""
    tree = git.Tree(repo, "HEAD")
    try:
        yield tree
    finally:
        tree.close()


def read(
    repo: Path,
    config_file: str | None = None,
    *,
    scheme: Scheme = "semver",
    work_tree: Path | None = None,
) -> ReleaseFiles:
    """Read the release files of ``repo``'s HEAD as branch 'main'."""
    with head_tree(repo) as tree:
        return read_release_files(
            tree,
            branch="main",
            config_file=config_file,
            manifest_file=MANIFEST,
            scheme=scheme,
            work_tree=work_tree,
        )


@pytest.mark.parametrize(
    ("present", "explicit", "chosen"),
    [
        ([DEFAULT], None, DEFAULT),
        ([DOTTED], None, DOTTED),
        ([DEFAULT, DOTTED], None, DEFAULT),  # release-please's own default wins
        ([DEFAULT, "ci/rp.json"], "ci/rp.json", "ci/rp.json"),
    ],
)
def test_config_file_choice(
    make_repo: MakeRepo, present: list[str], explicit: str | None, chosen: str
) -> None:
    """--config wins; else release-please-config.json, then .release-please-config.json."""
    files = {name: config_text(name) for name in present}
    repo = make_repo({"files": files, "manifest": {".": "1.2.3"}})
    result = read(repo, explicit)
    [package] = result.config.packages
    assert package.config.component == chosen
    assert result.versions == {".": Version(1, 2, 3)}
    assert result.warnings == ()


@pytest.mark.parametrize(
    ("present", "explicit", "message"),
    [
        (
            [],
            None,
            f"no {DEFAULT} or {DOTTED} on branch 'main'; commit one or pass --config PATH",
        ),
        # no fallback from an explicit name to a default one
        (
            [DEFAULT],
            "ci/rp.json",
            "ci/rp.json: not found on branch 'main'; commit it or pass --config PATH",
        ),
    ],
)
def test_missing_config(
    make_repo: MakeRepo, present: list[str], explicit: str | None, message: str
) -> None:
    """A missing config is one line naming the file(s) and the fix."""
    files = {"README": "x\n", **{name: config_text(name) for name in present}}
    repo = make_repo({"files": files, "manifest": {".": "1.2.3"}})
    with pytest.raises(UsageError) as info:
        read(repo, explicit)
    assert str(info.value) == message


def test_config_only_in_the_work_tree_is_missing(make_repo: MakeRepo) -> None:
    """An uncommitted config does not count: the branch's committed tree is read."""
    repo = make_repo({"files": {"README": "x\n"}, "manifest": {".": "1.2.3"}})
    (repo / DEFAULT).write_text(config_text(DEFAULT), encoding="utf-8")
    with pytest.raises(UsageError, match=r"^no release-please-config\.json or "):
        read(repo, work_tree=repo)


def test_missing_manifest(make_repo: MakeRepo) -> None:
    """A missing manifest names the file and --manifest."""
    repo = make_repo({"files": {DEFAULT: config_text("c")}})
    with pytest.raises(UsageError) as info:
        read(repo)
    assert str(info.value) == (
        f"{MANIFEST}: not found on branch 'main'; commit it or pass --manifest PATH"
    )


@pytest.mark.parametrize(
    ("value", "scheme", "error", "message"),
    [
        # no X.Y.Z at all: the manifest itself is invalid, whatever the scheme
        (
            "1.0",
            "semver",
            ConfigError,
            (
                f"{MANIFEST}: \".\": '1.0' is not a version; "
                "write the last released version as X.Y.Z, e.g. '1.0.0'"
            ),
        ),
        # an X.Y.Z that the version scheme refuses
        (
            "1.2.3.4",
            "pep440",
            UsageError,
            f"{MANIFEST}: '.': '1.2.3.4' is not a version; use X.Y.Z",
        ),
        (
            "1.0.0-nightly",
            "pep440",
            UsageError,
            f"{MANIFEST}: '.': '1.0.0-nightly' is not a version; use X.Y.Z",
        ),
    ],
)
def test_bad_manifest_version(
    make_repo: MakeRepo, value: str, scheme: Scheme, error: type[Exception], message: str
) -> None:
    """A manifest version that does not parse is one line naming the file, path and value."""
    repo = make_repo({"files": {DEFAULT: config_text("c")}, "manifest": {".": value}})
    with pytest.raises(error) as info:
        read(repo, scheme=scheme)
    assert str(info.value) == message


def test_manifest_versions_follow_the_scheme(make_repo: MakeRepo) -> None:
    """Versions are parsed as the scheme says: PEP 440 keeps 1.0.0a1 as written."""
    repo = make_repo({"files": {DEFAULT: config_text("c")}, "manifest": {".": "1.0.0a1"}})
    [(path, version)] = read(repo, scheme="pep440").versions.items()
    assert (path, str(version), version.scheme) == (".", "1.0.0a1", "pep440")


@pytest.mark.parametrize(
    ("table", "scheme", "shown"),
    [
        ("", "semver", "1.0.0"),  # as release-please reads it: X.Y.Z and the rest dropped
        ('[tool.releasegate]\nversion-scheme = "pep440"\n', "pep440", "1.0.0a1"),
    ],
    ids=["default", "pep440"],
)
def test_branch_files_use_the_committed_settings(
    make_repo: MakeRepo, table: str, scheme: str, shown: str
) -> None:
    """read_branch_files parses the manifest with the scheme of the same commit's settings."""
    files = {DEFAULT: config_text("c"), "pyproject.toml": f'[project]\nname = "c"\n{table}'}
    repo = make_repo({"files": files, "manifest": {".": "1.0.0a1"}})
    with head_tree(repo) as tree:
        settings, found = read_branch_files(
            tree, branch="main", config_file=None, manifest_file=MANIFEST
        )
    [(path, version)] = found.versions.items()
    assert (settings.version_scheme, path, str(version)) == (scheme, ".", shown)


def test_branch_files_stop_on_a_bad_setting(make_repo: MakeRepo) -> None:
    """A bad [tool.releasegate] option is the ConfigError, before the release files are read."""
    pyproject = '[tool.releasegate]\nversion-scheme = "calver"\n'
    repo = make_repo({"files": {"pyproject.toml": pyproject}, "manifest": {".": "1.0.0"}})
    with head_tree(repo) as tree, pytest.raises(ConfigError) as info:
        read_branch_files(tree, branch="main", config_file=None, manifest_file=MANIFEST)
    assert str(info.value).startswith("pyproject.toml: ")


def test_config_warnings_are_returned(make_repo: MakeRepo) -> None:
    """The config's warnings (an unknown key here) come back with the parsed files."""
    config = config_text("c", componnet="typo")
    repo = make_repo({"files": {DEFAULT: config}, "manifest": {".": "1.2.3"}})
    assert read(repo).warnings == (
        f"{DEFAULT}: packages[\".\"].componnet: unknown key; did you mean 'component'?",
    )


def test_work_tree_copies_that_differ_are_warned_about(make_repo: MakeRepo) -> None:
    """With a work tree, each file whose copy there differs gets a warning, in reading order.

    The committed files are used all the same; without a work tree nothing is compared.
    """
    config = config_text("c", componnet="typo")
    repo = make_repo({"files": {DEFAULT: config}, "manifest": {".": "1.2.3"}})
    (repo / DEFAULT).write_text(config_text("local"), encoding="utf-8")
    (repo / MANIFEST).write_text('{".": "9.9.9"}\n', encoding="utf-8")
    result = read(repo, work_tree=repo)
    differs = (
        "the work tree differs from branch 'main'; the committed version is used, "
        "as release-please would; commit your changes to plan with them"
    )
    assert result.warnings == (
        f"{DEFAULT}: {differs}",
        f"{DEFAULT}: packages[\".\"].componnet: unknown key; did you mean 'component'?",
        f"{MANIFEST}: {differs}",
    )
    assert result.config.packages[0].config.component == "c"
    assert result.versions == {".": Version(1, 2, 3)}
    assert len(read(repo).warnings) == 1  # only the config's own warning


def test_work_tree_copies_that_match_or_are_absent_are_quiet(make_repo: MakeRepo) -> None:
    """A work-tree copy equal to the committed file, or none at all, is no warning."""
    repo = make_repo({"files": {DEFAULT: config_text("c")}, "manifest": {".": "1.2.3"}})
    (repo / MANIFEST).unlink()
    assert read(repo, work_tree=repo).warnings == ()
