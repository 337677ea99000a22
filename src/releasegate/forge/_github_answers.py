"""GitHub's answers, read: the value types of :mod:`releasegate.forge.github` and their readers.

Each reader turns one JSON object of GitHub's REST API into a value type, or raises
:class:`~releasegate.errors.GitHubError` in one line when the object has another shape (a
``GITHUB_API_URL`` that is not GitHub's API).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from releasegate.errors import GitHubError

if TYPE_CHECKING:
    import httpx

__all__ = [
    "GitCommit",
    "GitHubRelease",
    "IssueComment",
    "PullRequest",
    "comment_of",
    "commit_of",
    "forbidden",
    "json_of",
    "message_of",
    "pull_request_of",
    "ref_sha_of",
    "release_of",
    "unexpected",
]


@dataclass(frozen=True, slots=True)
class PullRequest:
    """A pull request as releasegate needs it: head and base are branch names."""

    number: int
    title: str
    body: str
    head: str
    base: str
    labels: tuple[str, ...]
    draft: bool
    merged: bool
    merge_commit_sha: str | None
    html_url: str


@dataclass(frozen=True, slots=True)
class GitHubRelease:
    """A GitHub release (drafts included)."""

    id: int
    tag_name: str
    name: str
    body: str
    draft: bool
    prerelease: bool
    html_url: str


@dataclass(frozen=True, slots=True)
class IssueComment:
    """A comment on a pull request's conversation (an issue comment)."""

    id: int
    body: str
    html_url: str


@dataclass(frozen=True, slots=True)
class GitCommit:
    """A commit as GitHub's git database describes it: tree, parents and message."""

    sha: str
    tree: str
    parents: tuple[str, ...]
    message: str


def forbidden(response: httpx.Response) -> bool:
    """A 403 that is the token's permissions, not an exhausted rate limit."""
    return response.status_code == 403 and "rate limit" not in message_of(response).lower()  # noqa: PLR2004


def ref_sha_of(item: Any, operation: str) -> str:
    """The commit sha of GitHub's git reference object."""
    try:
        return str(item["object"]["sha"])
    except (KeyError, TypeError):
        raise unexpected("reference", operation) from None


def message_of(response: httpx.Response) -> str:
    """GitHub's error text: ``message`` plus the ``errors`` details of a validation failure."""
    try:
        body = response.json()
    except ValueError:
        return response.text.strip().splitlines()[0] if response.text.strip() else ""
    if not isinstance(body, dict):
        return ""
    parts = [str(body.get("message") or "")]
    for detail in body.get("errors") or []:
        if isinstance(detail, dict):
            if detail.get("message"):
                parts.append(str(detail["message"]))
            else:
                words = (detail.get("resource"), detail.get("field"), detail.get("code"))
                parts.append(" ".join(str(w) for w in words if w))
        elif isinstance(detail, str):
            parts.append(detail)
    return ": ".join(p for p in parts if p)


def json_of(response: httpx.Response, operation: str) -> Any:
    """The response's JSON body; a body that is not JSON is a GitHubError."""
    try:
        return response.json()
    except ValueError:
        raise GitHubError(
            f"{operation}: the GitHub API answered HTTP {response.status_code} without JSON; "
            "check GITHUB_API_URL"
        ) from None


def pull_request_of(item: Any, operation: str) -> PullRequest:
    """A PullRequest from GitHub's pull request object."""
    try:
        labels = tuple(str(label["name"]) for label in item.get("labels") or [])
        merged = bool(item.get("merged")) or item.get("merged_at") is not None
        return PullRequest(
            number=int(item["number"]),
            title=str(item.get("title") or ""),
            body=str(item.get("body") or ""),
            head=str(item["head"]["ref"]),
            base=str(item["base"]["ref"]),
            labels=labels,
            draft=bool(item.get("draft")),
            merged=merged,
            merge_commit_sha=item.get("merge_commit_sha") if merged else None,
            html_url=str(item.get("html_url") or ""),
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        raise unexpected("pull request", operation) from None


def comment_of(item: Any) -> IssueComment:
    """An IssueComment from GitHub's issue comment object."""
    try:
        return IssueComment(int(item["id"]), str(item.get("body") or ""),
                            str(item.get("html_url") or ""))  # fmt: skip
    except (KeyError, TypeError, ValueError, AttributeError):
        raise unexpected("issue comment") from None


def release_of(item: Any, operation: str) -> GitHubRelease:
    """A GitHubRelease from GitHub's release object."""
    try:
        return GitHubRelease(
            id=int(item["id"]),
            tag_name=str(item["tag_name"]),
            name=str(item.get("name") or ""),
            body=str(item.get("body") or ""),
            draft=bool(item.get("draft")),
            prerelease=bool(item.get("prerelease")),
            html_url=str(item.get("html_url") or ""),
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        raise unexpected("release", operation) from None


def commit_of(item: Any, operation: str) -> GitCommit:
    """A GitCommit from GitHub's git commit object (the git database's, not the REST commit)."""
    try:
        return GitCommit(
            sha=str(item["sha"]),
            tree=str(item["tree"]["sha"]),
            parents=tuple(str(parent["sha"]) for parent in item["parents"]),
            message=str(item["message"]),
        )
    except (KeyError, TypeError):
        raise unexpected("commit", operation) from None


def unexpected(what: str, operation: str | None = None) -> GitHubError:
    """The one line for an answer that is not GitHub's ``what`` object (another API's, say)."""
    where = f"{operation}: " if operation else ""
    return GitHubError(
        f"{where}the GitHub API answered an unexpected {what} object; check GITHUB_API_URL"
    )
