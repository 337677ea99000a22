"""``doctor``'s checks: everything a release depends on, each reported as one finding.

Like packaging's ``_ErrorCollector``, a check never stops the others: each adds findings
(``ok``, ``warning``, ``problem`` or ``skipped``) and :func:`run_checkup` returns them all.
A ``problem`` would stop or endanger a release; a ``warning`` would not, but probably does not
do what the maintainer means. Every finding carries a stable ``code`` and its facts
(``details``), so tools and tests read the report as data (``doctor --json``).

doctor reads what the release commands read: the target branch they would use, the config and
manifest committed there (:func:`releasegate.engine.release_files.read_release_files`), and the plan
``release-pr`` makes (:func:`releasegate.engine.plan.plan_release`). Each check is one function of
:data:`CHECKS`, run in order over one :class:`Checkup`; a check that needs what an earlier one
could not read skips itself. Checks only read (``--build`` builds into a temporary directory).
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from releasegate.adopt._doctor_checkup import Check, Checkup, Finding, Report
from releasegate.adopt._doctor_project import (
    check_build,
    check_index,
    check_version_files,
    check_workspace_pins,
)
from releasegate.adopt._doctor_release import (
    check_pending_pull_requests,
    check_plan,
    check_tags,
)
from releasegate.adopt._doctor_workflows import (
    check_pr_gate,
    check_release_pr_checks,
    check_workflows,
    check_zizmor,
)
from releasegate.adopt.workflows import WorkTreeSource
from releasegate.engine import git
from releasegate.engine.manifest import MANIFEST_FILE_NAME
from releasegate.engine.release_files import read_release_files
from releasegate.engine.repository import Repository
from releasegate.engine.settings import PYPROJECT, Settings, load_settings, parse_settings
from releasegate.engine.strategies import StrategyContext, build_strategy
from releasegate.errors import ConfigError, ReleasegateError, UsageError
from releasegate.forge.github import token_from_env
from releasegate.forge.target import target_branch

if TYPE_CHECKING:
    from pathlib import Path

    from releasegate.engine.release_files import ReleaseFiles
    from releasegate.engine.strategies import Strategy

__all__ = ["CHECKS", "DEFAULT_INDEX", "Check", "Checkup", "Finding", "Report", "run_checkup"]

DEFAULT_INDEX = "https://pypi.org/simple/"


def run_checkup(
    root: Path,
    *,
    branch: str | None = None,
    build: bool = False,
    index_url: str | None = None,
) -> Report:
    """Run every check of :data:`CHECKS` on the repository at ``root``.

    ``branch`` is the target branch (default: as the release commands find it). Raises
    UsageError when ``root`` is not a git repository.
    """
    root = root.resolve()
    git.ensure_repository(root)
    checkup = Checkup(root, requested_branch=branch, build=build, index_url=index_url)
    report = Report()
    try:
        for check in CHECKS:
            check(checkup, report)
    finally:
        if checkup.tree is not None:
            checkup.tree.close()
    return report


# -- git --------------------------------------------------------------------------------------
def check_clone(checkup: Checkup, report: Report) -> None:
    """A shallow clone hides the tags and commits the plan needs."""
    shallow = git.run(checkup.root, "rev-parse", "--is-shallow-repository")
    if shallow.stdout.strip() == "true":
        report.add(
            "git",
            "problem",
            "shallow clone: tags and commits before the cut are invisible; run "
            "'git fetch --unshallow --tags' (in CI: actions/checkout with fetch-depth: 0)",
            code="shallow-clone",
        )
    else:
        report.add("git", "ok", "full clone", code="full-clone")


def check_branch(checkup: Checkup, report: Report) -> None:
    """The target branch the release commands would use, and its tip."""
    root = checkup.root
    if git.head_commit(root) is None:
        report.add(
            "git", "problem", "the repository has no commits; commit the project first",
            code="no-commits",
        )  # fmt: skip
        return
    branch, how = _target_branch(root, checkup.requested_branch)
    if branch is None:
        report.add(
            "git",
            "problem",
            "HEAD is detached and origin's default branch is unknown; pass --branch NAME, the "
            "branch releases are made from",
            code="no-branch",
        )
        return
    try:
        tip = git.resolve_branch(root, branch)
    except UsageError as exc:
        report.add("git", "problem", str(exc), code="no-branch", details={"branch": branch})
        return
    head = git.head_commit(root) or ""
    checkup.branch, checkup.tip, checkup.head = branch, tip, head
    note = "" if head == tip else f"; HEAD is at {head[:7]}, not at the branch's tip"
    report.add(
        "git",
        "ok",
        f"checking branch {branch!r} at {tip[:7]} ({how}){note}",
        code="branch",
        details={"branch": branch, "commit": tip, "how": how, "head": head},
    )


def _target_branch(root: Path, explicit: str | None) -> tuple[str | None, str]:
    """The branch the release commands target (:func:`releasegate.forge.target.target_branch`).

    Returns it with how it was found, for the report; None when nothing names one.
    """
    try:
        branch = target_branch(root, explicit, token=token_from_env())
    except UsageError:
        return None, ""
    if explicit:
        return branch, "--branch"
    current = git.run(root, "symbolic-ref", "--quiet", "--short", "HEAD", check=False)
    if current.returncode == 0 and current.stdout.strip() == branch:
        return branch, "the current branch"
    if os.environ.get("GITHUB_REF_NAME", "").strip() == branch:
        return branch, "$GITHUB_REF_NAME; HEAD is detached"
    return branch, "origin's default branch; HEAD is detached, pass --branch for another"


# -- config and manifest ----------------------------------------------------------------------
def check_release_files(checkup: Checkup, report: Report) -> None:
    """The config, manifest and ``[tool.releasegate]`` as the release commands read them.

    They are read from the branch's committed tree; only when the branch has no config or
    manifest are the work tree's copies read (and their being uncommitted is a problem).
    """
    if checkup.branch is None or checkup.tip is None:
        return
    root, branch = checkup.root, checkup.branch
    tree = checkup.tree = git.Tree(root, checkup.tip)
    names = _committed_names(tree)
    if names is None and any(WorkTreeSource(root).read(n) is not None for n in _names()):
        checkup.from_work_tree = True
        report.add(
            "config",
            "problem",
            f"the release files are in the work tree but not committed on branch {branch!r}; "
            "release-pr and github-release read the branch: commit them",
            code="not-committed",
            details={"branch": branch},
        )
    source = WorkTreeSource(root) if checkup.from_work_tree else tree
    try:
        settings = _settings(checkup, report)
        files = read_release_files(
            source,
            branch=branch,
            config_file=None,
            manifest_file=MANIFEST_FILE_NAME,
            scheme=settings.version_scheme,
            work_tree=root if checkup.on_branch_checkout else None,
            at="the work tree" if checkup.from_work_tree else None,
        )
        # the strategies read the committed tree: none to build from an uncommitted copy
        strategies = {} if checkup.from_work_tree else _strategies(tree, branch, files, settings)
    except ReleasegateError as exc:
        _invalid(checkup, report, exc)
        return
    checkup.files, checkup.settings, checkup.strategies = files, settings, strategies
    where = _where(checkup)
    config_name = next(n for n in _names() if source.read(n) is not None)
    count = len(files.config.packages)
    report.add("config", "ok", f"{config_name} ({checkup.source}): valid, {count} package(s)",
               code="valid", details={**where, "file": config_name, "packages": count})  # fmt: skip
    report.add("manifest", "ok", f"{MANIFEST_FILE_NAME} ({checkup.source}): valid",
               code="valid", details={**where, "file": MANIFEST_FILE_NAME})  # fmt: skip
    for warning in files.warnings:
        differs = "the work tree differs" in warning
        report.add("config", "warning", warning,
                   code="work-tree-differs" if differs else "config-warning")  # fmt: skip


def _strategies(
    tree: git.Tree, branch: str, files: ReleaseFiles, settings: Settings
) -> dict[str, Strategy]:
    """Each package's strategy, as the planner builds it (UsageError for a bad option)."""
    context = StrategyContext(
        tree, branch, Repository("owner", "repo"), datetime.now(timezone.utc), lambda: "", settings
    )
    return {p.path: build_strategy(p.path, p.config, context) for p in files.config.packages}


