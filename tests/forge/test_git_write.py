"""git writes: the release commit in a throw-away index, branch and tag refs, pushes, tokens."""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
from typing import TYPE_CHECKING

import pytest
from tests._git_host import refusing_git_host

from releasegate._redact import Secret
from releasegate.errors import GitError, UsageError
from releasegate.forge import git_write

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

IDENTITY = {
    "GIT_AUTHOR_NAME": "T",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "T",
    "GIT_COMMITTER_EMAIL": "t@example.com",
}


@pytest.fixture(autouse=True)
def _no_user_git_config(monkeypatch: pytest.MonkeyPatch) -> None:
    """Git runs without the user's or the system's configuration."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in (*IDENTITY, "GIT_CONFIG_COUNT", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)


def sh(repo: Path, *args: str, stdin: str | None = None) -> str:
    """Run git in ``repo`` (with a test identity) and return its stripped output."""
    return subprocess.run(
        ["git", "-C", str(repo), *args],
        env={**os.environ, **IDENTITY},
        input=stdin,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def make_repo(path: Path) -> Path:
    """A repository on ``main`` with two commits and a bare ``origin`` holding them."""
    path.mkdir()
    sh(path, "init", "-q", "-b", "main")
    (path / "a.txt").write_text("a\n")
    (path / "run.sh").write_text("#!/bin/sh\n")
    (path / "run.sh").chmod(0o755)
    sh(path, "add", "-A")
    sh(path, "commit", "-q", "-m", "feat: first")
    (path / "b.txt").write_text("b\n")
    sh(path, "add", "-A")
    sh(path, "commit", "-q", "-m", "fix: second")
    origin = path.parent / f"{path.name}-origin.git"
    sh(path.parent, "init", "-q", "--bare", str(origin))
    sh(path, "remote", "add", "origin", str(origin))
    sh(path, "push", "-q", "origin", "main")
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A clone-like repository with a bare origin."""
    return make_repo(tmp_path / "repo")


def test_build_commit_sets_files_on_top_of_parent_and_touches_nothing(repo: Path) -> None:
    """One commit on the tip with the new files; HEAD, index and work tree stay as they were."""
    (repo / "a.txt").write_text("local edit\n")
    sh(repo, "add", "a.txt")
    before = (sh(repo, "rev-parse", "HEAD"), sh(repo, "status", "--porcelain"))
    tip = sh(repo, "rev-parse", "main")
    files = {
        "CHANGELOG.md": "# Changelog\n\n* café ☕ naïve\n",
        "a.txt": "A\n",
        "run.sh": "#!/bin/sh\nexit 0\n",
    }
    sha = git_write.build_commit(repo, parent=tip, files=files, message="chore: release 1.0.0")
    assert sh(repo, "rev-parse", f"{sha}^") == tip
    assert sh(repo, "log", "-1", "--format=%B", sha) == "chore: release 1.0.0"
    assert sh(repo, "show", f"{sha}:CHANGELOG.md") == "# Changelog\n\n* café ☕ naïve"
    assert sh(repo, "show", f"{sha}:a.txt") == "A"
    assert sh(repo, "show", f"{sha}:b.txt") == "b"
    assert sh(repo, "ls-tree", sha, "run.sh").split()[0] == "100755"
    assert (sh(repo, "rev-parse", "HEAD"), sh(repo, "status", "--porcelain")) == before
    assert sh(repo, "for-each-ref", "refs/heads") == sh(repo, "for-each-ref", "refs/heads/main")


@pytest.mark.parametrize(
    ("env", "config", "expected"),
    [
        ({}, {}, "releasegate <releasegate@users.noreply.github.com>"),
        (
            {"GITHUB_ACTIONS": "true"},
            {},
            "github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>",
        ),
        ({}, {"user.name": "Ann", "user.email": "ann@example.com"}, "Ann <ann@example.com>"),
        (IDENTITY, {}, "T <t@example.com>"),
    ],
    ids=["default", "actions", "git-config", "git-env"],
)
def test_commit_identity(
    repo: Path,
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
    config: dict[str, str],
    expected: str,
) -> None:
    """Git's configured identity wins; with none, a releasegate or Actions bot identity."""
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    for key, value in config.items():
        sh(repo, "config", key, value)
    sha = git_write.build_commit(repo, parent="main", files={"x": "1\n"}, message="m")
    assert sh(repo, "log", "-1", "--format=%an <%ae>|%cn <%ce>", sha) == f"{expected}|{expected}"


