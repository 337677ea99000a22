"""The GitHub client's GraphQL and git-database calls, rate limits and GitHub Enterprise URLs.

All against the local stand-in serving a real repository, every exchange checked against
GitHub's published description.
"""

from __future__ import annotations

import base64
import time
from typing import TYPE_CHECKING

import pytest
from tests._github_server import FakeGitHub, running_github
from tests.builders import git

from releasegate._redact import Secret
from releasegate.engine.repository import Repository
from releasegate.errors import GitHubError
from releasegate.forge.github import GitHub
from releasegate.forge.github_urls import graphql_url_for

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


def _history(root: Path, count: int) -> Path:
    """A repository of ``count`` commits on main, made at once with ``git fast-import``."""
    git(root.parent, "init", "-q", "--bare", "-b", "main", str(root))
    lines = []
    for n in range(count):
        data = f"x = {n}\n"
        message = f"fix: change {n}\n"
        lines += [
            "commit refs/heads/main",
            f"committer Ann <ann@example.com> {1_700_000_000 + n} +0000",
            f"data {len(message)}",
            message.rstrip("\n"),
        ]
        lines += [f"M 100644 inline f{n % 5}.py", f"data {len(data)}", data]
    git(root, "fast-import", "--quiet", stdin="\n".join(lines) + "\n")
    return root


