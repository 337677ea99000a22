"""Find each package's latest release among the tags, and record why each tag counted or not.

This is release-please's release search (``Manifest.getLatestReleases`` reading tags rather
than GitHub releases): walk the release tags newest first, up to ``release-search-depth``,
and take for each package the tag of its manifest version; a package still without one is
looked up by its exact tag name (also in the root package's format when it skips GitHub
releases); a package with no tag at all is released from its manifest version alone.

Every decision is kept in a :class:`ReleaseSearch` so that ``releasegate doctor`` can say why
a package has no release, or why a tag was passed over.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from releasegate.engine.config import ROOT
from releasegate.engine.strategies.base import Release
from releasegate.engine.tag_name import TagName
from releasegate.engine.version import Version, same_version

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from releasegate.engine.git import Tag
    from releasegate.engine.strategies import Strategy
    from releasegate.engine.version import Scheme

__all__ = [
    "FoundBy",
    "PackageRelease",
    "ReleaseSearch",
    "TagDecision",
    "TagVerdict",
    "find_releases",
]

#: Why a tag was or was not taken as a release:
#: ``taken`` (some package's latest release), ``not-a-release-tag`` (not the exact tag any
#: package would create), ``wrong-version`` (the component's manifest version differs),
#: ``component-mismatch`` (no package has its component), ``beyond-search-depth`` (older than
#: the ``release-search-depth`` newest release tags), ``not-examined`` (every package had its
#: release before the search reached it).
TagVerdict = Literal[
    "taken",
    "not-a-release-tag",
    "wrong-version",
    "component-mismatch",
    "beyond-search-depth",
    "not-examined",
]
#: How a package's latest release was found: ``search`` (a release tag within the search
#: depth), ``tag-name`` (the exact tag name of its manifest version, found outside the search),
#: ``manifest-only`` (no tag: the manifest version is the release, without a commit),
#: ``unreleased`` (the manifest says 0.0.0 and no tag has it), ``no-manifest-entry``.
FoundBy = Literal["search", "tag-name", "manifest-only", "unreleased", "no-manifest-entry"]


@dataclass(frozen=True, slots=True)
class TagDecision:
    """One tag and what the release search made of it.

    ``paths`` are the packages it is the release of (``taken``) or the packages whose
    component it names (``wrong-version``); ``detail`` says it in words.
    """

    name: str
    sha: str
    verdict: TagVerdict
    paths: tuple[str, ...] = ()
    detail: str = ""


@dataclass(frozen=True, slots=True)
class PackageRelease:
    """One package's latest release and how it was found.

    ``expected_tag`` is the tag its manifest version would have (None without a manifest
    entry); ``release`` is what the plan starts from (None for ``unreleased`` and
    ``no-manifest-entry``; its ``sha`` is '' for ``manifest-only``).
    """

    path: str
    component: str
    manifest_version: str | None
    found_by: FoundBy
    expected_tag: str | None
    release: Release | None

    @property
    def tag(self) -> str | None:
        """The release's tag name (for ``manifest-only``, the tag that does not exist)."""
        return str(self.release.tag) if self.release is not None else None


@dataclass(frozen=True, slots=True)
class ReleaseSearch:
    """The outcome of :func:`find_releases`: every tag's verdict and every package's release.

    ``tags`` is newest first, as git lists them; ``packages`` follows the config order.
    """

    search_depth: int
    tags: tuple[TagDecision, ...]
    packages: tuple[PackageRelease, ...]

    def package(self, path: str) -> PackageRelease:
        """The record of the package at ``path``; raise KeyError when there is none."""
        for package in self.packages:
            if package.path == path:
                return package
        raise KeyError(path)

    @property
    def tagged(self) -> dict[str, Release]:
        """Releases found as tags (with a commit), by package path."""
        return {
            p.path: p.release
            for p in self.packages
            if p.release is not None and p.found_by in {"search", "tag-name"}
        }

    @property
    def releases(self) -> dict[str, Release]:
        """Every package's latest release, manifest-only ones included (their sha is '')."""
        return {p.path: p.release for p in self.packages if p.release is not None}


def _tag_of(strategy: Strategy, version: Version) -> TagName:
    component = strategy.get_component()
    return TagName(version, component, strategy.tag_separator, strategy.include_v_in_tag)


def _has_prefix(name: str, version: str, prefixes: set[str]) -> bool:
    """Whether ``name`` is one of ``prefixes`` followed by ``version``."""
    return name.endswith(version) and name[: len(name) - len(version)] in prefixes


