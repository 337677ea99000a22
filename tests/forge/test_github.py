"""The GitHub client against the local stand-in: requests sent, pagination, one-line errors."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from tests._github_server import FakeGitHub, running_github

from releasegate import __version__
from releasegate._redact import Secret
from releasegate.engine.repository import Repository
from releasegate.errors import GitHubError
from releasegate.forge.github import GitHub, GitHubRelease, PullRequest, token_from_env

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

CANARY = "ghp_CANARY0123456789abcdefCANARY"


@pytest.fixture(autouse=True)
def _fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries keep their count but wait milliseconds."""
    monkeypatch.setenv("RELEASEGATE_RETRY_DELAY", "0.001")


@pytest.fixture
def gh() -> Iterator[FakeGitHub]:
    """A stand-in GitHub with two items a page, so lists span pages."""
    with running_github(page_size=2) as server:
        yield server


@pytest.fixture
def client(gh: FakeGitHub) -> Iterator[GitHub]:
    """A client for octo/demo on the stand-in, with the right token."""
    github = GitHub(Repository("octo", "demo"), Secret(gh.token), api_url=gh.url)
    yield github
    github.close()


def test_headers_identify_client_and_api_version(gh: FakeGitHub, client: GitHub):
    """Every request carries the token, GitHub's media type, the API version and our agent."""
    client.find_open_pull_request("topic", "main")
    (request,) = gh.requests
    assert request.authorization == f"Bearer {gh.token}"
    assert request.headers["accept"] == "application/vnd.github+json"
    assert request.headers["x-github-api-version"] == "2022-11-28"
    assert request.headers["user-agent"] == f"releasegate/{__version__}"


def test_create_then_find_open_pull_request(gh: FakeGitHub, client: GitHub):
    """A created PR is found again by head and base; the request body is GitHub's shape."""
    created = client.create_pull_request(
        title="chore(main): release 1.0.0", head="rel", base="main", body="notes", draft=True
    )
    assert created == PullRequest(
        number=1,
        title="chore(main): release 1.0.0",
        body="notes",
        head="rel",
        base="main",
        labels=(),
        draft=True,
        merged=False,
        merge_commit_sha=None,
        html_url="https://github.com/octo/demo/pull/1",
    )
    assert client.find_open_pull_request("rel", "main") == created
    assert client.find_open_pull_request("rel", "develop") is None
    post, get, _ = gh.requests
    assert (post.method, post.path) == ("POST", "/repos/octo/demo/pulls")
    assert post.body == {
        "title": "chore(main): release 1.0.0",
        "head": "rel",
        "base": "main",
        "body": "notes",
        "draft": True,
    }
    assert (get.method, get.path) == ("GET", "/repos/octo/demo/pulls")
    assert get.query == {"state": "open", "head": "octo:rel", "base": "main", "per_page": "100"}


def test_update_pull_request_sends_title_and_body(gh: FakeGitHub, client: GitHub):
    """update_pull_request PATCHes title and body and returns the updated PR."""
    number = gh.add_pull(head="rel")["number"]
    updated = client.update_pull_request(number, title="new", body="text")
    assert (updated.title, updated.body) == ("new", "text")
    (patch,) = gh.calls("PATCH")
    assert patch.path == f"/repos/octo/demo/pulls/{number}"
    assert patch.body == {"title": "new", "body": "text"}


def test_labels_added_and_removed(gh: FakeGitHub, client: GitHub):
    """Labels go through the issues endpoint; removing a label twice is no error."""
    number = gh.add_pull(labels=("keep",))["number"]
    client.add_labels(number, ["autorelease: pending"])
    assert gh.labels_of(number) == ["keep", "autorelease: pending"]
    client.remove_label(number, "autorelease: pending")
    client.remove_label(number, "autorelease: pending")
    assert gh.labels_of(number) == ["keep"]
    post, delete, again = gh.requests
    assert (post.method, post.path, post.body) == (
        "POST",
        f"/repos/octo/demo/issues/{number}/labels",
        {"labels": ["autorelease: pending"]},
    )
    assert (delete.method, delete.path) == (
        "DELETE",
        f"/repos/octo/demo/issues/{number}/labels/autorelease: pending",
    )
    assert again.path == delete.path