def test_set_branch_and_lease(repo: Path) -> None:
    """update-ref moves the release branch; a stale expected value is refused."""
    tip = sh(repo, "rev-parse", "main")
    sha = git_write.build_commit(repo, parent=tip, files={"x": "1\n"}, message="m")
    git_write.set_branch(repo, "release-please--branches--main", sha)
    assert sh(repo, "rev-parse", "release-please--branches--main") == sha
    with pytest.raises(GitError):
        git_write.set_branch(repo, "release-please--branches--main", tip, old=tip)


def test_set_branch_refuses_the_checked_out_branch(repo: Path) -> None:
    """Moving the checked-out branch would change the user's files: a one-line UsageError."""
    with pytest.raises(UsageError, match="branch 'main' is checked out"):
        git_write.set_branch(repo, "main", sh(repo, "rev-parse", "main~1"))


def test_push_branch_with_lease(repo: Path) -> None:
    """Push creates the remote branch; a lease on a stale sha is refused in one line."""
    branch = "release-please--branches--main"
    assert git_write.remote_branch_sha(repo, branch) is None
    first = git_write.build_commit(repo, parent="main", files={"x": "1\n"}, message="m")
    git_write.push_branch(repo, branch, first, expected=None)
    assert git_write.remote_branch_sha(repo, branch) == first
    second = git_write.build_commit(repo, parent="main", files={"x": "2\n"}, message="m")
    with pytest.raises(GitError, match="remote branch changed") as info:
        git_write.push_branch(repo, branch, second, expected=None)
    assert "\n" not in str(info.value)
    git_write.push_branch(repo, branch, second, expected=first)
    assert git_write.remote_branch_sha(repo, branch) == second


def test_push_refused_by_the_remote_is_one_line(repo: Path) -> None:
    """A pre-receive hook that says no: GitError with the remote's last words."""
    hook = repo.parent / "repo-origin.git" / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'protected branch' >&2\nexit 1\n")
    hook.chmod(0o755)
    sha = git_write.build_commit(repo, parent="main", files={"x": "1\n"}, message="m")
    with pytest.raises(GitError, match=r"^push of 'rel' to 'origin' failed: ") as info:
        git_write.push_branch(repo, "rel", sha, expected=None)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("message", [None, "release 1.0.0"], ids=["lightweight", "annotated"])
def test_create_and_push_tag_are_idempotent(repo: Path, message: str | None) -> None:
    """A tag is created once, then reported as existing; pushing twice succeeds."""
    tip = sh(repo, "rev-parse", "main")
    assert git_write.create_tag(repo, "v1.0.0", tip, message=message) == "created"
    assert git_write.create_tag(repo, "v1.0.0", tip, message=message) == "exists"
    git_write.push_tag(repo, "v1.0.0")
    git_write.push_tag(repo, "v1.0.0")
    origin = repo.parent / "repo-origin.git"
    assert sh(origin, "rev-parse", "v1.0.0^{commit}") == tip
    kind = sh(origin, "cat-file", "-t", "v1.0.0")
    assert kind == ("commit" if message is None else "tag")


def test_tag_at_another_commit_is_an_error(repo: Path) -> None:
    """A tag at another commit, locally or on the remote, is reported with both shas."""
    tip, older = sh(repo, "rev-parse", "main"), sh(repo, "rev-parse", "main~1")
    git_write.create_tag(repo, "v1.0.0", older)
    with pytest.raises(GitError, match=f"^tag v1.0.0 exists at {older}, not at {tip}; "):
        git_write.create_tag(repo, "v1.0.0", tip)
    git_write.push_tag(repo, "v1.0.0")
    sh(repo, "tag", "-d", "v1.0.0")
    git_write.create_tag(repo, "v1.0.0", tip)
    with pytest.raises(GitError, match=f"exists on 'origin' at {older}, not at {tip}"):
        git_write.push_tag(repo, "v1.0.0")


