"""``doctor``'s checks of the release state, from the engine's own answers.

Tags come from the release search the planner runs (:func:`releasegate.engine.release_search
.find_releases`), commit counts and the next version from the plan ``release-pr`` makes
(:func:`releasegate.engine.plan.plan_release`), a merged but untagged release from
:mod:`releasegate.engine.merged_release`, and merged release PRs still labelled pending from GitHub,
as ``github-release`` finds them. Each check is a function of ``(Checkup, Report)`` listed in
:data:`releasegate.adopt.doctor.CHECKS`. They only read.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from releasegate.engine import git
from releasegate.engine.commits import Commit, parse_conventional_commits
from releasegate.engine.manifest import MANIFEST_FILE_NAME
from releasegate.engine.merged_release import find_untagged_merges
from releasegate.engine.plan import plan_release
from releasegate.engine.release_search import find_releases
from releasegate.engine.repository import Repository
from releasegate.engine.tag_name import TagName
from releasegate.engine.version import Version
from releasegate.errors import GitHubError, ReleasegateError, UsageError
from releasegate.forge.target import github_repository

if TYPE_CHECKING:
    from pathlib import Path

    from releasegate.adopt._doctor_checkup import Checkup, Report
    from releasegate.engine.plan import PackagePlan
    from releasegate.engine.release_search import PackageRelease, ReleaseSearch

__all__ = ["check_pending_pull_requests", "check_plan", "check_tags"]

_SHOWN = 3  # names listed in one finding before "…"


def _where(path: str) -> str:
    return f"packages[{path!r}]"


# -- tags -------------------------------------------------------------------------------------
def check_tags(checkup: Checkup, report: Report) -> None:
    """Each manifest version has its tag, on the branch; merged releases are tagged."""
    files, settings, tip = checkup.files, checkup.settings, checkup.tip
    if files is None or settings is None or tip is None or not checkup.strategies:
        return
    config = files.config
    search = find_releases(
        git.list_tags(checkup.root),
        checkup.strategies,
        files.versions,
        search_depth=config.release_search_depth,
        scheme=settings.version_scheme,
    )
    merges = {
        m.path: m
        for m in find_untagged_merges(
            checkup.root, tip, MANIFEST_FILE_NAME, search.packages, config
        )
    }
    for package in search.packages:
        if package.found_by in {"search", "tag-name"}:
            _tagged(checkup, report, package)
        elif package.path in merges:
            merge = merges[package.path]
            checkup.untagged[package.path] = merge.tag
            report.add(
                "tags",
                "problem",
                f"{_where(package.path)}: a release PR is merged but not released: "
                f"{merge.sha[:7]} {merge.subject!r} set the manifest to {merge.version} and there "
                f"is no tag {merge.tag!r}, so release-pr stops; {merge.fix}",
                code="untagged-release",
                details={"path": package.path, "version": merge.version, "tag": merge.tag,
                         "commit": merge.sha, "previous": merge.previous},
            )  # fmt: skip
        elif package.found_by == "manifest-only":
            _missing_tag(checkup, report, package, search)
        elif package.found_by == "unreleased":
            report.add(
                "tags", "ok",
                f"{_where(package.path)}: not released yet (0.0.0); its first release is "
                "planned from the history",
                code="unreleased", details={"path": package.path},
            )  # fmt: skip
    _stray_tags(checkup, report, search)


def _tagged(checkup: Checkup, report: Report, package: PackageRelease) -> None:
    release = package.release
    assert release is not None  # noqa: S101 - found by the search, so it has its tag
    tag, where = str(release.tag), _where(package.path)
    facts = {"path": package.path, "version": package.manifest_version, "tag": tag,
             "commit": release.sha}  # fmt: skip
    on_branch = git.run(
        checkup.root, "merge-base", "--is-ancestor", release.sha, checkup.tip or "HEAD",
        check=False,
    )  # fmt: skip
    if on_branch.returncode != 0:
        checkup.off_branch.add(package.path)
        report.add(
            "tags",
            "problem",
            f"{where}: tag {tag!r} is not on branch {checkup.branch!r}; release from "
            f"{checkup.branch!r} or move the tag to the merged release commit",
            code="tag-not-on-branch",
            details=facts,
        )
        return
    report.add("tags", "ok",
               f"{where}: {package.manifest_version} is tagged {tag!r} on {checkup.branch}",
               code="tagged", details=facts)  # fmt: skip


def _missing_tag(
    checkup: Checkup, report: Report, package: PackageRelease, search: ReleaseSearch
) -> None:
    """No tag for a manifest version no commit changed: a first release, or a lost tag.

    release-please then counts every commit it reads as new (from ``bootstrap-sha`` if set).
    That is right for a first release and wrong after a release whose tag has another
    format: a tag with the manifest version but not the expected name is a problem.
    """
    assert checkup.files is not None  # noqa: S101 - checked by the caller
    assert checkup.settings is not None  # noqa: S101 - checked by the caller
    config = checkup.files.config
    where, tag, version = _where(package.path), package.expected_tag, package.manifest_version
    facts = {"path": package.path, "version": version, "tag": tag}
    scheme = checkup.settings.version_scheme
    same = [
        d.name
        for d in search.tags
        if d.verdict != "taken"
        and (parsed := TagName.parse(d.name, scheme)) is not None
        and str(parsed.version) == version
    ]
    if same:
        report.add(
            "tags",
            "problem",
            f"{where}: manifest version {version} has no tag {tag!r} but {same[0]!r} has "
            "its version, so every commit counts as unreleased; set include-v-in-tag, "
            "include-component-in-tag or tag-separator so the tags match, or tag the release "
            f"commit {tag!r}",
            code="tag-format",
            details={**facts, "found": same},
        )
        return
    start = config.last_release_sha or config.bootstrap_sha
    if start:
        option = "last-release-sha" if config.last_release_sha else "bootstrap-sha"
        report.add(
            "tags", "ok",
            f"{where}: {version} has no tag {tag!r}; the next release is planned from "
            f"{option} {start[:7]}, as configured",
            code="bootstrap", details={**facts, option: start},
        )  # fmt: skip
        return
    report.add(
        "tags",
        "warning",
        f"{where}: manifest version {version} has no tag {tag!r}, so every commit read counts "
        "as unreleased: right for a first release; if it was released, tag its commit: "
        f"git tag {tag} <sha> && git push origin {tag} (or set bootstrap-sha to it)",
        code="missing-tag",
        details=facts,
    )


def _stray_tags(checkup: Checkup, report: Report, search: ReleaseSearch) -> None:
    """Tags that look like releases but that no package would make: never seen as releases."""
    assert checkup.settings is not None  # noqa: S101 - checked by the caller
    scheme = checkup.settings.version_scheme
    stray = [
        d.name
        for d in search.tags
        if d.verdict in {"not-a-release-tag", "component-mismatch"}
        and TagName.parse(d.name, scheme) is not None
    ]
    if not stray:
        return
    formats = sorted(
        {str(TagName(Version(1, 2, 3), s.get_component(), s.tag_separator, s.include_v_in_tag))
         for s in checkup.strategies.values()}
    )  # fmt: skip
    shown = ", ".join(repr(t) for t in stray[:_SHOWN]) + (" …" if len(stray) > _SHOWN else "")
    report.add(
        "tags",
        "warning",
        f"{len(stray)} tag(s) look like releases but not like {' or '.join(formats)}: {shown}; "
        "they are not seen as releases (set include-component-in-tag, include-v-in-tag or "
        "tag-separator to match them)",
        code="stray-tags",
        details={"tags": stray, "formats": formats},
    )


# -- the plan ---------------------------------------------------------------------------------
def check_plan(checkup: Checkup, report: Report) -> None:
    """What release-pr would propose for each package, or exactly why nothing."""
    if checkup.files is None or checkup.branch is None:
        return
    if checkup.from_work_tree:
        report.add(
            "commits", "skipped",
            "the plan reads the release files from the branch; commit them, then run doctor",
            code="not-committed",
        )  # fmt: skip
        return
    try:
        plan = plan_release(
            checkup.root,
            branch=checkup.branch,
            config_file=None,
            manifest_file=MANIFEST_FILE_NAME,
            repository=repository_of(checkup.root) or Repository("owner", "repo"),
            now=datetime.now(timezone.utc),
        )
    except ReleasegateError as exc:
        report.add("plan", "problem", str(exc), code="plan-failed")
        return
    checkup.plan = plan
    for warning in plan.warnings:
        if not report.said(warning):
            report.add("commits", "warning", warning, code="plan-warning")
    depth = checkup.files.config.commit_search_depth
    for summary in plan.packages:
        tag = checkup.untagged.get(summary.path)
        if tag is not None:
            # its release is not found until tagged: the plan counts the whole history
            report.add(
                "commits", "skipped",
                f"{_where(summary.path)}: not planned until {tag} is tagged (release-pr stops)",
                code="not-planned", details={"path": summary.path, "tag": tag},
            )  # fmt: skip
            continue
        _package(checkup, report, summary, depth)


def _package(checkup: Checkup, report: Report, summary: PackagePlan, depth: int) -> None:
    where = _where(summary.path)
    tag = summary.latest_tag
    since = f"since {tag}" if tag else "in the history read"
    read = len(summary.considered)
    unparsed = summary.unparsed
    facts = {
        "path": summary.path, "current": summary.current_version, "next": summary.next_version,
        "bump": None, "commits": read, "conventional": summary.commits,
        "unparsed": len(unparsed), "excluded": summary.excluded, "since": tag,
    }  # fmt: skip
    if summary.next_version is not None:
        bump = _bump(summary.current_version, summary.next_version)
        current = summary.current_version or "unreleased"
        report.add(
            "commits",
            "ok",
            f"{where}: {current} -> {summary.next_version}, {bump} ({summary.reason}), the "
            "release PR release-pr would open",
            code="next-release",
            details={**facts, "bump": bump},
        )
    elif read == 0 and summary.excluded == 0:
        report.add("commits", "ok", f"{where}: no commits {since}; nothing to release",
                   code="nothing-to-release", details=facts)  # fmt: skip
    elif read == 0:
        report.add(
            "commits",
            "warning",
            f"{where}: no release PR: every one of the {summary.excluded} commit(s) {since} is "
            "under exclude-paths; a 'fix:' or 'feat:' commit outside them makes one",
            code="all-excluded",
            details=facts,
        )
    elif len(unparsed) == read:
        report.add(
            "commits",
            "warning",
            f"{where}: no release PR: none of the {read} commit(s) {since} is conventional; "
            "land a 'fix: …' or 'feat: …' commit",
            code="none-conventional",
            details=facts,
        )
    else:
        types = Counter(
            cc.type
            for record in summary.considered
            if record.parsed
            for cc in parse_conventional_commits([Commit(record.sha, record.subject)])
        )
        listed = ", ".join(f"{n} {t}" for t, n in sorted(types.items()))
        report.add(
            "commits",
            "warning",
            f"{where}: no release PR ({read} commit(s) {since}): only types that make no "
            f"release ({listed}); a 'fix:' or 'feat:' commit makes one",
            code="no-releasing-commit",
            details={**facts, "types": dict(types)},
        )
    if summary.truncated and tag and summary.path not in checkup.off_branch:
        report.add(
            "commits",
            "warning",
            f"{where}: {tag} is more than commit-search-depth ({depth}) commits back, so older "
            "commits are left out of the release; raise commit-search-depth in the config",
            code="depth",
            details={"path": summary.path, "tag": tag, "depth": depth},
        )
    if unparsed and len(unparsed) != read:
        names = "; ".join(f"{c.sha[:7]} {c.subject[:40]!r}" for c in unparsed[:_SHOWN])
        report.add(
            "commits",
            "warning",
            f"{where}: {len(unparsed)} commit(s) do not parse as conventional and stay out of "
            f"the changelog: {names}; use '<type>: <subject>' from now on",
            code="unparsed-commits",
            details={"path": summary.path, "commits": [c.sha for c in unparsed]},
        )


def _bump(current: str | None, following: str) -> str:
    if current is None:
        return "a first release"
    try:
        old, new = Version.parse(current), Version.parse(following)
    except ValueError:
        return "a release"
    if new.major != old.major:
        return "a major release"
    return "a minor release" if new.minor != old.minor else "a patch release"


def repository_of(root: Path) -> Repository | None:
    """The GitHub repository as the release commands find it; None when there is none."""
    try:
        return github_repository(root)
    except UsageError:
        return None


# -- GitHub -----------------------------------------------------------------------------------
def check_pending_pull_requests(checkup: Checkup, report: Report) -> None:
    """Merged release PRs still labelled pending: release-please opens nothing while one is.

    Needs ``GITHUB_TOKEN`` (or ``GH_TOKEN``); without one, says so and skips.
    """
    files, settings, branch = checkup.files, checkup.settings, checkup.branch
    if files is None or settings is None or branch is None or not checkup.strategies:
        return
    labels = files.config.labels
    if not labels:
        return
    from releasegate.engine.releases import ReleaseInputs  # noqa: PLC0415
    from releasegate.forge.github import GitHub, token_from_env  # noqa: PLC0415 - httpx, with a token
    from releasegate.forge.pending_releases import pending_releases  # noqa: PLC0415

    label = labels[0]
    if token_from_env() is None:
        report.add(
            "github", "skipped",
            f"no GITHUB_TOKEN or GH_TOKEN: merged release PRs still labelled {label!r} were "
            "not looked up (release-please opens no release PR while one is)",
            code="no-token",
        )  # fmt: skip
        return
    repository = repository_of(checkup.root)
    client = GitHub.from_env(repository) if repository is not None else None
    if client is None:
        report.add("github", "skipped", "no GitHub repository (origin, GITHUB_REPOSITORY): "
                   "release PRs not looked up", code="not-github")  # fmt: skip
        return
    inputs = ReleaseInputs(
        files.config, files.versions, checkup.strategies, checkup.tip or "", files.warnings,
        settings,
    )  # fmt: skip
    try:
        with client:
            pending = pending_releases(client, inputs, branch)
    except GitHubError as exc:
        report.add("github", "warning", f"{exc}; merged release PRs not looked up",
                   code="github-error")  # fmt: skip
        return
    tags = {t.name for t in git.list_tags(checkup.root)}
    for pull, candidates in pending:
        wanted = [str(c.tag) for c in candidates]
        missing = [t for t in wanted if t not in tags]
        facts = {"number": pull.number, "url": pull.html_url, "tags": wanted, "missing": missing}
        if missing and set(missing) <= set(checkup.untagged.values()):
            continue  # reported with its merge commit by check_tags
        what = f"release PR #{pull.number} ({pull.title!r}) is merged but still labelled {label!r}"
        if missing:
            fix = f"no tag {missing[0]!r} yet: run 'releasegate github-release'"
        elif settings.draft_until_published:
            fix = (
                f"tagged {wanted[0]!r}, its release waits for publish-release "
                "(draft-until-published): re-run the Release workflow, it resumes"
            )
        else:
            fix = f"tagged {wanted[0]!r} but not relabelled: run 'releasegate github-release' again"
        report.add(
            "github", "problem",
            f"{what}, so release-please and release-pr open no release PR; {fix}",
            code="pending-release-pr", details=facts,
        )  # fmt: skip
    if not pending:
        report.add("github", "ok", f"no merged release PR is still labelled {label!r}",
                   code="no-pending-release-pr")  # fmt: skip
