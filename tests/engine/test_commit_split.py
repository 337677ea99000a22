"""Assigning commits to packages: release-please's commit-split and commit-exclude rules."""

from __future__ import annotations

import pytest

from releasegate.engine.commit_split import exclude_commits, normalize_path, split_commits
from releasegate.engine.commits import Commit


def c(sha: str, *files: str) -> Commit:
    """A commit touching ``files``."""
    return Commit(sha, f"fix: {sha}", files)


@pytest.mark.parametrize(
    ("commits", "paths", "expected"),
    [
        # a commit belongs to each package folder it touches, once
        ([c("1", "a/x", "a/y", "b/z")], ["a", "b"], {"a": ["1"], "b": ["1"]}),
        # top-level files belong to no sub-package; the root is never split
        ([c("1", "README.md")], [".", "a"], {}),
        # an empty commit belongs to every sub-package
        ([c("1")], [".", "a", "b"], {"a": ["1"], "b": ["1"]}),
        # the longest matching path wins for nested packages
        ([c("1", "a/b/x")], ["a", "a/b"], {"a/b": ["1"]}),
        # paths are normalised (one leading and one trailing slash dropped)
        ([c("1", "a/x")], ["/a/"], {"a": ["1"]}),
        # a path prefix must end at a folder boundary
        ([c("1", "ab/x")], ["a"], {}),
        # deeper files, odd paths: the longest "/"-ended prefix that is a package
        ([c("1", "a/b/c/d/x", "a/bc/x")], ["a", "a/b/c"], {"a/b/c": ["1"], "a": ["1"]}),
        ([c("1", "a//b/x")], ["a", "a//"], {"a/": ["1"]}),
        ([c("1", "/x/y"), c("2", "x/y")], ["//", "x"], {"": ["1"], "x": ["2"]}),
        # files of one folder in many commits keep their package
        (
            [c("1", "p/s/x"), c("2", "p/s/y"), c("3", "q/s/z")],
            ["p", "q"],
            {"p": ["1", "2"], "q": ["3"]},
        ),
    ],
)
def test_split_commits(commits: list[Commit], paths: list[str], expected: dict[str, list[str]]):
    """Commits are split by package folder as CommitSplit does."""
    split = split_commits(commits, paths)
    assert {k: [x.sha for x in v] for k, v in split.items()} == expected


@pytest.mark.parametrize(
    ("path", "exclude", "commits", "kept"),
    [
        # no exclude-paths: everything stays
        (".", None, [c("1", "docs/a")], ["1"]),
        # a commit only under an excluded path is dropped; one with another file stays
        (".", ["docs"], [c("1", "docs/a"), c("2", "docs/a", "src/b")], ["2"]),
        # exclude-paths are repository-relative: a package-relative entry never matches
        ("pkg", ["docs"], [c("1", "pkg/docs/a")], ["1"]),
        ("pkg", ["pkg/docs"], [c("1", "pkg/docs/a")], []),
        # with exclude-paths set, a commit with no file in the package is dropped
        ("pkg", ["pkg/docs"], [c("1")], []),
    ],
)
def test_exclude_commits(
    path: str, exclude: list[str] | None, commits: list[Commit], kept: list[str]
):
    """exclude-paths drops commits whose package files all lie under an excluded path."""
    assert [x.sha for x in exclude_commits(commits, path, exclude)] == kept


@pytest.mark.parametrize(
    ("raw", "normal"), [("a", "a"), ("/a/", "a"), ("//a//", "/a/"), ("/", ""), (".", ".")]
)
def test_normalize_path(raw: str, normal: str):
    """Only one leading and one trailing slash are removed, as normalizePaths does."""
    assert normalize_path(raw) == normal