def test_bad_tag_name_is_usage_error(repo: Path) -> None:
    """A name git cannot store as a tag: exit-2 error naming it."""
    with pytest.raises(UsageError, match=r"'v1\.\.0' is not a valid tag name"):
        git_write.create_tag(repo, "v1..0", "main")


@pytest.fixture
def http_remote() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP git host standing in for an https one; yields its URL and headers."""
    with refusing_git_host() as host:
        yield host


def test_token_goes_in_a_header_from_the_environment_only(
    repo: Path, http_remote: tuple[str, list[str]], capfd: pytest.CaptureFixture[str]
) -> None:
    """The token reaches the server as basic auth, and never argv, config, output or errors.

    A header persisted by actions/checkout in .git/config is replaced, not sent alongside.
    """
    url, seen = http_remote
    sh(repo, "remote", "set-url", "origin", url)
    host = url.rsplit("/", 2)[0]  # scheme://host:port
    sh(repo, "config", f"http.{host}/.extraheader", "AUTHORIZATION: basic c3RhbGU=")
    canary = f"canary-{secrets.token_hex(12)}"
    token = Secret(canary)
    with pytest.raises(GitError) as info:
        git_write.remote_branch_sha(repo, "main", token=token)
    expected = base64.b64encode(f"x-access-token:{canary}".encode()).decode()
    assert seen
    assert {header.lower() for header in seen} == {f"basic {expected}".lower()}
    assert "\n" not in str(info.value)
    out, err = capfd.readouterr()
    config = sh(repo, "config", "--list", "--show-origin")
    for text in (str(info.value), out, err, config, str(token), repr(token)):
        assert canary not in text
        assert expected not in text


@pytest.mark.parametrize(
    ("url", "sent"),
    [
        ("https://github.com/o/r.git", True),
        ("https://user@github.com/o/r.git", True),
        ("http://127.0.0.1:8080/o/r.git", True),
        ("http://example.org/o/r.git", False),
        ("git@github.com:o/r.git", False),
        ("/srv/git/r.git", False),
    ],
)
def test_token_only_for_https_remotes(repo: Path, url: str, *, sent: bool) -> None:
    """A token is offered to https hosts (and loopback http), never to ssh, files or http."""
    sh(repo, "remote", "set-url", "origin", url)
    env = git_write.auth_env(repo, "origin", Secret("tok-abcdef"))
    assert env["GIT_TERMINAL_PROMPT"] == "0"
    assert ("GIT_CONFIG_COUNT" in env) is sent
    if sent:
        key = env["GIT_CONFIG_KEY_1"]
        assert key.startswith("http.")
        assert "user@" not in key


def _topic(repo: Path, name: str, file: str, text: str) -> str:
    """A branch ``name`` off main~0 with one commit writing ``file``; main is checked out after."""
    sh(repo, "checkout", "-q", "-b", name, "main")
    (repo / file).write_text(text)
    sh(repo, "add", "-A")
    sh(repo, "commit", "-q", "-m", f"feat: {name}")
    sh(repo, "checkout", "-q", "main")
    return sh(repo, "rev-parse", name)


@pytest.mark.parametrize("squash", [True, False], ids=["squash", "merge-commit"])
def test_merge_preview_writes_the_merge_and_touches_nothing(repo: Path, squash: bool) -> None:
    """The commit a merge would make: both sides' files, its parents, and no ref moved."""
    topic = _topic(repo, "topic", "c.txt", "c\n")
    (repo / "b.txt").write_text("b on main\n")
    sh(repo, "commit", "-q", "-am", "fix: on main")
    base = sh(repo, "rev-parse", "main")
    (repo / "a.txt").write_text("an uncommitted edit\n")
    before = (
        sh(repo, "for-each-ref"),
        sh(repo, "status", "--porcelain"),
        sh(repo, "rev-parse", "HEAD"),
    )
    merged = git_write.merge_preview(repo, base=base, head=topic, message="feat: t", squash=squash)
    assert merged is not None
    after = (
        sh(repo, "for-each-ref"),
        sh(repo, "status", "--porcelain"),
        sh(repo, "rev-parse", "HEAD"),
    )
    assert after == before
    assert sh(repo, "show", f"{merged}:b.txt") == "b on main"
    assert sh(repo, "show", f"{merged}:c.txt") == "c"
    parents = sh(repo, "log", "-1", "--format=%P", merged).split()
    assert parents == ([base] if squash else [base, topic])
    assert sh(repo, "log", "-1", "--format=%B", merged) == "feat: t"


