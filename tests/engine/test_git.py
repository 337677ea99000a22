"""Reading history, tags and trees from real git repositories."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from tests.builders import EPOCH, IDENTITY
from tests.builders import git as run_git

import releasegate
from releasegate.engine import git
from releasegate.errors import BuildError, GitError, UsageError

if TYPE_CHECKING:
    from tests.builders import BareOrigin, Canary, MakeRepo

HISTORY = {
    "files": {"a.txt": "a\n"},
    "initial_message": "feat: first\n\nbody line\n\n",
    "steps": [
        {"tag": "v1.0.0"},
        {"commit": "fix(pkg): second", "files": {"pkg/b.txt": "b\n"}, "delete": ["a.txt"]},
        {"commit": "refactor: rename", "files": {"pkg/c.txt": "b\n"}, "delete": ["pkg/b.txt"]},
        {"tag": "pkg-v0.1.0", "annotated": True, "message": "annotated"},
        {"commit": "chore: empty"},
    ],
}


@pytest.fixture
def repo(make_repo: MakeRepo) -> Path:
    """A small history: files, a rename, a deletion, plain and annotated tags."""
    return make_repo(HISTORY)


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
    run_git(tmp_path, "init", "-q", "-b", "main")
    messages = [
        f"fix: change {i} \u2603\n\n" + "b\xf6dy \u2603\n" * (i % 7 * 9001) for i in range(40)
    ]
    message_file = tmp_path / ".git" / "message.txt"
    for message in messages:
        message_file.write_text(message, encoding="utf-8")
        run_git(
            tmp_path, "commit", "-q", "--allow-empty", "--cleanup=verbatim", "-F", str(message_file)
        )
    commits = list(git.iter_commits(tmp_path, "main", with_files=with_files))
    assert [c.message for c in commits] == [m.rstrip("\n") for m in reversed(messages)]
    assert len({c.sha for c in commits}) == len(messages)


def test_iter_commits_max_count(repo: Path) -> None:
    """max_count limits the walk like release-please's commit-search-depth."""
    assert len(list(git.iter_commits(repo, "main", max_count=2))) == 2


@pytest.fixture(scope="module")
def long_history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """200 commits whose log (about 250 kB) is more than a pipe holds; the tests only read it.

    One ``git fast-import`` writes them, instead of 200 ``git commit`` processes.
    """
    root = tmp_path_factory.mktemp("long-history")
    run_git(root, "init", "-q", "-b", "main")
    name, email = IDENTITY
    stream = []
    for i in range(200):
        message = f"fix: {i}\n\n{'b' * 1200}\n"
        stream += [
            "commit refs/heads/main",
            f"committer {name} <{email}> {EPOCH + i} +0000",
            f"data {len(message)}",
            message,
        ]
    run_git(root, "fast-import", "--quiet", stdin="\n".join(stream))
    return root


def test_commit_log_runs_before_it_is_read(long_history: Path) -> None:
    """Git starts at once and is drained while nobody reads: it ends before the first read."""
    with git.CommitLog(long_history, "main", with_files=False) as log:
        assert log._proc.wait(timeout=60) == 0
        commits = list(log)
    assert [c.message.partition("\n")[0] for c in commits[:2]] == ["fix: 199", "fix: 198"]
    assert len(commits) == 200


def test_commit_log_close_stops_git_midway(long_history: Path) -> None:
    """Leaving after the first commit stops git and its reader; closing twice is harmless."""
    log = git.CommitLog(long_history, "main", with_files=False)
    assert next(iter(log)).message.startswith("fix: 199\n")
    log.close()
    log.close()
    assert log._proc.returncode is not None
    assert not log._reader.is_alive()


def test_commit_log_reports_git_failing(repo: Path) -> None:
    """A history git cannot walk is one GitError line with git's own reason."""
    with git.CommitLog(repo, "no-such-branch") as log, pytest.raises(GitError) as info:
        list(log)
    assert str(info.value).startswith("git log failed: ")
    assert "\n" not in str(info.value)


