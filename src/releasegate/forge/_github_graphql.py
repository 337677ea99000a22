"""The GraphQL documents the GitHub client sends, and readers for GitHub's answers to them.

Each document is a constant, so the contract tests can validate exactly what is sent against
GitHub's published schema (``tests/data/github/``). The readers turn GitHub's JSON into the
engine's value types and raise :class:`~releasegate.errors.GitHubError` with one line on an
answer of another shape.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from releasegate._redact import redact
from releasegate.engine.commit_pull_requests import (
    MAX_ASSOCIATED,
    MAX_FILES,
    MAX_LABELS,
    AssociatedPullRequest,
    CommitAssociation,
)
from releasegate.errors import GitHubError

if TYPE_CHECKING:
    from collections.abc import Mapping

    import httpx

__all__ = [
    "CREATE_COMMIT_ON_BRANCH",
    "DOCUMENTS",
    "HISTORY_PAGE",
    "HISTORY_WITH_PULL_REQUESTS",
    "CreatedCommit",
    "HistoryPage",
    "commit_on_branch_input",
    "graphql_error",
    "graphql_rate_limited",
    "read_created_commit",
    "read_history_page",
]

#: Commits per history request: GitHub's maximum for a connection.
HISTORY_PAGE = 100

# release-please's mergeCommitsGraphQL query (src/github.ts), started at a commit instead of a
# ref so that the pages line up with the history the plan read, and without the fields the
# plan takes from git (message, author).
HISTORY_WITH_PULL_REQUESTS = f"""\
query releasegateCommitPullRequests(
  $owner: String!, $repo: String!, $oid: GitObjectID!, $num: Int!, $cursor: String
) {{
  repository(owner: $owner, name: $repo) {{
    object(oid: $oid) {{
      ... on Commit {{
        history(first: $num, after: $cursor) {{
          nodes {{
            oid
            associatedPullRequests(first: {MAX_ASSOCIATED}) {{
              nodes {{
                number
                title
                body
                baseRefName
                headRefName
                labels(first: {MAX_LABELS}) {{ nodes {{ name }} }}
                mergeCommit {{ oid }}
                files(first: {MAX_FILES}) {{ nodes {{ path }} pageInfo {{ hasNextPage }} }}
              }}
            }}
          }}
          pageInfo {{ hasNextPage endCursor }}
        }}
      }}
    }}
  }}
}}
"""

# The verified release commit: GitHub writes and signs it on the branch, whose head must be
# expectedHeadOid (the target's tip, where the branch was reset just before).
CREATE_COMMIT_ON_BRANCH = """\
mutation releasegateCreateCommitOnBranch($input: CreateCommitOnBranchInput!) {
  createCommitOnBranch(input: $input) {
    commit { oid tree { oid } }
  }
}
"""

#: Every document the client sends, by operation name (the contract tests validate each).
DOCUMENTS = {
    "releasegateCommitPullRequests": HISTORY_WITH_PULL_REQUESTS,
    "releasegateCreateCommitOnBranch": CREATE_COMMIT_ON_BRANCH,
}


@dataclass(frozen=True, slots=True)
class HistoryPage:
    """One page of history: its commits with their pull requests, and the next page's cursor."""

    commits: tuple[CommitAssociation, ...]
    next_cursor: str | None


@dataclass(frozen=True, slots=True)
class CreatedCommit:
    """The commit ``createCommitOnBranch`` made: its sha and its tree's."""

    oid: str
    tree: str


def _unexpected(operation: str) -> GitHubError:
    return GitHubError(
        f"{operation}: the GitHub GraphQL API answered an unexpected document; "
        "check GITHUB_GRAPHQL_URL"
    )


def _pull_request(node: Any) -> AssociatedPullRequest:
    files = node.get("files") or {}
    merge_commit = node.get("mergeCommit") or {}
    return AssociatedPullRequest(
        number=int(node["number"]),
        title=str(node.get("title") or ""),
        body=str(node.get("body") or ""),
        base_branch=str(node.get("baseRefName") or ""),
        head_branch=str(node.get("headRefName") or ""),
        labels=tuple(str(label["name"]) for label in (node.get("labels") or {}).get("nodes") or []),
        merge_commit=str(merge_commit["oid"]) if merge_commit.get("oid") else None,
        files=tuple(str(file["path"]) for file in files.get("nodes") or []),
        more_files=bool((files.get("pageInfo") or {}).get("hasNextPage")),
    )


