"""The local GitHub stand-in's GraphQL endpoint, executed by graphql-core on GitHub's schema.

Resolvers read the stand-in's state and its git repository: ``repository.object(oid:)`` is a
commit whose ``history`` is ``git rev-list`` and whose ``associatedPullRequests`` are the
merged pull requests naming it as merge commit or among their commits (in the order they were
added); ``createCommitOnBranch`` really writes the commit into the repository. Answers are
GitHub's shapes because graphql-core executes the document against (the trimmed copy of)
GitHub's published schema.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

from tests._github_contract import graphql_schema
from tests._github_repo import RefMismatchError

if TYPE_CHECKING:
    from tests._github_server import FakeGitHub

__all__ = ["execute"]


def _cursor(offset: int) -> str:
    return base64.b64encode(f"cursor:{offset}".encode()).decode()


def _offset(cursor: str | None) -> int:
    if not cursor:
        return 0
    return int(base64.b64decode(cursor).decode().split(":", 1)[1])


def _connection(items: list[Any], first: int | None, after: str | None) -> dict[str, Any]:
    start = _offset(after)
    size = len(items) if first is None else first
    chunk = items[start : start + size]
    end = start + len(chunk)
    return {
        "nodes": chunk,
        "pageInfo": {
            "hasNextPage": end < len(items),
            "hasPreviousPage": start > 0,
            "startCursor": _cursor(start) if chunk else None,
            "endCursor": _cursor(end) if chunk else None,
        },
    }


class _Resolver:
    """The root values: one object per request, over the stand-in's state."""

    def __init__(self, gh: FakeGitHub) -> None:
        self.gh = gh

    # -- Query -----------------------------------------------------------------------------
    def repository(self, _info: Any, owner: str, name: str, **_: Any) -> dict[str, Any] | None:
        if (owner, name) != (self.gh.owner, self.gh.repo):
            return None
        return {"object": self._object}

    def _object(self, _info: Any, oid: str | None = None, **_: Any) -> dict[str, Any] | None:
        found = self.gh.git.commit(oid) if oid else None
        return None if found is None else self._commit(found.sha, found.tree)

    def _commit(self, sha: str, tree: str | None = None) -> dict[str, Any]:
        gh = self.gh

        def history(_info: Any, first: int | None = None, after: str | None = None, **_: Any):
            start = _offset(after)
            wanted = 100 if first is None else first
            shas = gh.git.history(sha, start, wanted + 1)
            page = [self._commit(s) for s in shas[:wanted]]
            result = _connection(page, None, None)
            result["pageInfo"].update(
                hasNextPage=len(shas) > wanted,
                hasPreviousPage=start > 0,
                startCursor=_cursor(start) if page else None,
                endCursor=_cursor(start + len(page)) if page else None,
            )
            return result

        def associated(_info: Any, first: int | None = None, after: str | None = None, **_: Any):
            return _connection(gh.associated_pulls(sha), first, after)

        return {
            "__typename": "Commit",
            "oid": sha,
            "abbreviatedOid": sha[:7],
            "tree": lambda _info, **_: {"oid": tree or gh.git.commit(sha).tree},  # type: ignore[union-attr]
            "history": history,
            "associatedPullRequests": associated,
        }

    # -- Mutation --------------------------------------------------------------------------
    def createCommitOnBranch(self, _info: Any, input: dict[str, Any]) -> dict[str, Any]:  # noqa: A002, N802 - GraphQL's names
        gh = self.gh
        branch = input["branch"]
        if branch.get("repositoryNameWithOwner") != f"{gh.owner}/{gh.repo}":
            raise ValueError("Could not resolve to a Repository")
        name = str(branch.get("branchName") or "").removeprefix("refs/heads/")
        changes = input.get("fileChanges") or {}
        additions = [(a["path"], a["contents"]) for a in changes.get("additions") or []]
        deletions = [d["path"] for d in changes.get("deletions") or []]
        message = input["message"]["headline"]
        if input["message"].get("body"):
            message += "\n\n" + input["message"]["body"]
        try:
            created = gh.git.create_commit_on_branch(
                name, expected_head=input["expectedHeadOid"], additions=additions,
                deletions=deletions, message=message, when=gh.now(),
            )  # fmt: skip
        except RefMismatchError:
            expected = input["expectedHeadOid"]
            raise ValueError(
                f'Expected branch to point to "{expected}" but it did not. Pull and try again.'
            ) from None
        gh.created_commits.append(created.sha)
        return {"commit": self._commit(created.sha, created.tree)}


def execute(gh: FakeGitHub, document: str, variables: dict[str, Any] | None) -> dict[str, Any]:
    """Run one GraphQL request; return the JSON answer (``data`` and/or ``errors``)."""
    from graphql import graphql_sync  # noqa: PLC0415

    resolver = _Resolver(gh)
    result = graphql_sync(
        graphql_schema(), document, root_value=resolver, variable_values=variables or {}
    )
    answer: dict[str, Any] = {}
    if result.errors:
        answer["errors"] = [
            {"type": "UNPROCESSABLE", "message": error.message, "path": error.path}
            for error in result.errors
        ]
    if result.data is not None:
        answer["data"] = result.data
    return answer
