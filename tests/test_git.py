"""Reading history, tags and trees from real git repositories."""

from __future__ import annotations

import os
import subprocess
from typing import TYPE_CHECKING

import pytest

from releasegate import git
from releasegate.errors import UsageError

if TYPE_CHECKING:
    from pathlib import Path

ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_CONFIG_SYSTEM": "/dev/null",
    "GIT_AUTHOR_NAME": "T",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "T",
    "GIT_COMMITTER_EMAIL": "t@example.com",
}


def sh(repo: Path, *args: str, date: int = 1704067200) -> str:
    """Run git in ``repo`` at a fixed date and return its output."""
    env = {**ENV, "GIT_AUTHOR_DATE": f"{date} +0000", "GIT_COMMITTER_DATE": f"{date} +0000"}
    return subprocess.run(
        ["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A small history: files, a rename, a deletion, plain and annotated tags."""
    sh(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "a.txt").write_text("a\n")
    sh(tmp_path, "add", "-A")
    sh(tmp_path, "commit", "-q", "-m", "feat: first\n\nbody line\n\n", date=1704067200)
    sh(tmp_path, "tag", "v1.0.0")
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "b.txt").write_text("b\n")
    (tmp_path / "a.txt").unlink()
    sh(tmp_path, "add", "-A")
    sh(tmp_path, "commit", "-q", "-m", "fix(pkg): second", date=1704067300)
    sh(tmp_path, "mv", "pkg/b.txt", "pkg/c.txt")
    sh(tmp_path, "commit", "-q", "-m", "refactor: rename", date=1704067400)
    sh(tmp_path, "tag", "-a", "-m", "annotated", "pkg-v0.1.0")
    sh(tmp_path, "commit", "-q", "--allow-empty", "-m", "chore: empty", date=1704067500)
    return tmp_path


def test_iter_commits_newest_first_with_files(repo: Path) -> None:
    """History streams newest first; renames count under the new path; deletions are listed."""
    commits = list(git.iter_commits(repo, "main"))
    assert [c.message for c in commits] == [
        "chore: empty",
        "refactor: rename",
        "fix(pkg): second",
        "feat: first\n\nbody line",
    ]
    assert [c.files for c in commits] == [(), ("pkg/c.txt",), ("a.txt", "pkg/b.txt"), ("a.txt",)]


def test_iter_commits_without_files_reads_the_same_history(repo: Path) -> None:
    """with_files=False gives the same shas and messages, and no paths."""
    with_files = list(git.iter_commits(repo, "main"))
    without = list(git.iter_commits(repo, "main", with_files=False))
    assert [(c.sha, c.message) for c in without] == [(c.sha, c.message) for c in with_files]
    assert all(c.files == () for c in without)


@pytest.mark.parametrize("with_files", [True, False])
def test_iter_commits_streams_long_non_ascii_messages(tmp_path: Path, with_files: bool) -> None:
    """Messages spanning many reads, multi-byte characters across read boundaries, intact."""
    sh(tmp_path, "init", "-q", "-b", "main")
    messages = [
        f"fix: change {i} \u2603\n\n" + "b\xf6dy \u2603\n" * (i % 7 * 9001) for i in range(40)
    ]
    message_file = tmp_path / ".git" / "message.txt"
    for message in messages:
        message_file.write_text(message, encoding="utf-8")
        sh(tmp_path, "commit", "-q", "--allow-empty", "--cleanup=verbatim", "-F", str(message_file))
    commits = list(git.iter_commits(tmp_path, "main", with_files=with_files))
    assert [c.message for c in commits] == [m.rstrip("\n") for m in reversed(messages)]
    assert len({c.sha for c in commits}) == len(messages)


def test_iter_commits_max_count(repo: Path) -> None:
    """max_count limits the walk like release-please's commit-search-depth."""
    assert len(list(git.iter_commits(repo, "main", max_count=2))) == 2


def test_list_tags_peeled(repo: Path) -> None:
    """Annotated tags peel to their commit."""
    tags = {t.name: t.sha for t in git.list_tags(repo)}
    shas = sh(repo, "rev-list", "main").splitlines()
    assert tags == {"v1.0.0": shas[3], "pkg-v0.1.0": shas[1]}


def test_tree_reads_committed_content(repo: Path) -> None:
    """The tree lists entries in git order and reads blobs; missing files read as None."""
    tree = git.Tree(repo, git.resolve_branch(repo, "main"))
    try:
        assert [(e.path, e.type) for e in tree.entries] == [("pkg", "tree"), ("pkg/c.txt", "blob")]
        assert tree.read("pkg/c.txt") == "b\n"
        assert tree.read("nope") is None
        assert tree.read("pkg") is None
    finally:
        tree.close()


def test_branch_errors_are_usage_errors(
    repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Unknown branches, detached HEADs and non-repositories are one-line usage errors."""
    with pytest.raises(UsageError, match="branch 'nope' not found"):
        git.resolve_branch(repo, "nope")
    sh(repo, "checkout", "-q", "--detach")
    with pytest.raises(UsageError, match="detached"):
        git.current_branch(repo)
    with pytest.raises(UsageError, match="not a git repository"):
        git.ensure_repository(tmp_path_factory.mktemp("plain"))