def read_history_page(data: Any, operation: str) -> HistoryPage | None:
    """Read the answer to :data:`HISTORY_WITH_PULL_REQUESTS`; None when GitHub lacks the commit.

    Raises GitHubError on an answer of another shape.
    """
    try:
        target = data["repository"]["object"]
        if target is None:
            return None
        history = target["history"]
        commits = tuple(
            CommitAssociation(
                sha=str(node["oid"]),
                pull_requests=tuple(
                    _pull_request(pull) for pull in node["associatedPullRequests"]["nodes"]
                ),
            )
            for node in history["nodes"]
        )
        info = history["pageInfo"]
        cursor = str(info["endCursor"]) if info.get("hasNextPage") and info["endCursor"] else None
    except (KeyError, TypeError, ValueError, AttributeError):
        raise _unexpected(operation) from None
    return HistoryPage(commits, cursor)


def commit_on_branch_input(
    slug: str, branch: str, *, expected_head: str, files: Mapping[str, str], message: str
) -> dict[str, Any]:
    """The variables of :data:`CREATE_COMMIT_ON_BRANCH`: ``files`` (path -> text) as additions.

    The message's first line is the headline, the rest (if any) its body.
    """
    headline, _, body = message.partition("\n")
    additions = [
        {"path": path, "contents": base64.b64encode(text.encode("utf-8")).decode("ascii")}
        for path, text in files.items()
    ]
    commit_message = {"headline": headline}
    if body.strip("\n"):
        commit_message["body"] = body.strip("\n")
    return {
        "input": {
            "branch": {"repositoryNameWithOwner": slug, "branchName": branch},
            "expectedHeadOid": expected_head,
            "fileChanges": {"additions": additions},
            "message": commit_message,
        }
    }


def read_created_commit(data: Any, operation: str) -> CreatedCommit:
    """Read the answer to :data:`CREATE_COMMIT_ON_BRANCH`; GitHubError on another shape."""
    try:
        commit = data["createCommitOnBranch"]["commit"]
        return CreatedCommit(str(commit["oid"]), str(commit["tree"]["oid"]))
    except (KeyError, TypeError):
        raise _unexpected(operation) from None


def graphql_rate_limited(response: httpx.Response) -> bool:
    """Whether a GraphQL answer is GitHub's ``RATE_LIMITED`` error (sent with HTTP 200)."""
    if not response.is_success:
        return False
    try:
        body = response.json()
    except ValueError:
        return False
    errors = body.get("errors") if isinstance(body, dict) else None
    return isinstance(errors, list) and any(
        isinstance(e, dict) and e.get("type") == "RATE_LIMITED" for e in errors
    )


def graphql_error(
    operation: str, errors: Any, permission: str, slug: str, *, fix: str | None = None
) -> GitHubError:
    """The one-line error for a GraphQL answer with ``errors`` (``fix`` overrides the advice)."""
    first = errors[0] if isinstance(errors, list) and errors else {}
    kind = str(first.get("type") or "") if isinstance(first, dict) else ""
    text = str(first.get("message") or "") if isinstance(first, dict) else str(first)
    if fix is not None:
        pass
    elif kind in {"FORBIDDEN", "INSUFFICIENT_SCOPES"}:
        fix = f"the token needs {permission} on {slug}"
    elif kind == "NOT_FOUND":
        fix = f"the repository {slug} does not exist or the token cannot see it"
    elif "expected" in text.lower() and "head" in text.lower():
        fix = "the branch moved while releasegate ran; run it again"
    else:
        fix = "resolve what GitHub names, then re-run"
    said = f" ({text})" if text else ""
    return GitHubError(redact(f"{operation}: GitHub refused it{said}; {fix}"))