@pytest.fixture(autouse=True)
def _fast(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries keep their count but wait milliseconds."""
    monkeypatch.setenv("RELEASEGATE_RETRY_DELAY", "0.001")


@pytest.fixture
def origin(tmp_path: Path) -> Path:
    """A bare repository with 130 commits: more than one page of history."""
    return _history(tmp_path / "origin.git", 130)


@pytest.fixture
def gh(origin: Path) -> Iterator[FakeGitHub]:
    """The stand-in serving ``origin``."""
    with running_github(git_dir=origin) as server:
        yield server


@pytest.fixture
def client(gh: FakeGitHub) -> Iterator[GitHub]:
    """A client for octo/demo on the stand-in."""
    with GitHub(Repository("octo", "demo"), Secret(gh.token), api_url=gh.url) as github:
        yield github


def test_associated_pull_requests_pages_the_history(gh: FakeGitHub, client: GitHub, origin: Path):
    """120 commits come in two GraphQL requests of at most 100; PRs are attached by commit."""
    head = git(origin, "rev-parse", "main")
    squash, rebased = git(origin, "rev-parse", "main~3"), git(origin, "rev-parse", "main~104")
    gh.add_pull(number=12, title="fix: x", body="B", labels=("bug",), merged_sha=squash)
    gh.add_pull(number=13, merged_sha=rebased, commits=[git(origin, "rev-parse", "main~105")])
    found = client.associated_pull_requests(head, 120)
    assert found is not None
    assert len(found) == 120
    assert [c.sha for c in found[:2]] == git(origin, "rev-list", "-2", "main").split()
    assert len(gh.calls("POST", "/graphql")) == 2
    (pr,) = found[3].pull_requests
    assert (pr.number, pr.title, pr.body, pr.labels, pr.merge_commit) == (
        12, "fix: x", "B", ("bug",), squash,
    )  # fmt: skip
    assert pr.files == ("f1.py",)  # main~3 is change 126: f{126 % 5}.py
    assert [p.number for p in found[105].pull_requests] == [13]
    assert sum(bool(c.pull_requests) for c in found) == 3


def test_refs_commits_and_create_commit_on_branch(gh: FakeGitHub, client: GitHub, origin: Path):
    """Create a branch, commit on it through GraphQL, read it back; a stale head is refused."""
    tip = git(origin, "rev-parse", "main")
    assert client.branch_head("release/x") is None
    client.point_branch("release/x", tip, exists=False)
    assert client.branch_head("release/x") == tip
    created = client.create_commit_on_branch(
        "release/x", expected_head=tip, files={"f0.py": "y = 1\n", "new/file.txt": "é\n"},
        message="chore: release 2.0.0",
    )  # fmt: skip
    assert git(origin, "rev-parse", "release/x") == created.oid
    assert git(origin, "rev-parse", f"{created.oid}^{{tree}}") == created.tree
    assert git(origin, "show", f"{created.oid}:new/file.txt") == "é"
    commit = client.commit(created.oid)
    assert commit is not None
    assert (commit.parents, commit.message, commit.tree) == (
        (tip,),
        "chore: release 2.0.0",
        created.tree,
    )
    client.point_branch("release/x", tip, exists=True)  # force back to the tip
    assert client.branch_head("release/x") == tip
    with pytest.raises(GitHubError, match="Expected branch to point to") as caught:
        client.create_commit_on_branch(
            "release/x", expected_head=created.oid, files={}, message="x"
        )
    assert "\n" not in str(caught.value)
    request = gh.calls("POST", "/graphql")[0].body
    assert request["variables"]["input"]["fileChanges"]["additions"][1] == {
        "path": "new/file.txt",
        "contents": base64.b64encode("é\n".encode()).decode(),
    }


def test_missing_commit_is_none(client: GitHub):
    """History from a commit GitHub does not have (not pushed yet): None, for the caller."""
    assert client.associated_pull_requests("0" * 40, 10) is None


# -- rate limits ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({"Retry-After": "1"}, id="secondary-retry-after"),
        pytest.param(
            {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(time.time()))},
            id="primary-reset",
        ),
    ],
)
@pytest.mark.parametrize("status", [403, 429])
def test_rate_limit_is_waited_out(
    gh: FakeGitHub,
    client: GitHub,
    capsys: pytest.CaptureFixture[str],
    headers: dict[str, str],
    status: int,
):
    """A rate-limited answer is sent again once the limit allows; one line says so."""
    gh.fail_next("GET", "/git/ref/", status, message="API rate limit exceeded", headers=headers)
    assert client.branch_head("main") == git(gh.git_dir, "rev-parse", "main")  # type: ignore[arg-type]
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert "rate limit reached; waiting" in err


def test_rate_limit_beyond_the_bound_is_one_line(
    gh: FakeGitHub, client: GitHub, monkeypatch: pytest.MonkeyPatch
):
    """A limit that resets later than RELEASEGATE_RATE_LIMIT_WAIT allows: one line, when."""
    monkeypatch.setenv("RELEASEGATE_RATE_LIMIT_WAIT", "5")
    reset = int(time.time()) + 3600
    headers = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(reset)}
    with GitHub(Repository("octo", "demo"), Secret(gh.token), api_url=gh.url) as bounded:
        gh.fail_next("GET", "/git/ref/", 403, message="API rate limit exceeded", headers=headers)
        with pytest.raises(GitHubError) as caught:
            bounded.branch_head("main")
    text = str(caught.value)
    assert "\n" not in text
    assert time.strftime("%H:%M", time.gmtime(reset)) in text
    assert "RELEASEGATE_RATE_LIMIT_WAIT" in text
    assert len(gh.calls("GET", "/git/ref/")) == 1  # not retried


def test_graphql_rate_limited_error_is_reported(
    gh: FakeGitHub, origin: Path, monkeypatch: pytest.MonkeyPatch
):
    """GraphQL's RATE_LIMITED error (HTTP 200) counts as a rate limit, reported in one line."""
    monkeypatch.setenv("RELEASEGATE_RATE_LIMIT_WAIT", "5")
    client = GitHub(Repository("octo", "demo"), Secret(gh.token), api_url=gh.url)
    answered: list[int] = []

    def limit_once(method: str, path: str, status: int, body: object) -> object:
        if path == gh.graphql_path and not answered:
            answered.append(status)
            return {"errors": [{"type": "RATE_LIMITED", "message": "API rate limit exceeded"}]}
        return body

    gh.tamper = limit_once
    # the tampered answer carries no headers: GitHub's secondary-limit advice, a minute, is
    # longer than this bound allows, so it is reported, not waited for
    with client, pytest.raises(GitHubError, match="rate limit is exhausted") as caught:
        client.associated_pull_requests(git(origin, "rev-parse", "main"), 5)
    assert "\n" not in str(caught.value)
    assert answered == [200]


# -- GitHub Enterprise Server ----------------------------------------------------------------
def test_enterprise_urls(origin: Path, monkeypatch: pytest.MonkeyPatch):
    """GITHUB_API_URL=…/api/v3 alone reaches REST there and GraphQL at …/api/graphql."""
    monkeypatch.delenv("GITHUB_GRAPHQL_URL", raising=False)
    with running_github(git_dir=origin, enterprise=True) as ghes:
        assert ghes.url.endswith("/api/v3")
        monkeypatch.setenv("GITHUB_API_URL", ghes.url)
        monkeypatch.setenv("GITHUB_TOKEN", ghes.token)
        github = GitHub.from_env(Repository("octo", "demo"))
        assert github is not None
        with github:
            assert github.graphql_url == ghes.graphql_url
            head = github.branch_head("main")
            assert head is not None
            assert len(github.associated_pull_requests(head, 3) or ()) == 3
        assert {r.path for r in ghes.requests} == {
            "/repos/octo/demo/git/ref/heads/main",
            "/api/graphql",
        }


@pytest.mark.parametrize(
    ("api", "env", "graphql"),
    [
        ("https://api.github.com", {}, "https://api.github.com/graphql"),
        ("https://ghe.corp/api/v3", {}, "https://ghe.corp/api/graphql"),
        ("https://ghe.corp/api/v3/", {}, "https://ghe.corp/api/graphql"),
        ("https://ghe.corp/api/v3", {"GITHUB_GRAPHQL_URL": "https://gql.corp/x"}, "https://gql.corp/x"),
    ],
)  # fmt: skip
def test_graphql_url_for(api: str, env: dict[str, str], graphql: str):
    """GraphQL's address follows the API's (GitHub Enterprise: /api/graphql) unless set."""
    assert graphql_url_for(api, env) == graphql
