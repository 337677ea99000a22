"""Merged release PRs still labelled pending on GitHub: finding them, and marking them released.

release-please's ``Manifest.findMergedReleasePullRequests`` and the relabelling and comment of
``createReleases``. ``github-release`` creates the releases of the PRs found here; with
``draft-until-published`` it is ``publish-release`` that relabels, once the files are on the
index.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from releasegate.engine.releases import build_releases

if TYPE_CHECKING:
    from releasegate.engine.releases import CandidateRelease, ReleaseInputs
    from releasegate.forge.github import GitHub, GitHubRelease, PullRequest

__all__ = ["comment_created", "pending_releases", "relabel"]


def pending_releases(
    github: GitHub, inputs: ReleaseInputs, branch: str
) -> list[tuple[PullRequest, list[CandidateRelease]]]:
    """The merged release PRs into ``branch`` still labelled pending, each with its releases.

    A PR must carry every label of the config's ``label``; PRs that release nothing are left out.
    """
    labels = inputs.config.labels
    if not labels:
        return []
    pulls = [
        p
        for p in github.merged_pull_requests(branch, labels[0])
        if all(label in p.labels for label in labels)
    ]
    candidates = build_releases(inputs, pulls)
    pending = []
    for pull in pulls:
        mine = [c for c in candidates if c.pull_request == pull.number]
        if mine:
            pending.append((pull, mine))
    return pending


def relabel(github: GitHub, number: int, inputs: ReleaseInputs) -> None:
    """Swap PR ``number``'s pending labels for the released ones (``release-label``).

    The released labels go on first: a run that dies in between leaves the PR pending (so the
    next run finds it and relabels again), never with no label at all.
    """
    github.add_labels(number, inputs.config.release_labels)
    for label in inputs.config.labels:
        github.remove_label(number, label)


def comment_created(github: GitHub, number: int, releases: list[GitHubRelease]) -> None:
    """Say on PR ``number`` which releases it got, as release-please does on creating them."""
    if releases:
        listed = "\n".join(f"- [{r.tag_name}]({r.html_url})" for r in releases)
        github.comment(number, f"\U0001f916 Created releases:\n\n{listed}\n\n:sunflower:")
