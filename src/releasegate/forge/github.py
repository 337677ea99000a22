"""The GitHub client: pull requests, labels, comments, releases, refs and commits of a repository.

REST for most, GraphQL for what only it offers: the pull requests associated with each commit
of a history (read in pages of 100 commits, not one request per commit) and
``createCommitOnBranch``, which makes a commit GitHub signs (shown as Verified).

Every request goes through :class:`releasegate.forge._http.HttpClient` (retries on network errors,
5xx and 429; rate limits waited out within a bound). Any other failure becomes one
:class:`~releasegate.errors.GitHubError` line that names the operation and the fix. The URLs
come from ``GITHUB_API_URL`` and ``GITHUB_GRAPHQL_URL`` (a GitHub Enterprise Server's
``https://HOST/api/v3`` and ``https://HOST/api/graphql``; the seam tests use to point at a
local stand-in), web links from ``GITHUB_SERVER_URL``; the token from ``GITHUB_TOKEN`` or
``GH_TOKEN``, held as a :class:`~releasegate._redact.Secret` and sent only in the
``Authorization`` header.

A new endpoint is one method: build the path under the repository, call :meth:`GitHub._call`
(or :meth:`GitHub._pages` for a list, :meth:`GitHub.graphql` for a document) with the
operation's one-line name and the permission it needs, and read the JSON answer.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from releasegate._redact import Secret, redact
from releasegate.errors import GitHubError
from releasegate.forge._github_answers import (
    GitCommit,
    GitHubRelease,
    IssueComment,
    PullRequest,
    comment_of,
    commit_of,
    forbidden,
    json_of,
    message_of,
    pull_request_of,
    ref_sha_of,
    release_of,
)
from releasegate.forge.github_urls import (
    API_URL_ENV,
    DEFAULT_API_URL,
    api_url_from_env,
    graphql_url_for,
)

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence

    import httpx

    from releasegate.engine.commit_pull_requests import CommitAssociation
    from releasegate.engine.repository import Repository
    from releasegate.forge._github_graphql import CreatedCommit

__all__ = [
    "API_URL_ENV",
    "DEFAULT_API_URL",
    "GitCommit",
    "GitHub",
    "GitHubRelease",
    "IssueComment",
    "PullRequest",
    "token_from_env",
]


TOKEN_ENVS = ("GITHUB_TOKEN", "GH_TOKEN")
API_VERSION = "2022-11-28"
PER_PAGE = 100
# release-please scans at most 200 merged pull requests for release PRs
# (manifest.ts findMergedReleasePullRequests); so do we.
MAX_MERGED_SCANNED = 200
MAX_RELEASES_SCANNED = 1000

_PULLS_WRITE = "pull-requests: write"
_CONTENTS_WRITE = "contents: write"
_ACTIONS_MAY_NOT = "not permitted to create or approve pull requests"


def token_from_env(environ: Mapping[str, str] | None = None) -> Secret | None:
    """The token from ``GITHUB_TOKEN``, else ``GH_TOKEN``, as a Secret; None when neither is set."""
    env = os.environ if environ is None else environ
    for name in TOKEN_ENVS:
        value = env.get(name, "").strip()
        if value:
            return Secret(value)
    return None


class GitHub:
    """A REST client bound to one repository and one token.

    Each method raises :class:`~releasegate.errors.GitHubError` with one line naming the
    operation and what to do: a refused token, a missing permission, a repository or pull request
    the token cannot see, GitHub's validation message, or an API that stayed unreachable.
    """

    def __init__(
        self,
        repository: Repository,
        token: Secret,
        *,
        api_url: str = DEFAULT_API_URL,
        graphql_url: str | None = None,
    ) -> None:
        from releasegate import __version__  # noqa: PLC0415 - resolved lazily, see __init__.py

        # httpx and stamina load only when a client is made: a dry run never needs them.
        from releasegate.forge._http import HttpClient, TokenAuth  # noqa: PLC0415

        self.repository = repository
        self.graphql_url = graphql_url or graphql_url_for(api_url)
        self._repo_path = f"repos/{quote(repository.owner)}/{quote(repository.name)}"
        self._slug = f"{repository.owner}/{repository.name}"
        self._http = HttpClient(
            api_url,
            what="the GitHub API",
            error=GitHubError,
            headers={
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": API_VERSION,
                "User-Agent": f"releasegate/{__version__}",
            },
            auth=TokenAuth(token),
        )

    @classmethod
    def from_env(cls, repository: Repository) -> GitHub | None:
        """A client from the token, ``GITHUB_API_URL`` and ``GITHUB_GRAPHQL_URL``; or None."""
        token = token_from_env()
        if token is None:
            return None
        api_url = api_url_from_env()
        return cls(repository, token, api_url=api_url, graphql_url=graphql_url_for(api_url))

    # -- pull requests -------------------------------------------------------------------------

    def find_open_pull_request(self, head: str, base: str) -> PullRequest | None:
        """The open pull request from branch ``head`` into ``base``, or None."""
        operation = f"{self._slug}: find the open pull request {head} -> {base}"
        params: dict[str, str | int] = {
            "state": "open",
            "head": f"{self.repository.owner}:{head}",
            "base": base,
            "per_page": PER_PAGE,
        }
        for item in self._pages("pulls", operation, params, "pull-requests: read"):
            pull = pull_request_of(item, operation)
            if pull.head == head and pull.base == base:
                return pull
        return None

    def create_pull_request(
        self, *, title: str, head: str, base: str, body: str, draft: bool
    ) -> PullRequest:
        """Open a pull request from branch ``head`` into ``base``."""
        operation = f"{self._slug}: create the pull request {head} -> {base}"
        payload = {"title": title, "head": head, "base": base, "body": body, "draft": draft}
        response = self._call("POST", "pulls", operation, _PULLS_WRITE, json=payload)
        return pull_request_of(json_of(response, operation), operation)

    def update_pull_request(self, number: int, *, title: str, body: str) -> PullRequest:
        """Set the title and body of pull request ``number``."""
        operation = f"{self._slug}: update pull request #{number}"
        payload = {"title": title, "body": body}
        response = self._call("PATCH", f"pulls/{number}", operation, _PULLS_WRITE, json=payload)
        return pull_request_of(json_of(response, operation), operation)

    def add_labels(self, number: int, labels: Sequence[str]) -> None:
        """Add ``labels`` to pull request ``number`` (GitHub creates unknown labels)."""
        if not labels:
            return
        operation = f"{self._slug}: label pull request #{number}"
        payload = {"labels": list(labels)}
        self._call("POST", f"issues/{number}/labels", operation, _PULLS_WRITE, json=payload)

    def remove_label(self, number: int, label: str) -> None:
        """Remove ``label`` from pull request ``number``; a label already gone is no error."""
        operation = f"{self._slug}: remove label {label!r} from pull request #{number}"
        path = f"issues/{number}/labels/{quote(label, safe='')}"
        self._call("DELETE", path, operation, _PULLS_WRITE, missing_ok=True)

    def comment(self, number: int, body: str) -> None:
        """Post ``body`` as a comment on pull request (or issue) ``number``."""
        operation = f"{self._slug}: comment on pull request #{number}"
        path = f"issues/{number}/comments"
        self._call("POST", path, operation, _PULLS_WRITE, json={"body": body})

    def sync_comment(self, number: int, marker: str, body: str) -> tuple[str, IssueComment | None]:
        """Keep one comment on pull request ``number``: the one whose body holds ``marker``.

        Updates it when its body differs from ``body``, creates it when there is none. Returns
        ``("created" | "updated" | "unchanged", comment)``, or ``("forbidden", None)`` when the
        token may not do it (HTTP 403, e.g. on a pull request from a fork, whose workflow token
        is read-only); any other failure raises GitHubError.
        """
        operation = f"{self._slug}: comment on pull request #{number}"
        target: str | None = f"{self._repo_path}/issues/{number}/comments"
        query: Mapping[str, str | int] | None = {"per_page": PER_PAGE}
        found = None
        while found is None and target:  # the pages of comments, until the marked one
            response = self._http.request("GET", target, operation=operation, params=query)
            if forbidden(response):
                return "forbidden", None
            if not response.is_success:
                raise self._error(operation, response, "pull-requests: read")
            items = json_of(response, operation)
            if not isinstance(items, list):
                raise GitHubError(f"{operation}: the GitHub API did not answer a list; re-run")
            found = next((c for c in map(comment_of, items) if marker in c.body), None)
            target, query = response.links.get("next", {}).get("url"), None
        if found is not None and found.body == body:
            return "unchanged", found
        if found is not None:
            method, path, state = "PATCH", f"issues/comments/{found.id}", "updated"
        else:
            method, path, state = "POST", f"issues/{number}/comments", "created"
        response = self._http.request(
            method, f"{self._repo_path}/{path}", operation=operation, json={"body": body}
        )
        if forbidden(response):
            return "forbidden", None
        if not response.is_success:
            raise self._error(operation, response, _PULLS_WRITE)
        return state, comment_of(json_of(response, operation))

    def repository_settings(self) -> dict[str, Any]:
        """The repository object (``GET /repos/{owner}/{repo}``): merge settings among its fields.

        ``allow_squash_merge``, ``allow_merge_commit`` and ``allow_rebase_merge`` are only there
        when the token may see them; a caller treats a missing field as unknown.
        """
        operation = f"{self._slug}: read the repository's settings"
        response = self._http.request("GET", self._repo_path, operation=operation)
        if not response.is_success:
            raise self._error(operation, response, "contents: read")
        data = json_of(response, operation)
        if not isinstance(data, dict):
            raise GitHubError(f"{operation}: the GitHub API did not answer an object; re-run")
        return data

    def merged_pull_requests(self, base: str, label: str) -> Iterator[PullRequest]:
        """Merged pull requests into ``base`` carrying ``label``, most recently updated first.

        Scans at most the 200 most recently updated closed pull requests, as release-please does.
        """
        operation = f"{self._slug}: list merged pull requests into {base}"
        params: dict[str, str | int] = {
            "state": "closed",
            "base": base,
            "sort": "updated",
            "direction": "desc",
            "per_page": PER_PAGE,
        }
        pages = self._pages("pulls", operation, params, "pull-requests: read")
        for scanned, item in enumerate(pages, start=1):
            pull = pull_request_of(item, operation)
            if pull.merged and pull.base == base and label in pull.labels:
                yield pull
            if scanned >= MAX_MERGED_SCANNED:
                return

    # -- releases ------------------------------------------------------------------------------

    def release_for_tag(self, tag: str) -> GitHubRelease | None:
        """The release for ``tag``, drafts included; None when there is none.

        ``GET /releases/tags/{tag}`` does not return drafts, so on a 404 the release list (which
        does, for a token with push access) is searched too.
        """
        operation = f"{self._slug}: look up the release for tag {tag!r}"
        path = f"releases/tags/{quote(tag, safe='')}"
        response = self._call("GET", path, operation, "contents: read", missing_ok=True)
        if response.status_code != 404:  # noqa: PLR2004 - HTTP Not Found
            return release_of(json_of(response, operation), operation)
        params = {"per_page": PER_PAGE}
        pages = self._pages("releases", operation, params, "contents: read")
        for scanned, item in enumerate(pages, start=1):
            release = release_of(item, operation)
            if release.tag_name == tag:
                return release
            if scanned >= MAX_RELEASES_SCANNED:
                break
        return None

    def create_release(
        self, *, tag: str, sha: str, name: str, body: str, draft: bool, prerelease: bool
    ) -> GitHubRelease:
        """Create the release for ``tag`` at commit ``sha`` (GitHub makes the tag if missing)."""
        operation = f"{self._slug}: create the release {tag}"
        payload = {
            "tag_name": tag,
            "target_commitish": sha,
            "name": name,
            "body": body,
            "draft": draft,
            "prerelease": prerelease,
        }
        response = self._call("POST", "releases", operation, _CONTENTS_WRITE, json=payload)
        return release_of(json_of(response, operation), operation)

    def update_release(
        self, release_id: int, *, draft: bool | None = None, body: str | None = None
    ) -> GitHubRelease:
        """Change the draft flag and/or the notes of release ``release_id``."""
        operation = f"{self._slug}: update release {release_id}"
        payload: dict[str, Any] = {}
        if draft is not None:
            payload["draft"] = draft
        if body is not None:
            payload["body"] = body
        path = f"releases/{release_id}"
        response = self._call("PATCH", path, operation, _CONTENTS_WRITE, json=payload)
        return release_of(json_of(response, operation), operation)

    # -- commits and refs -----------------------------------------------------------------

    def associated_pull_requests(
        self, head: str, count: int
    ) -> tuple[CommitAssociation, ...] | None:
        """The first ``count`` commits of ``head``'s history, each with its pull requests.

        GraphQL ``associatedPullRequests`` as release-please reads it, in pages of 100 commits
        (GitHub's order, newest first); fewer when the history is shorter. None when GitHub
        does not have commit ``head`` (not pushed yet).
        """
        from releasegate.forge import _github_graphql as documents  # noqa: PLC0415 - see __init__

        operation = f"{self._slug}: read the pull requests of {count} commit(s) from {head[:12]}"
        found: list[CommitAssociation] = []
        cursor: str | None = None
        while len(found) < count:
            variables = {
                "owner": self.repository.owner,
                "repo": self.repository.name,
                "oid": head,
                "num": min(documents.HISTORY_PAGE, count - len(found)),
                "cursor": cursor,
            }
            data = self.graphql(
                documents.HISTORY_WITH_PULL_REQUESTS,
                variables,
                operation=operation,
                permission="contents: read and pull-requests: read",
            )
            page = documents.read_history_page(data, operation)
            if page is None:
                return None
            found += page.commits
            cursor = page.next_cursor
            if cursor is None or not page.commits:
                break
        return tuple(found[:count])

    def branch_head(self, branch: str) -> str | None:
        """The commit ``branch`` points at on GitHub; None when there is no such branch."""
        operation = f"{self._slug}: read branch {branch!r}"
        path = f"git/ref/{quote(f'heads/{branch}')}"
        response = self._call("GET", path, operation, "contents: read", missing_ok=True)
        if response.status_code == 404:  # noqa: PLR2004 - HTTP Not Found
            return None
        return ref_sha_of(json_of(response, operation), operation)

    def point_branch(self, branch: str, sha: str, *, exists: bool) -> None:
        """Make ``branch`` point at ``sha``: create it, or force-move it when it ``exists``."""
        if exists:
            operation = f"{self._slug}: reset branch {branch!r} to {sha[:12]}"
            path = f"git/refs/{quote(f'heads/{branch}')}"
            payload: dict[str, Any] = {"sha": sha, "force": True}
            self._call("PATCH", path, operation, _CONTENTS_WRITE, json=payload)
        else:
            operation = f"{self._slug}: create branch {branch!r} at {sha[:12]}"
            payload = {"ref": f"refs/heads/{branch}", "sha": sha}
            self._call("POST", "git/refs", operation, _CONTENTS_WRITE, json=payload)

    def commit(self, sha: str) -> GitCommit | None:
        """Commit ``sha`` as GitHub's git database has it; None when GitHub lacks it."""
        operation = f"{self._slug}: read commit {sha[:12]}"
        response = self._call(
            "GET", f"git/commits/{sha}", operation, "contents: read", missing_ok=True
        )
        if response.status_code == 404:  # noqa: PLR2004 - HTTP Not Found
            return None
        return commit_of(json_of(response, operation), operation)

    def create_commit_on_branch(
        self, branch: str, *, expected_head: str, files: Mapping[str, str], message: str
    ) -> CreatedCommit:
        """Commit ``files`` (path -> text) on ``branch``, whose head must be ``expected_head``.

        GraphQL ``createCommitOnBranch``: GitHub writes the commit and signs it. ``message``'s
        first line is the headline, the rest its body.
        """
        from releasegate.forge import _github_graphql as documents  # noqa: PLC0415 - see __init__

        operation = f"{self._slug}: commit on branch {branch!r}"
        variables = documents.commit_on_branch_input(
            self._slug, branch, expected_head=expected_head, files=files, message=message
        )
        data = self.graphql(
            documents.CREATE_COMMIT_ON_BRANCH, variables, operation=operation,
            permission=_CONTENTS_WRITE,
        )  # fmt: skip
        return documents.read_created_commit(data, operation)

    def graphql(
        self, document: str, variables: Mapping[str, Any], *, operation: str, permission: str
    ) -> Any:
        """Send a GraphQL ``document`` with ``variables``; return its ``data``.

        An answer with ``errors`` raises GitHubError naming the first one and the fix.
        """
        from releasegate.forge._github_graphql import (  # noqa: PLC0415 - see __init__
            graphql_error,
            graphql_rate_limited,
        )
        from releasegate.forge._http import rate_limit_advice  # noqa: PLC0415

        response = self._http.request(
            "POST",
            self.graphql_url,
            operation=operation,
            json={"query": document, "variables": dict(variables)},
            rate_limited=graphql_rate_limited,
        )
        if not response.is_success:
            raise self._error(operation, response, permission)
        body = json_of(response, operation)
        errors = body.get("errors") if isinstance(body, dict) else None
        if errors:
            fix = rate_limit_advice(response) if graphql_rate_limited(response) else None
            raise graphql_error(operation, errors, permission, self._slug, fix=fix)
        if not isinstance(body, dict) or not isinstance(body.get("data"), dict):
            raise GitHubError(
                f"{operation}: the GitHub GraphQL API answered without data; "
                "check GITHUB_GRAPHQL_URL"
            )
        return body["data"]

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> GitHub:  # noqa: PYI034 - Self needs Python 3.11
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- plumbing ------------------------------------------------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        operation: str,
        permission: str,
        *,
        json: Any = None,
        params: Mapping[str, str | int] | None = None,
        missing_ok: bool = False,
    ) -> httpx.Response:
        """Send one request; a non-2xx answer (except an allowed 404) raises GitHubError."""
        response = self._http.request(
            method, f"{self._repo_path}/{path}", operation=operation, json=json, params=params
        )
        if response.is_success or (missing_ok and response.status_code == 404):  # noqa: PLR2004
            return response
        raise self._error(operation, response, permission)

    def _pages(
        self, path: str, operation: str, params: Mapping[str, str | int], permission: str
    ) -> Iterator[Any]:
        """Yield the items of a list endpoint, following ``Link: <…>; rel="next"``."""
        target = f"{self._repo_path}/{path}"
        query: Mapping[str, str | int] | None = params
        while True:
            response = self._http.request("GET", target, operation=operation, params=query)
            if not response.is_success:
                raise self._error(operation, response, permission)
            items = json_of(response, operation)
            if not isinstance(items, list):
                raise GitHubError(f"{operation}: the GitHub API did not answer a list; re-run")
            yield from items
            following = response.links.get("next", {}).get("url")
            if not following:
                return
            target, query = following, None  # the next link carries the query

    def _error(self, operation: str, response: httpx.Response, permission: str) -> GitHubError:
        """The one-line error for a refused request."""
        status = response.status_code
        message = message_of(response)
        if _ACTIONS_MAY_NOT in message:
            return GitHubError(
                redact(
                    f"{operation}: GitHub Actions is not permitted to create or approve pull "
                    "requests; Actions may not create pull requests: enable it in the repository "
                    "settings (Settings > Actions > General > Workflow permissions)"
                )
            )
        if status == 401:  # noqa: PLR2004 - HTTP Unauthorized
            fix = "the token was refused; check GITHUB_TOKEN"
        elif status in {403, 429} and (
            "rate limit" in message.lower() or response.headers.get("x-ratelimit-remaining") == "0"
        ):
            from releasegate.forge._http import rate_limit_advice  # noqa: PLC0415 - see __init__

            fix = rate_limit_advice(response)
        elif status == 403:  # noqa: PLR2004 - HTTP Forbidden
            fix = f"the token needs {permission} on {self._slug}"
        elif status == 404:  # noqa: PLR2004 - HTTP Not Found
            fix = (
                f"the repository {self._slug} or the pull request/release does not exist, or the "
                "token cannot see it; check the repository name and the token's access"
            )
        elif status == 422:  # noqa: PLR2004 - HTTP Unprocessable Entity
            return GitHubError(
                redact(
                    f"{operation}: GitHub refused it (HTTP 422: "
                    f"{message or 'Validation Failed'}); resolve what GitHub names, then re-run"
                )
            )
        else:
            fix = "check https://www.githubstatus.com, then re-run"
        from releasegate.forge._http import status_error  # noqa: PLC0415 - see __init__

        return GitHubError(str(status_error(GitHubError, operation, response, fix)))