def test_merge_preview_of_a_conflict_is_none(repo: Path) -> None:
    """Both sides change the same line: there is no merge to preview."""
    left = _topic(repo, "left", "a.txt", "left\n")
    right = _topic(repo, "right", "a.txt", "right\n")
    assert git_write.merge_preview(repo, base=left, head=right, message="x", squash=True) is None


def test_checkout_copy_builds_elsewhere_and_leaves_the_repository_alone(repo: Path) -> None:
    """A throwaway checkout of an older commit, with its tags; the repository is untouched."""
    first = sh(repo, "rev-parse", "HEAD~1")
    sh(repo, "tag", "v1.0.0", first)
    (repo / "a.txt").write_text("local edit\n")
    before = (sh(repo, "rev-parse", "HEAD"), sh(repo, "status", "--porcelain"),
              sh(repo, "for-each-ref"), sh(repo, "worktree", "list"))  # fmt: skip
    with git_write.checkout_copy(repo, first) as copy:
        assert sh(copy, "rev-parse", "HEAD") == first
        assert sh(copy, "tag", "--points-at", "HEAD") == "v1.0.0"
        assert (copy / "a.txt").read_text() == "a\n"
        assert not (copy / "b.txt").exists()
        (copy / "dist").mkdir()
    assert not copy.exists()
    after = (sh(repo, "rev-parse", "HEAD"), sh(repo, "status", "--porcelain"),
             sh(repo, "for-each-ref"), sh(repo, "worktree", "list"))  # fmt: skip
    assert after == before


def test_checkout_copy_checks_out_the_submodules_the_repository_has(
    repo: Path, tmp_path: Path
) -> None:
    """A release commit's checked-out submodule comes from its local clone; the others stay empty."""
    for name in ("vendor", "spec"):
        library = tmp_path / name
        library.mkdir()
        (library / f"{name}.txt").write_text(f"{name}\n")
        sh(library, "init", "-q", "-b", "main")
        sh(library, "add", "-A")
        sh(library, "commit", "-q", "-m", f"feat: {name}")
        sh(repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(library), name)
    sh(repo, "commit", "-q", "-m", "build: two submodules")
    sh(repo, "submodule", "deinit", "-q", "--force", "spec")
    for name in ("vendor", "spec"):
        (tmp_path / name).rename(tmp_path / f"{name}-gone")  # only the local clones remain
    with git_write.checkout_copy(repo, sh(repo, "rev-parse", "HEAD")) as copy:
        assert (copy / "vendor" / "vendor.txt").read_text() == "vendor\n"
        assert list((copy / "spec").iterdir()) == []


def test_checkout_copy_runs_no_hook(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hooks path the environment configures does not run its post-checkout hook."""
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    ran = tmp_path / "hook-ran"
    (hooks / "post-checkout").write_text(f"#!/bin/sh\ntouch '{ran}'\n")
    (hooks / "post-checkout").chmod(0o755)
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", "core.hooksPath")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", str(hooks))
    sh(repo, "checkout", "-q", "HEAD~1")
    assert ran.exists()  # the hook works where git runs it
    ran.unlink()
    with git_write.checkout_copy(repo, sh(repo, "rev-parse", "main")) as copy:
        assert (copy / "b.txt").is_file()
    assert not ran.exists()


def test_checkout_copy_of_a_missing_commit_is_one_line(repo: Path) -> None:
    """A release commit the clone lacks names the fetch that brings it."""
    with pytest.raises(GitError) as info, git_write.checkout_copy(repo, "f" * 40):
        pass
    assert str(info.value).startswith(f"cannot check out {'f' * 12} from {repo}: ")
    assert str(info.value).endswith("(git fetch origin, or actions/checkout with fetch-depth: 0)")
    assert "\n" not in str(info.value)
