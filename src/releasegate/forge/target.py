"""What a release command works on: the target branch and the GitHub repository.

``release-pr``, ``github-release``, ``publish-release`` and ``doctor`` all learn them here,
the same way, and build their GitHub client with :meth:`releasegate.forge.github.GitHub.from_env`:

- the target branch is ``--branch``; else the checked-out branch; else, on a detached HEAD,
  ``$GITHUB_REF_NAME`` when GitHub Actions runs for a branch push; else origin's default
  branch: a checkout of a release tag (the publish job's) is released from there, and the tag
  with the config and manifest at it tell which release it is;
- the GitHub repository is ``--github-repo``; else ``$GITHUB_REPOSITORY``; else the ``origin``
  remote when it is on GitHub (:mod:`releasegate.forge.remote`). A remote elsewhere, or a local
  path, is no GitHub repository: links made from it would point at someone else's.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from releasegate._redact import redact
from releasegate.engine import git
from releasegate.engine.repository import Repository
from releasegate.errors import UsageError
from releasegate.forge import git_write
from releasegate.forge.remote import Remote, github_remote, github_server_url

if TYPE_CHECKING:
    from pathlib import Path

    from releasegate._redact import Secret

__all__ = ["github_repository", "origin_on_github", "repository_page", "target_branch"]


def target_branch(repo: Path, explicit: str | None = None, *, token: Secret | None = None) -> str:
    """The branch a release command targets in ``repo`` (see the module docstring).

    Origin's default branch is the one the clone recorded, else the one origin reports (asked
    with ``token`` when given). Raises UsageError on a detached HEAD when nothing names one.
    """
    if explicit:
        return explicit
    try:
        return git.current_branch(repo)
    except UsageError:
        default = git.remote_default_branch(repo) or git_write.remote_head_branch(repo, token=token)
        if default is None:
            raise UsageError(
                f"{repo}: HEAD is detached and origin's default branch is unknown; "
                "pass --branch NAME"
            ) from None
        return default


def origin_on_github(repo: Path) -> Remote | None:
    """The GitHub repository the ``origin`` remote points at; None when there is none."""
    url = git.origin_url(repo)
    return github_remote(url) if url else None


def repository_page(repo: Path, repository: Repository) -> str | None:
    """The web page of ``repository`` when ``origin`` is that repository on GitHub, else None.

    A branch pushed to ``origin`` can be linked to on GitHub only then; a local path or
    another forge gets no GitHub link. The server is ``$GITHUB_SERVER_URL`` (else github.com).
    """
    origin = origin_on_github(repo)
    if origin is None or origin.slug.lower() != f"{repository.owner}/{repository.name}".lower():
        return None
    return f"{github_server_url()}/{origin.owner}/{origin.name}"


def github_repository(repo: Path, explicit: str | None = None) -> Repository:
    """The GitHub repository of ``repo`` (see the module docstring).

    Raises UsageError for an ``--github-repo``/``GITHUB_REPOSITORY`` that is not OWNER/NAME,
    and when nothing names a GitHub repository, saying why in one line.
    """
    for source, value in (
        ("--github-repo", explicit),
        ("GITHUB_REPOSITORY", os.environ.get("GITHUB_REPOSITORY")),
    ):
        if value:
            owner, _, name = value.partition("/")
            if not owner or not name or "/" in name:
                raise UsageError(
                    f"{source}: {value!r} is not OWNER/NAME; e.g. --github-repo octo-org/widget"
                )
            return Repository(owner, name)
    url = git.origin_url(repo)
    remote = github_remote(url) if url else None
    if remote is not None:
        return Repository(remote.owner, remote.name)
    why = (
        f"origin {redact(url)!r} is not on GitHub ({github_server_url()})"
        if url
        else "no origin remote"
    )
    raise UsageError(
        f"cannot tell the GitHub repository: no --github-repo, no GITHUB_REPOSITORY and {why}; "
        "pass --github-repo OWNER/NAME"
    )