def find_releases(
    tags: Sequence[Tag],
    strategies: Mapping[str, Strategy],
    versions: Mapping[str, Version],
    *,
    search_depth: int,
    scheme: Scheme = "semver",
) -> ReleaseSearch:
    """Find each package's latest release among ``tags`` (newest first).

    ``strategies`` and ``versions`` are by package path (``versions`` from the manifest);
    ``search_depth`` counts release tags only (0: no limit). Tag versions are read in
    ``scheme``, the project's ``version-scheme``.
    """
    # A strategy's tag is its prefix then the version (TagName.__str__): index the prefixes
    # once rather than render tags x strategies names (90,000 for 300 packages, issue 11).
    sample = Version(0, 0, 0)
    sample_text = str(sample)
    prefixes = {str(_tag_of(s, sample))[: -len(sample_text)] for s in strategies.values()}
    by_component: dict[str, list[str]] = {}
    for path, strategy in strategies.items():
        by_component.setdefault(strategy.get_component() or "", []).append(path)
    limit = max(search_depth, 0) or None
    decisions: list[TagDecision] = []
    found: dict[str, tuple[TagName, str, FoundBy]] = {}
    taken_by_search = 0
    release_count = 0
    done = False
    for tag in tags:
        parsed = TagName.parse(tag.name, scheme)
        if parsed is None or not _has_prefix(tag.name, str(parsed.version), prefixes):
            decisions.append(TagDecision(tag.name, tag.sha, "not-a-release-tag"))
            continue
        release_count += 1
        if limit is not None and release_count > limit:
            decisions.append(TagDecision(tag.name, tag.sha, "beyond-search-depth"))
            continue
        if done:
            decisions.append(TagDecision(tag.name, tag.sha, "not-examined"))
            continue
        paths = by_component.get(parsed.component or "", [])
        # under pep440, v1.0.0-rc.1 is a tag of 1.0.0rc1 too
        taken = [p for p in paths if p in versions and same_version(versions[p], parsed.version)]
        for path in taken:
            found[path] = (parsed, tag.sha, "search")
        taken_by_search += len(taken)
        if taken:
            decisions.append(TagDecision(tag.name, tag.sha, "taken", tuple(taken)))
        elif paths:
            wanted = ", ".join(f"{p!r} at {versions[p]}" for p in paths if p in versions)
            detail = f"the manifest has {wanted}" if wanted else "no manifest entry"
            decisions.append(TagDecision(tag.name, tag.sha, "wrong-version", tuple(paths), detail))
        else:
            decisions.append(TagDecision(tag.name, tag.sha, "component-mismatch"))
        done = taken_by_search >= len(strategies)
    if taken_by_search < len(strategies):
        _find_by_tag_name(tags, strategies, versions, found, decisions)
    packages = tuple(
        _package_release(path, strategy, versions.get(path), found.get(path))
        for path, strategy in strategies.items()
    )
    return ReleaseSearch(search_depth, tuple(decisions), packages)


def _find_by_tag_name(
    tags: Sequence[Tag],
    strategies: Mapping[str, Strategy],
    versions: Mapping[str, Version],
    found: dict[str, tuple[TagName, str, FoundBy]],
    decisions: list[TagDecision],
) -> None:
    """Look up packages still without a release by the exact tag of their manifest version."""
    by_name = {t.name: t for t in tags}
    index = {d.name: i for i, d in enumerate(decisions)}
    for path, strategy in strategies.items():
        if path in found or path not in versions:
            continue
        expected = _tag_of(strategy, versions[path])
        hit = by_name.get(str(expected))
        if hit is None and ROOT in strategies and strategy.config.skip_github_release:
            expected = _tag_of(strategies[ROOT], versions[path])
            hit = by_name.get(str(expected))
        if hit is None:
            continue
        found[path] = (expected, hit.sha, "tag-name")
        i = index[hit.name]
        previous = decisions[i]
        decisions[i] = TagDecision(
            hit.name,
            hit.sha,
            "taken",
            (*(previous.paths if previous.verdict == "taken" else ()), path),
            f"by its exact name, for {path!r} (the search passed it: {previous.verdict})",
        )


def _package_release(
    path: str,
    strategy: Strategy,
    version: Version | None,
    found: tuple[TagName, str, FoundBy] | None,
) -> PackageRelease:
    component = strategy.get_component()
    if version is None:
        return PackageRelease(path, component, None, "no-manifest-entry", None, None)
    expected = _tag_of(strategy, version)
    if found is not None:
        tag, sha, how = found
        return PackageRelease(path, component, str(version), how, str(expected), Release(tag, sha))
    if str(version) == "0.0.0":
        return PackageRelease(path, component, str(version), "unreleased", str(expected), None)
    release = Release(expected, "")  # known from the manifest alone: no commit
    return PackageRelease(path, component, str(version), "manifest-only", str(expected), release)