def test_list_tags_peeled(repo: Path) -> None:
    """Annotated tags peel to their commit."""
    tags = {t.name: t.sha for t in git.list_tags(repo)}
    shas = run_git(repo, "rev-list", "main").splitlines()
    assert tags == {"v1.0.0": shas[3], "pkg-v0.1.0": shas[1]}


def test_tree_reads_committed_content(repo: Path) -> None:
    """The tree lists entries in git order and reads blobs; missing files read as None."""
    tree = git.Tree(repo, git.resolve_branch(repo, "main"))
    try:
        assert [(e.path, e.type) for e in tree.entries] == [("pkg", "tree"), ("pkg/c.txt", "blob")]
        assert tree.read("pkg/c.txt") == "b\n"
        assert tree.read("nope") is None
        assert tree.read("pkg") is None
        assert tree.paths_named("c.txt") == ["pkg/c.txt"]
        assert tree.paths_named("pkg") == ["pkg"]  # directories count, as in release-please
        assert tree.paths_named("nope") == []
    finally:
        tree.close()


def test_branch_errors_are_usage_errors(
    repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Unknown branches, detached HEADs and non-repositories are one-line usage errors."""
    with pytest.raises(UsageError, match="branch 'nope' not found"):
        git.resolve_branch(repo, "nope")
    run_git(repo, "checkout", "-q", "--detach")
    with pytest.raises(UsageError, match="detached"):
        git.current_branch(repo)
    with pytest.raises(UsageError, match="not a git repository"):
        git.ensure_repository(tmp_path_factory.mktemp("plain"))


def test_run_applies_its_settings_over_the_users(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Quoted paths and a Latin-1 log encoding in the user's config do not reach our output."""
    config = tmp_path / "gitconfig"
    config.write_text("[core]\n\tquotePath = true\n[i18n]\n\tlogOutputEncoding = latin1\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    (repo / "café.txt").write_text("x\n")
    run_git(repo, "add", "café.txt")
    run_git(repo, "commit", "-q", "-m", "feat: café")
    assert "café.txt" in git.run(repo, "ls-files").stdout.splitlines()
    assert git.run(repo, "log", "-1", "--format=%s").stdout == "feat: café\n"
    assert git.run(repo, "hash-object", "--stdin", input_text="é\n").stdout.strip() == (
        run_git(repo, "hash-object", "--stdin", stdin="é\n")
    )


def test_run_failure_is_one_redacted_line(repo: Path, canary_secret: Canary) -> None:
    """A failing git command raises one line naming the command; secrets in it are masked."""
    with pytest.raises(GitError) as info:
        git.run(repo, "checkout", "-q", canary_secret.value)
    message = str(info.value)
    assert message.startswith("git checkout failed (exit 1): error: pathspec")
    assert "\n" not in message
    canary_secret.assert_absent(message)
    with pytest.raises(BuildError, match=r"^git log failed"):
        git.run(repo, "log", "-1", "nope", error=BuildError)
    assert git.run(repo, "rev-parse", "--verify", "nope", check=False).returncode != 0


def test_remote_default_branch_is_origins_head(
    repo: Path, tmp_path: Path, bare_origin: BareOrigin
) -> None:
    """A clone knows its origin's default branch; a repository without origin/HEAD does not."""
    assert git.remote_default_branch(repo) is None
    origin = bare_origin(repo)
    clone = tmp_path / "clone"
    run_git(tmp_path, "clone", "-q", str(origin), str(clone))
    assert git.remote_default_branch(clone) == "main"


def _runs_git(node: ast.AST) -> bool:
    """Whether ``node`` is an argv literal that starts with ``"git"``."""
    return (
        isinstance(node, (ast.List, ast.Tuple))
        and bool(node.elts)
        and isinstance(node.elts[0], ast.Constant)
        and node.elts[0].value == "git"
    )


def test_git_runs_only_through_the_runner() -> None:
    """No module but git.py spells a git command line: every call goes through git.run."""
    src = Path(releasegate.__file__).parent
    offenders = sorted(
        str(path.relative_to(src))
        for path in src.rglob("*.py")
        if path.relative_to(src).as_posix() != "engine/git.py"
        if any(_runs_git(node) for node in ast.walk(ast.parse(path.read_text("utf-8"))))
    )
    assert offenders == []