def _where(checkup: Checkup) -> dict[str, Any]:
    """The facts of which copy was read: ``{"source", "branch", "commit"}``."""
    if checkup.from_work_tree:
        return {"source": "work tree", "branch": checkup.branch, "commit": None}
    return {"source": "branch", "branch": checkup.branch, "commit": checkup.tip}


def _invalid(checkup: Checkup, report: Report, exc: ReleasegateError) -> None:
    """One problem for the copy that was read, saying when the work tree's copy differs."""
    name = (exc.where if isinstance(exc, ConfigError) else "").partition(":")[0]
    differs = False
    if name and checkup.tree is not None and checkup.on_branch_checkout:
        local = WorkTreeSource(checkup.root).read(name)
        differs = local is not None and local != checkup.tree.read(name)
    hint = f"; your work tree's {name} differs: commit it" if differs else ""
    report.add(
        _file_check(exc),
        "problem",
        f"{exc} (read from {checkup.source}{hint})",
        code="invalid",
        details={**_where(checkup), "file": name or None, "work_tree_differs": differs},
    )


def _names() -> tuple[str, ...]:
    from releasegate.engine.config import CONFIG_FILE_NAMES  # noqa: PLC0415 - one use

    return (*CONFIG_FILE_NAMES, MANIFEST_FILE_NAME)