def test_comment_posts_to_the_issue_endpoint(gh: FakeGitHub, client: GitHub):
    """A comment is POSTed to the PR's issue comments."""
    number = gh.add_pull()["number"]
    client.comment(number, "released\n\n- v1")
    (post,) = gh.requests
    assert (post.method, post.path, post.body) == (
        "POST",
        f"/repos/octo/demo/issues/{number}/comments",
        {"body": "released\n\n- v1"},
    )
    assert gh.comments[number] == ["released\n\n- v1"]


def test_add_no_labels_sends_nothing(gh: FakeGitHub, client: GitHub):
    """An empty label list makes no request."""
    client.add_labels(gh.add_pull()["number"], [])
    assert gh.requests == []


def test_merged_pull_requests_filters_and_paginates(gh: FakeGitHub, client: GitHub):
    """Only merged PRs into the base with the label, newest first, across pages."""
    pending = ("autorelease: pending",)
    first = gh.add_pull(head="a", labels=pending, merged_sha="a" * 40)["number"]
    gh.add_pull(head="b", labels=pending)  # open
    gh.add_pull(head="c", labels=pending, merged_sha=None)["number"]
    gh.pulls[3]["state"] = "closed"  # closed without merging
    gh.add_pull(head="d", merged_sha="d" * 40)  # no label
    gh.add_pull(head="e", base="develop", labels=pending, merged_sha="e" * 40)
    last = gh.add_pull(head="f", labels=pending, merged_sha="f" * 40)["number"]
    found = list(client.merged_pull_requests("main", "autorelease: pending"))
    assert [(p.number, p.merge_commit_sha) for p in found] == [(last, "f" * 40), (first, "a" * 40)]
    assert all(p.merged for p in found)
    queries = [r.query for r in gh.calls("GET", "/pulls")]
    assert queries[0] == {
        "state": "closed",
        "base": "main",
        "sort": "updated",
        "direction": "desc",
        "per_page": "100",
    }
    assert [q.get("page") for q in queries] == [None, "2"]


def test_merged_pull_requests_stops_after_200(gh: FakeGitHub):
    """The scan stops after the 200 most recently updated closed PRs, as release-please's."""
    gh.page_size = 100
    for index in range(250):
        gh.add_pull(head=f"h{index}", labels=("l",), merged_sha=f"{index:040d}")
    with GitHub(Repository("octo", "demo"), Secret(gh.token), api_url=gh.url) as client:
        found = list(client.merged_pull_requests("main", "l"))
    assert len(found) == 200
    assert found[0].number == 250
    assert len(gh.requests) == 2


def test_release_lifecycle(gh: FakeGitHub, client: GitHub):
    """A draft release is found by tag through the list; publishing it makes the tag lookup work."""
    assert client.release_for_tag("v1.0.0") is None
    draft = client.create_release(
        tag="v1.0.0", sha="a" * 40, name="v1.0.0", body="notes", draft=True, prerelease=False
    )
    assert draft == GitHubRelease(
        id=draft.id,
        tag_name="v1.0.0",
        name="v1.0.0",
        body="notes",
        draft=True,
        prerelease=False,
        html_url="https://github.com/octo/demo/releases/tag/v1.0.0",
    )
    assert client.release_for_tag("v1.0.0") == draft
    published = client.update_release(draft.id, draft=False)
    assert published.draft is False
    assert client.release_for_tag("v1.0.0") == published
    (create,) = gh.calls("POST", "/releases")
    assert create.body == {
        "tag_name": "v1.0.0",
        "target_commitish": "a" * 40,
        "name": "v1.0.0",
        "body": "notes",
        "draft": True,
        "prerelease": False,
    }
    (patch,) = gh.calls("PATCH")
    assert patch.body == {"draft": False}
    assert [r.path for r in gh.calls("GET")][-1] == "/repos/octo/demo/releases/tags/v1.0.0"


