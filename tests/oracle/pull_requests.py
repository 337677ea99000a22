"""Merged pull requests for a comparison case: the oracle reads them from a file, releasegate from GitHub.

A case's pull requests are the oracle's ``--pull-requests`` entries (``number``,
``mergeCommitSha``, ``title``, ``body``, ``labels``, ``baseBranchName``, ``headBranchName``,
``files``, ``commits``; shas may be any revision ``git rev-parse`` resolves, such as
``HEAD~2``). release-please reads them online through GitHub's GraphQL API; releasegate does
too: :func:`serving` starts the local GitHub stand-in on the case's repository with those pull
requests merged, and returns the environment that points ``release-pr`` at it.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
from typing import TYPE_CHECKING, Any

from tests._github_server import running_github
from tests.builders import git_env

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from pathlib import Path

__all__ = ["serving", "write_pull_requests"]


def _resolve(repo: Path, rev: str) -> str:
    result = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "--verify", "--quiet", "--end-of-options",
         f"{rev}^{{commit}}"],
        capture_output=True, text=True, check=False, env=git_env(None),
    )  # fmt: skip
    if result.returncode != 0:
        raise ValueError(f"pull requests: {rev!r} is not a commit of {repo}")
    return result.stdout.strip()


def write_pull_requests(pull_requests: Sequence[dict[str, Any]], path: Path) -> Path:
    """Write ``pull_requests`` as the oracle's ``--pull-requests`` file; return ``path``."""
    path.write_text(json.dumps(list(pull_requests), indent=2) + "\n", encoding="utf-8")
    return path


@contextlib.contextmanager
def serving(
    repo: Path, pull_requests: Sequence[dict[str, Any]], *, github_repo: str, branch: str
) -> Iterator[dict[str, str]]:
    """Serve ``repo`` with ``pull_requests`` merged; yield the environment for releasegate.

    The environment holds ``GITHUB_TOKEN``, ``GITHUB_API_URL`` and ``GITHUB_GRAPHQL_URL``. The
    stand-in checks every exchange against GitHub's API description when the block ends.
    """
    owner, _, name = github_repo.partition("/")
    with running_github(owner, name, git_dir=repo) as gh:
        for entry in pull_requests:
            merge = _resolve(repo, entry["mergeCommitSha"])
            commits: list[str] = []
            for rev in entry.get("commits") or []:
                sha = _resolve(repo, rev)
                if sha != merge and sha not in commits:
                    commits.append(sha)
            gh.add_pull(
                number=int(entry["number"]),
                title=entry.get("title") or "",
                body=entry.get("body") or "",
                labels=tuple(entry.get("labels") or ()),
                base=entry.get("baseBranchName") or branch,
                head=entry.get("headBranchName") or f"pr-{entry['number']}",
                merged_sha=merge,
                commits=commits,
                files=entry.get("files"),
            )
        yield {
            "GITHUB_TOKEN": gh.token,
            "GITHUB_API_URL": gh.url,
            "GITHUB_GRAPHQL_URL": gh.graphql_url,
        }