def _committed_names(tree: git.Tree) -> tuple[str, ...] | None:
    """The release files the branch has, None when it has neither a config nor the manifest."""
    present = tuple(n for n in _names() if tree.read(n) is not None)
    return present or None


def _settings(checkup: Checkup, report: Report) -> Settings:
    """``[tool.releasegate]`` from the same copy as the release files; ConfigError when bad."""
    if checkup.from_work_tree:
        text = WorkTreeSource(checkup.root).read(PYPROJECT)
        return Settings() if text is None else parse_settings(text)
    assert checkup.tree is not None  # noqa: S101 - set by check_release_files
    settings = load_settings(checkup.tree)
    local = WorkTreeSource(checkup.root).read(PYPROJECT) if checkup.on_branch_checkout else None
    if local is not None and local != checkup.tree.read(PYPROJECT):
        try:
            differs = parse_settings(local) != settings
        except ReleasegateError:
            differs = True
        if differs:
            report.add(
                "config",
                "warning",
                f"{PYPROJECT}: [tool.releasegate] in the work tree differs from branch "
                f"{checkup.branch!r}; the committed one is used, as the release commands do: "
                "commit your changes",
                code="work-tree-differs",
                details={"file": PYPROJECT},
            )
    return settings


def _file_check(exc: ReleasegateError) -> str:
    """Name the check after the file an error is about: the manifest, else the config."""
    where = exc.where if isinstance(exc, ConfigError) else str(exc)
    return "manifest" if where.startswith(MANIFEST_FILE_NAME) else "config"


def check_packages(checkup: Checkup, report: Report) -> None:
    """Each package's directory exists on the branch and has a manifest entry."""
    files = checkup.files
    if files is None:
        return
    for package in files.config.packages:
        where = f"packages[{package.path!r}]"
        exists = checkup.tree is not None and any(
            e.path == package.path and e.type == "tree" for e in checkup.tree.entries
        )
        if checkup.from_work_tree:
            exists = (checkup.root / package.path).is_dir()
        if package.path != "." and not exists:
            report.add(
                "packages",
                "problem",
                f"{where}: no such directory on {checkup.source}; fix the path in the config",
                code="no-such-directory",
                details={"path": package.path},
            )
        if package.path not in files.versions:
            report.add(
                "packages",
                "warning",
                f"{where}: not in {MANIFEST_FILE_NAME}, so its first release is computed from "
                "the whole history; add its current version there",
                code="not-in-manifest",
                details={"path": package.path},
            )


def check_options(checkup: Checkup, report: Report) -> None:
    """Options that do not do what their name suggests."""
    if checkup.files is None:
        return
    config = checkup.files.config
    found = False
    if len(config.packages) == 1 and not config.separate_pull_requests:
        found = True
        report.add(
            "options",
            "warning",
            '"separate-pull-requests": false with one package titles the PR "chore: release '
            f'{checkup.branch}" whatever pull-request-title-pattern says and wraps the notes in '
            '<details>; remove "separate-pull-requests"',
            code="separate-pull-requests",
        )
    for package in config.packages:
        options = package.config
        where = f"packages[{package.path!r}]"
        if options.release_as:
            found = True
            report.add(
                "options",
                "warning",
                f"{where}: release-as {options.release_as!r} forces that version on every "
                "release; remove it once released",
                code="release-as",
                details={"path": package.path, "version": options.release_as},
            )
        if options.skip_github_release:
            found = True
            report.add(
                "options",
                "warning",
                f"{where}: skip-github-release: no tag or GitHub release is made, so nothing "
                "publishes; remove it unless another tool tags",
                code="skip-github-release",
                details={"path": package.path},
            )
    if not found:
        report.add("options", "ok", "no option that works against its name", code="options")


#: The checks, in the order they run. A new check is one function ``(Checkup, Report) -> None``
#: added here; it reads what earlier checks put in the :class:`Checkup`.
CHECKS: tuple[Check, ...] = (
    check_clone,
    check_branch,
    check_release_files,
    check_packages,
    check_options,
    check_tags,
    check_plan,
    check_pending_pull_requests,
    check_version_files,
    check_workspace_pins,
    check_workflows,
    check_pr_gate,
    check_release_pr_checks,
    check_zizmor,
    check_build,
    check_index,
)