def test_release_for_tag_searches_every_page_for_a_draft(gh: FakeGitHub, client: GitHub):
    """A draft on the last page of the release list is still found."""
    gh.add_release("pkg-v0.1.0", draft=True)
    for minor in range(2, 7):
        gh.add_release(f"pkg-v0.{minor}.0")
    found = client.release_for_tag("pkg-v0.1.0")
    assert found is not None
    assert found.draft
    assert len(gh.calls("GET", "/releases?")) == 0
    assert [r.query.get("page") for r in gh.calls("GET")] == [None, None, "2", "3"]


def test_tag_with_slash_is_escaped(gh: FakeGitHub, client: GitHub):
    """A tag with a slash is sent as one path segment, as octokit encodes it."""
    gh.add_release("pkg/v1.0.0")
    found = client.release_for_tag("pkg/v1.0.0")
    assert found is not None
    assert found.tag_name == "pkg/v1.0.0"


def test_update_release_sends_only_given_fields(gh: FakeGitHub, client: GitHub):
    """update_release PATCHes just the fields it is given."""
    release_id = gh.add_release("v1.0.0", body="old")["id"]
    assert client.update_release(release_id, body="new").body == "new"
    (patch,) = gh.calls("PATCH")
    assert (patch.path, patch.body) == (f"/repos/octo/demo/releases/{release_id}", {"body": "new"})


ACTIONS = "GitHub Actions is not permitted to create or approve pull requests."
ACTIONS_FIX = (
    "Actions may not create pull requests: enable it in the repository settings "
    "(Settings > Actions > General > Workflow permissions)"
)


def _open_pr(client: GitHub) -> object:
    return client.create_pull_request(title="t", head="h", base="main", body="b", draft=False)


def _release(client: GitHub) -> object:
    return client.create_release(
        tag="v1", sha="a" * 40, name="v1", body="", draft=False, prerelease=False
    )


def _label(client: GitHub) -> object:
    client.add_labels(1, ["x"])
    return None


@pytest.mark.parametrize(
    ("call", "fault", "expected"),
    [
        # the token
        (_open_pr, ("POST", "/pulls", 401, ""), "; the token was refused; check GITHUB_TOKEN"),
        # permissions, named per operation
        (_open_pr, ("POST", "/pulls", 403, ""), "; the token needs pull-requests: write on"),
        (_label, ("POST", "/issues", 403, ""), "; the token needs pull-requests: write on"),
        (_release, ("POST", "/releases", 403, ""), "; the token needs contents: write on"),
        (
            _open_pr,
            ("POST", "/pulls", 403, "API rate limit exceeded for x"),
            "rate limit is exhausted",
        ),
        # the repository setting that stops Actions from opening PRs, as 403 and as 422
        (_open_pr, ("POST", "/pulls", 403, ACTIONS), ACTIONS_FIX),
        (_open_pr, ("POST", "/pulls", 422, ACTIONS), ACTIONS_FIX),
        # not found
        (_release, ("POST", "/releases", 404, ""), "or the token cannot see it"),
        # GitHub's validation message
        (_release, ("POST", "/releases", 422, ""), "(HTTP 422: Validation Failed)"),
    ],
)
def test_error_mapping(
    gh: FakeGitHub,
    client: GitHub,
    call: Callable[[GitHub], object],
    fault: tuple[str, str, int, str],
    expected: str,
):
    """Each refusal becomes one GitHubError line that names the operation and the fix."""
    gh.add_pull()
    method, path, status, message = fault
    gh.fail_next(method, path, status, message=message)
    with pytest.raises(GitHubError) as caught:
        call(client)
    text = str(caught.value)
    assert "\n" not in text
    assert text.startswith("octo/demo: ")
    assert expected in text


