"""The one place commands learn their target branch and GitHub repository."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from releasegate.engine.repository import Repository
from releasegate.errors import UsageError
from releasegate.forge.target import github_repository, repository_page, target_branch

if TYPE_CHECKING:
    from pathlib import Path

    from tests.builders import Canary, Git

ACTIONS = ("GITHUB_REF", "GITHUB_REF_NAME", "GITHUB_REF_TYPE", "GITHUB_REPOSITORY")
BRANCH_PUSH = {
    "GITHUB_REF_TYPE": "branch",
    "GITHUB_REF_NAME": "dev",
    "GITHUB_REF": "refs/heads/dev",
}
TAG_PUSH = {"GITHUB_REF_TYPE": "tag", "GITHUB_REF_NAME": "v1.0.0", "GITHUB_REF": "refs/tags/v1.0.0"}


@pytest.fixture(autouse=True)
def _no_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """No GitHub Actions variables and no GitHub Enterprise server unless a test sets them."""
    for name in (*ACTIONS, "GITHUB_SERVER_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def work(tmp_path: Path, git: Git) -> Path:
    """A repository on ``trunk`` with one commit, and a bare origin whose default is ``trunk``."""
    repo = tmp_path / "work"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "trunk")
    git(repo, "commit", "-q", "--allow-empty", "-m", "feat: first")
    git(tmp_path, "init", "-q", "--bare", "-b", "trunk", str(tmp_path / "origin.git"))
    git(repo, "remote", "add", "origin", str(tmp_path / "origin.git"))
    git(repo, "push", "-q", "origin", "trunk")
    return repo


@pytest.mark.parametrize(
    ("setup", "env", "explicit", "expected"),
    [
        # --branch always wins; a checked-out branch comes next, whatever Actions says
        ("checked-out", BRANCH_PUSH, "release", "release"),
        ("checked-out", BRANCH_PUSH, None, "trunk"),
        # detached: the branch a push names, else origin's default branch
        ("detached", BRANCH_PUSH, None, "dev"),
        ("detached", TAG_PUSH, None, "trunk"),
        ("detached", {}, None, "trunk"),
        ("detached-clone", TAG_PUSH, None, "trunk"),
    ],
    ids=["explicit", "checked-out", "branch-push", "tag-push", "asks-origin", "clone-knows"],
)
def test_target_branch(  # noqa: PLR0917 - fixtures plus the table's columns
    work: Path,
    tmp_path: Path,
    git: Git,
    monkeypatch: pytest.MonkeyPatch,
    setup: str,
    env: dict[str, str],
    explicit: str | None,
    expected: str,
) -> None:
    """--branch, the checked-out branch, a branch push's GITHUB_REF_NAME, origin's default."""
    repo = work
    if setup == "detached-clone":
        repo = tmp_path / "clone"
        git(tmp_path, "clone", "-q", str(tmp_path / "origin.git"), str(repo))
        git(repo, "remote", "set-url", "origin", str(tmp_path / "gone.git"))  # cannot be asked
    if setup.startswith("detached"):
        git(repo, "checkout", "-q", "--detach")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert target_branch(repo, explicit) == expected


def test_detached_without_origin_is_a_usage_error(work: Path, git: Git) -> None:
    """Detached, outside Actions, and no origin to say its default branch: one line naming --branch."""
    git(work, "checkout", "-q", "--detach")
    git(work, "remote", "remove", "origin")
    with pytest.raises(
        UsageError,
        match=r"HEAD is detached and origin's default branch is unknown; pass --branch NAME$",
    ):
        target_branch(work)


@pytest.mark.parametrize(
    ("origin", "env", "explicit", "expected"),
    [
        # named outright
        (None, {}, "octo/widget", "octo/widget"),
        (None, {"GITHUB_REPOSITORY": "octo/widget"}, None, "octo/widget"),
        ("git@github.com:other/fork.git", {"GITHUB_REPOSITORY": "octo/widget"}, None, "octo/widget"),
        # from a GitHub origin, in every URL form
        ("git@github.com:octo/widget.git", {}, None, "octo/widget"),
        ("https://github.com/octo/wid.get.git", {}, None, "octo/wid.get"),
        ("https://x:tok@github.com/octo/widget.git", {}, None, "octo/widget"),
        ("ssh://git@github.com/octo/widget.git", {}, None, "octo/widget"),
        ("git@ghe.example.com:octo/widget.git", {"GITHUB_SERVER_URL": "https://ghe.example.com"}, None, "octo/widget"),
    ],
)  # fmt: skip
def test_github_repository(  # noqa: PLR0917 - fixtures plus the table's columns
    work: Path,
    git: Git,
    monkeypatch: pytest.MonkeyPatch,
    origin: str | None,
    env: dict[str, str],
    explicit: str | None,
    expected: str,
) -> None:
    """--github-repo, then GITHUB_REPOSITORY, then origin when it is on GitHub."""
    if origin:
        git(work, "remote", "set-url", "origin", origin)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    found = github_repository(work, explicit)
    assert f"{found.owner}/{found.name}" == expected


@pytest.mark.parametrize(
    ("origin", "env", "why"),
    [
        ("{tmp}/somewhere/origin-x.git", {}, "origin '{tmp}/somewhere/origin-x.git' is not on GitHub (https://github.com)"),
        ("../origin-x.git", {}, "origin '../origin-x.git' is not on GitHub (https://github.com)"),
        ("git@gitlab.com:octo/widget.git", {}, "origin 'git@gitlab.com:octo/widget.git' is not on GitHub (https://github.com)"),
        ("git@ghe.example.com:octo/widget.git", {}, "origin 'git@ghe.example.com:octo/widget.git' is not on GitHub (https://github.com)"),
        ("../origin-x.git", {"GITHUB_SERVER_URL": "https://ghe.example.com"}, "origin '../origin-x.git' is not on GitHub (https://ghe.example.com)"),
        (None, {}, "no origin remote"),
    ],
    ids=["absolute-path", "relative-path", "gitlab", "ghe-unnamed", "ghe-local", "no-origin"],
)  # fmt: skip
def test_no_github_repository_says_why(  # noqa: PLR0917 - fixtures plus the table's columns
    work: Path,
    tmp_path: Path,
    git: Git,
    monkeypatch: pytest.MonkeyPatch,
    origin: str | None,
    env: dict[str, str],
    why: str,
) -> None:
    """A remote that is not GitHub names no repository: one line saying so, never a made-up one."""
    if origin:
        git(work, "remote", "set-url", "origin", origin.format(tmp=tmp_path))
    else:
        git(work, "remote", "remove", "origin")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(UsageError) as info:
        github_repository(work)
    assert str(info.value) == (
        "cannot tell the GitHub repository: no --github-repo, no GITHUB_REPOSITORY and "
        f"{why.format(tmp=tmp_path)}; pass --github-repo OWNER/NAME"
    )


def test_no_github_repository_never_shows_credentials(
    work: Path, git: Git, canary_secret: Canary
) -> None:
    """A token in a non-GitHub origin URL stays out of the message."""
    git(work, "remote", "set-url", "origin", f"https://x:{canary_secret.value}@gitlab.com/o/r.git")
    with pytest.raises(UsageError) as info:
        github_repository(work)
    canary_secret.assert_absent(str(info.value))


@pytest.mark.parametrize("bad", ["nope", "octo/", "/widget", "octo/widget/extra"])
def test_github_repository_must_be_owner_slash_name(work: Path, bad: str) -> None:
    """A malformed --github-repo is a usage error with an example."""
    with pytest.raises(
        UsageError, match=r"is not OWNER/NAME; e\.g\. --github-repo octo-org/widget"
    ):
        github_repository(work, bad)


@pytest.mark.parametrize(
    ("origin", "env", "page"),
    [
        ("git@github.com:octo/widget.git", {}, "https://github.com/octo/widget"),
        ("https://github.com/Octo/Widget", {}, "https://github.com/Octo/Widget"),
        ("http://127.0.0.1:8080/octo/widget.git", {"GITHUB_SERVER_URL": "http://127.0.0.1:8080"}, "http://127.0.0.1:8080/octo/widget"),
        ("git@github.com:other/fork.git", {}, None),
        ("{tmp}/origin.git", {}, None),
    ],
    ids=["github", "any-case", "enterprise", "another-repository", "local-path"],
)  # fmt: skip
def test_repository_page(  # noqa: PLR0917 - fixtures plus the table's columns
    work: Path,
    tmp_path: Path,
    git: Git,
    monkeypatch: pytest.MonkeyPatch,
    origin: str,
    env: dict[str, str],
    page: str | None,
) -> None:
    """A GitHub page to link a pushed branch to only when origin is the repository on GitHub."""
    git(work, "remote", "set-url", "origin", origin.format(tmp=tmp_path))
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert repository_page(work, Repository("octo", "widget")) == page
