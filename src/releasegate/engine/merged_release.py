"""A release PR merged into the branch but not released yet, seen from local git alone.

release-please opens no release PR while a merged one is still labelled ``autorelease:
pending`` ("There are untagged, merged release PRs outstanding - aborting", in
``Manifest.createPullRequests``): until ``github-release`` tags it, the release search cannot
find that release, and a plan made meanwhile counts every commit since the start of history
as unreleased. Without GitHub the same state shows in git: a manifest version that a commit
on the branch changed (a release PR's merge) and that has no tag. A manifest version that was
never changed, only written once (a project adopting release-please), is not one: that is
release-please's "no tag for the manifest version", planned from the whole history.

It only reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from releasegate.engine import git
from releasegate.engine.manifest import parse_manifest
from releasegate.engine.release_files import read_branch_files
from releasegate.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from pathlib import Path

    from releasegate.engine.config import ManifestConfig, ReleaserConfig
    from releasegate.engine.plan import ReleasePlan
    from releasegate.engine.release_search import PackageRelease

__all__ = [
    "UntaggedMerge",
    "contains_commit",
    "describe_untagged",
    "find_untagged_merges",
    "untagged_merges_of",
]


@dataclass(frozen=True, slots=True)
class UntaggedMerge:
    """A package version a commit on the branch released in the manifest, with no tag yet.

    ``sha`` and ``subject`` are the commit that changed the manifest to ``version`` (the merge
    of the release PR), ``previous`` the version before it. ``draft_without_tag`` is True when
    ``github-release`` makes a draft release without a tag for the package (``draft`` without
    ``force-tag-creation``): GitHub creates the tag only when the draft is published.
    """

    path: str
    version: str
    tag: str
    sha: str
    subject: str
    previous: str
    draft_without_tag: bool = False

    @property
    def fix(self) -> str:
        """What makes the release: run github-release, or publish its draft."""
        if self.draft_without_tag:
            return (
                f"publish the draft GitHub release {self.tag} (GitHub creates the tag then), "
                "or set force-tag-creation: true so github-release tags it"
            )
        return "run 'releasegate github-release' (it tags the merge and creates the release)"


def find_untagged_merges(
    repo: Path,
    head: str,
    manifest_file: str,
    packages: Iterable[PackageRelease],
    config: ManifestConfig | None = None,
) -> list[UntaggedMerge]:
    """The packages whose manifest version at ``head`` was set by a commit and has no tag.

    ``packages`` come from the release search (:class:`~releasegate.engine.release_search
    .ReleaseSearch`); only those released from the manifest alone (no tag found) are looked
    at, so a repository whose releases are tagged costs nothing. ``config`` (the branch's)
    tells which packages skip GitHub releases (another tool tags them: left out) or make drafts.
    """
    options: dict[str, ReleaserConfig] = (
        {p.path: p.config for p in config.packages} if config is not None else {}
    )
    missing = {
        p.path: p
        for p in packages
        if p.found_by == "manifest-only"
        and p.expected_tag
        and not (p.path in options and options[p.path].skip_github_release)
    }
    if not missing:
        return []
    current = _manifest_at(repo, head, manifest_file)
    wanted = {path: current[path] for path in missing if path in current}
    setters = _setting_commits(repo, head, manifest_file, wanted)
    found = []
    for path, (sha, subject, previous) in setters.items():
        package = missing[path]
        release_options = options.get(path)
        draft = bool(release_options and release_options.draft)
        forced = bool(release_options and release_options.force_tag_creation)
        found.append(
            UntaggedMerge(
                path=path,
                version=wanted[path],
                tag=package.expected_tag or "",
                sha=sha,
                subject=subject,
                previous=previous,
                draft_without_tag=draft and not forced,
            )
        )
    return found


def describe_untagged(merges: list[UntaggedMerge], manifest_file: str) -> str:
    """One line for release-pr: which release is merged and untagged, and what to run."""
    first = merges[0]
    where = "" if first.path == "." else f"packages[{first.path!r}]: "
    more = f" (and {len(merges) - 1} more package(s))" if len(merges) > 1 else ""
    return (
        f"{where}a release PR is merged but not released: {first.sha[:7]} "
        f"{first.subject!r} set {manifest_file} to {first.version} and there is no tag "
        f"{first.tag!r}{more}; {first.fix}, then release-pr plans the next release"
    )


def untagged_merges_of(
    repo: Path, branch: str, plan: ReleasePlan, *, config_file: str | None, manifest_file: str
) -> list[UntaggedMerge]:
    """:func:`find_untagged_merges` for a plan of ``branch``: nothing to read when all is tagged.

    The config is read again (from the branch, as the plan read it) only when some package
    was released from its manifest version alone.
    """
    search = plan.release_search
    if search is None or all(p.found_by != "manifest-only" for p in search.packages):
        return []
    head = git.resolve_branch(repo, branch)
    tree = git.Tree(repo, head)
    try:
        _, files = read_branch_files(
            tree, branch=branch, config_file=config_file, manifest_file=manifest_file
        )
    finally:
        tree.close()
    return find_untagged_merges(repo, head, manifest_file, search.packages, files.config)


def contains_commit(repo: Path, branch: str, sha: str) -> bool:
    """Whether commit ``sha`` exists here and is on ``branch`` (False for an unknown sha)."""
    try:
        head = git.resolve_branch(repo, branch)
    except UsageError:
        return False
    return git.run(repo, "merge-base", "--is-ancestor", sha, head, check=False).returncode == 0


def _manifest_at(repo: Path, rev: str, manifest_file: str) -> dict[str, str]:
    """The manifest's raw versions at ``rev``: {} when absent or unreadable (it held none)."""
    result = git.run(repo, "show", f"{rev}:{manifest_file}", check=False)
    if result.returncode != 0:
        return {}
    try:
        return parse_manifest(result.stdout.encode(), manifest_file)
    except UsageError:
        return {}


def _setting_commits(
    repo: Path, head: str, manifest_file: str, wanted: Mapping[str, str]
) -> dict[str, tuple[str, str, str]]:
    """For each path, the newest commit that changed its version to ``wanted[path]``.

    Returns path -> (sha, subject, version before); a path whose version was there since the
    manifest was written (no version before) is left out. First parents only: a release PR
    merged with a merge commit changes the manifest in that merge, on the branch.
    """
    log = git.run(
        repo, "log", "--first-parent", "--format=%H%x1f%P%x1f%s", head, "--", manifest_file
    )
    todo = dict(wanted)
    found: dict[str, tuple[str, str, str]] = {}
    for line in log.stdout.splitlines():
        if not todo:
            break
        sha, parents, subject = line.split("\x1f", 2)
        parent = parents.split(" ")[0] if parents else None
        before = _manifest_at(repo, parent, manifest_file) if parent else {}
        for path, version in list(todo.items()):
            if before.get(path) == version:
                continue  # an older commit set it
            del todo[path]
            previous = before.get(path)
            if previous is not None:
                found[path] = (sha, subject, previous)
    return found