def test_validation_errors_carry_githubs_detail(gh: FakeGitHub, client: GitHub):
    """A duplicate PR or release is refused with GitHub's own words in the line."""
    gh.add_pull(head="h")
    gh.add_release("v1")
    with pytest.raises(GitHubError, match=r"A pull request already exists for octo:h\."):
        _open_pr(client)
    with pytest.raises(GitHubError, match=r"Release tag_name already_exists"):
        _release(client)


def test_unknown_repository_is_404(gh: FakeGitHub):
    """A repository the token cannot see reads as not found, naming the repository."""
    with (
        GitHub(Repository("octo", "missing"), Secret(gh.token), api_url=gh.url) as client,
        pytest.raises(GitHubError, match=r"the repository octo/missing .* cannot see it"),
    ):
        client.find_open_pull_request("h", "main")


def test_500_is_retried_then_succeeds(
    gh: FakeGitHub, client: GitHub, capsys: pytest.CaptureFixture[str]
):
    """Two 500s then a success: the PR is created once and stderr notes the retries."""
    gh.fail_next("POST", "/pulls", 500, times=2)
    pull = _open_pr(client)
    assert isinstance(pull, PullRequest)
    assert len(gh.calls("POST", "/pulls")) == 3
    assert len(gh.pulls) == 1
    assert capsys.readouterr().err.count("retry") == 2


def test_persistent_502_gives_up_with_one_line(gh: FakeGitHub, client: GitHub):
    """A 502 on every attempt ends in one line after the retries."""
    gh.fail_next("GET", "/pulls", 502, times=10)
    with pytest.raises(GitHubError, match=r"after 4 attempts\); check that the GitHub API"):
        client.find_open_pull_request("h", "main")
    assert len(gh.requests) == 4


def test_unreachable_api(gh: FakeGitHub, client: GitHub):
    """A stopped server: a one-line error naming the host, after retries."""
    gh.stop()
    with pytest.raises(GitHubError, match=r"cannot reach 127\.0\.0\.1") as caught:
        client.release_for_tag("v1")
    assert "\n" not in str(caught.value)


def test_wrong_token_never_leaks(capsys: pytest.CaptureFixture[str]):
    """A canary token is sent as a header but appears in no error, output or request body."""
    with running_github() as server:
        github = GitHub(Repository("octo", "demo"), Secret(CANARY), api_url=server.url)
        with pytest.raises(GitHubError) as caught:
            _open_pr(github)
        github.close()
    assert server.requests[0].authorization == f"Bearer {CANARY}"
    assert "401" in str(caught.value)
    out = capsys.readouterr()
    for text in (str(caught.value), repr(caught.value), out.out, out.err):
        assert CANARY not in text
    assert all(CANARY.encode() not in r.raw for r in server.requests)


@pytest.mark.parametrize(
    ("env", "token"),
    [
        ({"GITHUB_TOKEN": "ghs_a1", "GH_TOKEN": "ghs_b2"}, "ghs_a1"),
        ({"GH_TOKEN": "ghs_b2"}, "ghs_b2"),
        ({"GITHUB_TOKEN": "", "GH_TOKEN": "ghs_b2"}, "ghs_b2"),
        ({}, None),
    ],
)
def test_token_from_env(env: dict[str, str], token: str | None):
    """GITHUB_TOKEN wins over GH_TOKEN; empty values count as unset."""
    found = token_from_env(env)
    assert (found.reveal() if found else None) == token


def test_from_env_uses_api_url_and_token(gh: FakeGitHub, monkeypatch: pytest.MonkeyPatch):
    """from_env reads GITHUB_API_URL and the token; without a token it returns None."""
    monkeypatch.setenv("GITHUB_API_URL", gh.url)
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    monkeypatch.delenv("GH_TOKEN", raising=False)
    assert GitHub.from_env(Repository("octo", "demo")) is None
    monkeypatch.setenv("GH_TOKEN", gh.token)
    github = GitHub.from_env(Repository("octo", "demo"))
    assert github is not None
    with github:
        assert github.find_open_pull_request("h", "main") is None
    assert len(gh.requests) == 1
