"""``doctor``'s checks: everything a release depends on, each reported as one finding.

Like packaging's ``_ErrorCollector``, a check never stops the others: each adds findings
(``ok``, ``warning``, ``problem`` or ``skipped``) and :func:`run_checkup` returns them all.
A ``problem`` would stop a release; a ``warning`` would not, but probably does not do what
the maintainer means. Checks only read (``--build`` builds into a temporary directory).
"""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Literal

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion
from packaging.version import Version as Pep440

from releasegate import _proc, chain, git
from releasegate.commits import parse_conventional_commits
from releasegate.config import CONFIG_FILE_NAMES, ManifestConfig, parse_config
from releasegate.errors import ReleasegateError, UsageError
from releasegate.manifest import MANIFEST_FILE_NAME, parse_manifest
from releasegate.plan import PackagePlan, plan_release
from releasegate.project import detect_project
from releasegate.repository import Repository
from releasegate.settings import PYPROJECT, load_settings, parse_settings
from releasegate.strategies import Strategy, StrategyContext, build_strategy
from releasegate.tag_name import TagName
from releasegate.target import origin_on_github, target_branch
from releasegate.version import Version
from releasegate.workflow_lint import WorkflowFinding, lint_workflows

if TYPE_CHECKING:
    from pathlib import Path

    from releasegate.commits import Commit

__all__ = ["DEFAULT_INDEX", "Finding", "Report", "run_checkup"]

DEFAULT_INDEX = "https://pypi.org/simple/"
Level = Literal["ok", "warning", "problem", "skipped"]
_BUMPS = ("feat", "fix", "deps", "revert", "perf", "docs")


@dataclass(frozen=True, slots=True)
class Finding:
    """One line of the report: which check, how bad, and what to do (``<what>; <fix>``)."""

    check: str
    level: Level
    message: str


@dataclass(slots=True)
class Report:
    """The findings of one checkup, in the order the checks ran."""

    findings: list[Finding] = field(default_factory=list)

    def add(self, check: str, level: Level, message: str) -> None:
        """Record one finding."""
        self.findings.append(Finding(check, level, message))

    @property
    def blocked(self) -> bool:
        """Whether anything would stop a release."""
        return any(f.level == "problem" for f in self.findings)


@dataclass(frozen=True, slots=True)
class _Inputs:
    root: Path
    branch: str
    head: str
    config: ManifestConfig
    versions: dict[str, str]
    strategies: dict[str, Strategy]


def run_checkup(
    root: Path, *, branch: str | None = None, build: bool = False, index_url: str | None = None
) -> Report:
    """Run every check on the repository at ``root``; raise UsageError if it is not git."""
    root = root.resolve()
    git.ensure_repository(root)
    report = Report()
    _check_clone(root, report)
    branch = branch or _branch(root)
    head = git.head_commit(root)
    if head is None:
        report.add("git", "problem", "the repository has no commits; commit the project first")
        return report
    inputs = _load(root, branch, head, report)
    if inputs is not None:
        _check_options(inputs, report)
        tags = _check_tags(inputs, report)
        pending = _check_commits(inputs, tags, report)
        _check_pr_gate(inputs, tags, report)
        _check_version_files(inputs, report)
        _check_workspace_pins(inputs, report)
    else:
        pending = {}
    _check_workflows(root, report)
    _check_release_pr_checks(root, report)
    if build:
        _check_build(root, report)
    if index_url is not None:
        _check_index(root, index_url, pending, report)
    return report


# -- git --------------------------------------------------------------------------------------
def _check_clone(root: Path, report: Report) -> None:
    shallow = git.run(root, "rev-parse", "--is-shallow-repository")
    if shallow.stdout.strip() == "true":
        report.add(
            "git",
            "problem",
            "shallow clone: tags and commits before the cut are invisible; run "
            "'git fetch --unshallow --tags' (in CI: actions/checkout with fetch-depth: 0)",
        )
    else:
        report.add("git", "ok", "full clone")


def _branch(root: Path) -> str:
    try:
        return target_branch(root)
    except UsageError:
        return "main"


# -- config and manifest ----------------------------------------------------------------------
def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path.name}: cannot read it ({exc.strerror}); check the file") from None


def _config_path(root: Path) -> Path:
    """The config release-please would read: its default name first, then the dotted one."""
    for name in CONFIG_FILE_NAMES:
        if (root / name).is_file():
            return root / name
    raise UsageError(
        f"no {' or '.join(CONFIG_FILE_NAMES)} in {root}; create one (releasegate init writes it)"
    )


def _load(root: Path, branch: str, head: str, report: Report) -> _Inputs | None:
    config: ManifestConfig | None = None
    try:
        path = _config_path(root)
        config, warnings = parse_config(_read(path), path.name)
    except ReleasegateError as exc:
        report.add("config", "problem", str(exc))
    else:
        for warning in warnings:
            report.add("config", "warning", warning)
        count = len(config.packages)
        report.add("config", "ok", f"{path.name}: valid, {count} package(s)")
    versions: dict[str, str] | None = None
    try:
        manifest = root / MANIFEST_FILE_NAME
        if not manifest.is_file():
            raise UsageError(
                f"{MANIFEST_FILE_NAME}: not found; create it with the current version, "
                'e.g. {".": "1.0.0"} (releasegate init writes it)'
            )
        versions = parse_manifest(_read(manifest), MANIFEST_FILE_NAME)
    except ReleasegateError as exc:
        report.add("manifest", "problem", str(exc))
    else:
        report.add("manifest", "ok", f"{MANIFEST_FILE_NAME}: valid")
    if config is None or versions is None:
        return None
    for package in config.packages:
        if package.path != "." and not (root / package.path).is_dir():
            report.add(
                "packages",
                "problem",
                f"packages[{package.path!r}]: no such directory; fix the path in the config",
            )
        if package.path not in versions:
            report.add(
                "packages",
                "warning",
                f"packages[{package.path!r}]: not in {MANIFEST_FILE_NAME}, so its first release "
                "is computed from the whole history; add its current version there",
            )
    tree = git.Tree(root, head)
    try:
        context = StrategyContext(
            tree,
            branch,
            Repository("owner", "repo"),
            datetime.now(timezone.utc),
            lambda: "",
            load_settings(tree),
        )
        strategies = {p.path: build_strategy(p.path, p.config, context) for p in config.packages}
    except UsageError as exc:
        report.add("config", "problem", str(exc))
        return None
    finally:
        tree.close()
    return _Inputs(root, branch, head, config, versions, strategies)


def _check_options(inputs: _Inputs, report: Report) -> None:
    config = inputs.config
    if len(config.packages) == 1 and not config.separate_pull_requests:
        report.add(
            "options",
            "warning",
            '"separate-pull-requests": false with one package titles the PR "chore: release '
            f'{inputs.branch}" whatever pull-request-title-pattern says and wraps the notes in '
            '<details>; remove "separate-pull-requests"',
        )
    for package in config.packages:
        options = package.config
        where = f"packages[{package.path!r}]"
        if options.release_as:
            report.add(
                "options",
                "warning",
                f"{where}: release-as {options.release_as!r} forces that version on every "
                "release; remove it once released",
            )
        if options.skip_github_release:
            report.add(
                "options",
                "warning",
                f"{where}: skip-github-release: no tag or GitHub release is made, so nothing "
                "publishes; remove it unless another tool tags",
            )
    if not any(f.check == "options" for f in report.findings):
        report.add("options", "ok", "no option that works against its name")


# -- tags -------------------------------------------------------------------------------------
def _expected_tag(strategy: Strategy, version: str) -> str:
    parsed = Version.parse(version)
    return str(TagName(parsed, strategy.get_component(), strategy.tag_separator,
                       strategy.include_v_in_tag))  # fmt: skip


def _check_tags(inputs: _Inputs, report: Report) -> dict[str, git.Tag]:
    """Check each manifest version has its tag on the branch; return path → tag."""
    tags = git.list_tags(inputs.root)
    by_name = {t.name: t for t in tags}
    found: dict[str, git.Tag] = {}
    for path, strategy in inputs.strategies.items():
        version = inputs.versions.get(path)
        if version is None or version == "0.0.0":
            continue
        expected = _expected_tag(strategy, version)
        tag = by_name.get(expected)
        where = f"packages[{path!r}]"
        if tag is None:
            report.add(
                "tags",
                "problem",
                f"{where}: manifest version {version} has no tag {expected!r}, so every commit "
                f"counts as unreleased; tag the release commit: git tag {expected} <sha> && "
                f"git push origin {expected}",
            )
            continue
        on_branch = git.run(
            inputs.root, "merge-base", "--is-ancestor", tag.sha, inputs.head, check=False
        )
        if on_branch.returncode != 0:
            report.add(
                "tags",
                "problem",
                f"{where}: tag {expected!r} is not on branch {inputs.branch!r}; release from "
                f"{inputs.branch!r} or move the tag to the merged release commit",
            )
            continue
        found[path] = tag
        report.add("tags", "ok", f"{where}: {version} is tagged {expected!r} on {inputs.branch}")
    formats = {
        str(TagName(Version(1, 2, 3), s.get_component(), s.tag_separator, s.include_v_in_tag))
        for s in inputs.strategies.values()
    }
    stray = []
    # Every strategy shares one context: the branch's [tool.releasegate] version-scheme.
    scheme = next((s.context.settings.version_scheme for s in inputs.strategies.values()), None)
    for tag in tags:
        parsed = TagName.parse(tag.name, scheme or "semver")
        if parsed is None:
            continue
        rendered = {
            str(TagName(parsed.version, s.get_component(), s.tag_separator, s.include_v_in_tag))
            for s in inputs.strategies.values()
        }
        if tag.name not in rendered:
            stray.append(tag.name)
    if stray:
        shown = ", ".join(repr(t) for t in stray[:3]) + (" …" if len(stray) > 3 else "")  # noqa: PLR2004
        report.add(
            "tags",
            "warning",
            f"{len(stray)} tag(s) look like releases but not like {' or '.join(sorted(formats))}"
            f": {shown}; they are not seen as releases (set include-component-in-tag, "
            "include-v-in-tag or tag-separator to match them)",
        )
    return found


# -- commits ----------------------------------------------------------------------------------
def _check_commits(
    inputs: _Inputs, tags: dict[str, git.Tag], report: Report
) -> dict[str, PackagePlan]:
    """Say what the next release would be, or exactly why there is none."""
    try:
        origin = origin_on_github(inputs.root)
        owner, name = (origin.owner, origin.name) if origin else ("owner", "repo")
        plan = plan_release(
            inputs.root,
            branch=inputs.branch,
            config_file=None,
            manifest_file=MANIFEST_FILE_NAME,
            repository=Repository(owner, name),
            now=datetime.now(timezone.utc),
        )
    except ReleasegateError as exc:
        report.add("commits", "problem", str(exc))
        return {}
    for warning in plan.warnings:
        report.add("commits", "warning", warning)
    pending: dict[str, PackagePlan] = {}
    depth = inputs.config.commit_search_depth
    for summary in plan.packages:
        where = f"packages[{summary.path!r}]"
        tag = tags.get(summary.path)
        commits, reached = _commits_since(inputs, summary.path, tag, depth)
        parsed = {c.sha: parse_conventional_commits([c]) for c in commits}
        unparsed = [c for c in commits if not parsed[c.sha]]
        since = f"since {tag.name}" if tag else "in the history"
        counted = f"{len(commits)} commit(s) {since}, {len(commits) - len(unparsed)} conventional"
        if summary.next_version is not None:
            pending[summary.path] = summary
            bump = _bump(summary.current_version, summary.next_version)
            report.add(
                "commits",
                "ok",
                f"{where}: {counted}; next release {summary.next_version}{bump} "
                f"({summary.reason.split(';')[0]})",
            )
        elif not commits:
            report.add("commits", "ok", f"{where}: no commits {since}; nothing to release")
        elif not parsed or len(unparsed) == len(commits):
            report.add(
                "commits",
                "warning",
                f"{where}: no release PR: none of the {len(commits)} commit(s) {since} is "
                "conventional; land a 'fix: …' or 'feat: …' commit",
            )
        else:
            types = Counter(cc.type for ccs in parsed.values() for cc in ccs)
            listed = ", ".join(f"{n} {t}" for t, n in sorted(types.items()))
            if summary.commits == 0:
                why = "every change is under exclude-paths"
            elif not any(t in _BUMPS for t in types):
                why = f"only hidden types ({listed})"
            else:
                why = summary.reason
            report.add(
                "commits",
                "warning",
                f"{where}: no release PR ({counted}): {why}; a 'fix:' or 'feat:' commit makes one",
            )
        if tag is not None and not reached:
            report.add(
                "commits",
                "warning",
                f"{where}: {tag.name} is more than commit-search-depth ({depth}) commits back, "
                "so older commits are left out of the release; raise commit-search-depth in "
                "the config",
            )
        if unparsed:
            names = "; ".join(f"{c.sha[:7]} {c.message.splitlines()[0][:40]!r}"
                              for c in unparsed[:3])  # fmt: skip
            report.add(
                "commits",
                "warning",
                f"{where}: {len(unparsed)} commit(s) do not parse as conventional and stay out "
                f"of the changelog: {names}; use '<type>: <subject>' from now on",
            )
    return pending


def _check_pr_gate(inputs: _Inputs, tags: dict[str, git.Tag], report: Report) -> None:
    """Non-conventional commits since the last release, and no workflow runs check-pr."""
    workflows = inputs.root / ".github" / "workflows"
    texts = [p.read_text(encoding="utf-8") for p in sorted(workflows.glob("*.y*ml"))]
    if any("check-pr" in text or "check_pr" in text for text in texts):
        return
    unparsed: dict[str, Commit] = {}
    for path in inputs.strategies:
        tag = tags.get(path)
        commits, _ = _commits_since(inputs, path, tag, inputs.config.commit_search_depth)
        unparsed.update({c.sha: c for c in commits if not parse_conventional_commits([c])})
    if unparsed:
        first = next(iter(unparsed.values()))
        report.add(
            "workflows",
            "warning",
            f"{len(unparsed)} commit(s) since the last release do not parse as conventional "
            f"(e.g. {first.sha[:7]} {first.message.splitlines()[0][:40]!r}) and no workflow runs "
            "'releasegate check-pr', which stops them at the pull request; add the pr job to "
            ".github/workflows/ci.yml ('releasegate init --force' writes it)",
        )


def _commits_since(
    inputs: _Inputs, path: str, tag: git.Tag | None, depth: int
) -> tuple[list[Commit], bool]:
    commits: list[Commit] = []
    reached = False
    prefix = "" if path == "." else path.rstrip("/") + "/"
    for commit in git.iter_commits(inputs.root, inputs.head, max_count=depth):
        if tag is not None and commit.sha == tag.sha:
            reached = True
            break
        if not prefix or any(f.startswith(prefix) for f in commit.files or ()):
            commits.append(commit)
    return commits, reached


def _bump(current: str | None, following: str) -> str:
    if current is None:
        return " (first release)"
    try:
        old, new = Version.parse(current), Version.parse(following)
    except ValueError:
        return ""
    if new.major != old.major:
        return " (major)"
    return " (minor)" if new.minor != old.minor else " (patch)"


# -- the project's files ----------------------------------------------------------------------
def _check_version_files(inputs: _Inputs, report: Report) -> None:
    manifest = inputs.versions.get(".")
    if manifest is None:
        return
    try:
        project = detect_project(inputs.root)
    except UsageError:
        return
    if project.dynamic_version or project.version_source in {"tag", "none"}:
        report.add("versions", "ok", "the version comes from git tags; no file to agree with")
        return
    if _same(project.version, manifest):
        report.add("versions", "ok", f"{project.version_source} and the manifest agree: {manifest}")
    else:
        report.add(
            "versions",
            "problem",
            f"{project.version_source} says {project.version}, {MANIFEST_FILE_NAME} says "
            f"{manifest}; set both to the version last released",
        )


def _check_workspace_pins(inputs: _Inputs, report: Report) -> None:
    """The requirements of uv workspace members on each other admit the manifest's versions."""
    from packaging.requirements import Requirement  # noqa: PLC0415 - only workspaces need it

    from releasegate.package_graph import read_package, workspace_members  # noqa: PLC0415

    tree = git.Tree(inputs.root, inputs.head)
    try:
        members = workspace_members(tree)
        packages = [p for m in members or () if (p := read_package(tree, m)) is not None]
        plugin = "uv-workspace" in load_settings(tree).plugins
    except ReleasegateError as exc:
        report.add("workspace", "problem", str(exc))
        return
    finally:
        tree.close()
    released = {p.name: (p, inputs.versions[p.path]) for p in packages if p.path in inputs.versions}
    keeps = "" if plugin else ' (plugins = ["uv-workspace"] in [tool.releasegate] keeps it so)'
    checked = disagree = 0
    for package in packages:
        for requirement in package.requirements:
            if requirement.name not in released or requirement.name == package.name:
                continue
            required, version = released[requirement.name]
            checked += 1
            try:
                admitted = Requirement(requirement.text).specifier.contains(
                    Pep440(version), prereleases=True
                )
            except InvalidVersion:
                continue  # a manifest version PEP 440 cannot read: not this check's business
            if not admitted:
                disagree += 1
                report.add(
                    "workspace",
                    "warning",
                    f"{package.pyproject}: {requirement.text!r} does not admit "
                    f"{required.display_name} {version}, the version in {MANIFEST_FILE_NAME}; "
                    f"write a requirement that admits it{keeps}",
                )
    if checked and not disagree:
        report.add(
            "workspace", "ok", f"{checked} requirement(s) between members admit the manifest"
        )


def _same(left: str, right: str) -> bool:
    try:
        return Pep440(left) == Pep440(right)
    except InvalidVersion:
        return left == right


def _check_transaction(root: Path, workflows: Path) -> list[WorkflowFinding]:
    """draft-until-published and a workflow running publish-release go together."""
    try:
        settings = parse_settings((root / PYPROJECT).read_text(encoding="utf-8"))
    except (OSError, ReleasegateError):
        return []  # no pyproject.toml, or the options check reports it
    texts = [p.read_text(encoding="utf-8") for p in sorted(workflows.glob("*.y*ml"))]
    runs = any("publish-release" in t or "publish_release" in t for t in texts)
    if settings.draft_until_published and not runs:
        return [
            WorkflowFinding(
                "problem",
                "draft-until-published is on but no workflow runs 'releasegate publish-release': "
                "the GitHub releases stay drafts; run it in the publish job "
                "(releasegate init --force writes it)",
            )
        ]
    if runs and not settings.draft_until_published:
        return [
            WorkflowFinding(
                "problem",
                "a workflow runs 'releasegate publish-release' but draft-until-published is off "
                "in [tool.releasegate]; set it to true",
            )
        ]
    return []


def _check_workflows(root: Path, report: Report) -> None:
    workflows = root / ".github" / "workflows"
    if not workflows.is_dir():
        report.add("workflows", "warning", "no .github/workflows; run 'releasegate init'")
        return
    locked = any("--locked" in p.read_text(encoding="utf-8") for p in workflows.glob("*.y*ml"))
    if locked and not (root / "uv.lock").is_file():
        report.add(
            "workflows",
            "problem",
            "the workflows run 'uv run --locked' but there is no uv.lock; run 'uv lock' and "
            "commit uv.lock",
        )
    findings = lint_workflows(workflows)
    findings += _check_transaction(root, workflows)
    for finding in findings:
        report.add("workflows", finding.level, finding.message)
    if not findings:
        report.add("workflows", "ok", "steps one-line, actions pinned, publishing scoped")
    zizmor = _proc.which("zizmor")
    if zizmor is None:
        report.add("zizmor", "skipped", "zizmor not installed; 'uv tool install zizmor' adds it")
        return
    result = _proc.run([zizmor, "--offline", "--quiet", str(workflows)], check=False)
    if result.returncode == 0:
        report.add("zizmor", "ok", "zizmor --offline: no findings")
    else:
        lines = [ln for ln in (result.stdout + result.stderr).splitlines() if ln.strip()]
        summary = lines[-1].strip() if lines else f"exit {result.returncode}"
        report.add("zizmor", "problem", f"zizmor --offline: {summary}; run it to see each")


def _check_release_pr_checks(root: Path, report: Report) -> None:
    """Warn when the release PR gets no checks: its workflow step has only GITHUB_TOKEN.

    GitHub starts no workflow for a PR opened or updated with a workflow's own GITHUB_TOKEN,
    so required checks never report and branch protection keeps the PR unmergeable.
    """
    import re  # noqa: PLC0415 - only this check needs them

    import yaml  # noqa: PLC0415

    own_token = re.compile(r"\$\{\{\s*(secrets\.GITHUB_TOKEN|github\.token)\s*\}\}")
    steps: list[tuple[str, str]] = []  # (workflow file, the token the release-pr step gets)
    for path in sorted((root / ".github" / "workflows").glob("*.y*ml")):
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue  # the workflows check reports unreadable files
        jobs = doc.get("jobs") if isinstance(doc, dict) else None
        for job in (jobs or {}).values() if isinstance(jobs, dict) else ():
            for step in job.get("steps") or [] if isinstance(job, dict) else ():
                run = str(step.get("run", "")) if isinstance(step, dict) else ""
                if not re.search(r"\brelease[-_]pr\b", run):
                    continue
                env: dict[str, object] = {}
                for scope in (doc.get("env"), job.get("env"), step.get("env")):
                    env.update(scope if isinstance(scope, dict) else {})
                token = str(env.get("GITHUB_TOKEN") or env.get("GH_TOKEN") or "").strip()
                steps.append((path.name, token))
    for name, token in steps:
        if own_token.fullmatch(token):
            report.add(
                "release PR checks",
                "warning",
                f"{name}: release-pr runs with the workflow's GITHUB_TOKEN, so the release PR "
                "gets no checks (GitHub starts no workflow for it) and required checks block "
                "its merge; give the step a GitHub App token (actions/create-github-app-token) "
                "or a personal token (releasegate init writes the switch; see the README)",
            )
        elif token:
            report.add(
                "release PR checks",
                "ok",
                f"{name}: release-pr can run with a token other than the workflow's own, so "
                "the release PR's checks run (when that token is configured)",
            )


def _check_build(root: Path, report: Report) -> None:
    with tempfile.TemporaryDirectory(prefix="releasegate-doctor-") as tmp:
        try:
            chain.build(root, dist=tmp, log=False)
            checked = chain.check(root, dist=tmp, log=False)
        except ReleasegateError as exc:
            report.add("build", "problem", str(exc))
            return
    names = ", ".join(f.path.name for f in checked)
    report.add("build", "ok", f"builds and passes twine check --strict: {names}")


def _check_index(
    root: Path, index_url: str, pending: dict[str, PackagePlan], report: Report
) -> None:
    from releasegate._http import RetryPolicy  # noqa: PLC0415 - only with the check
    from releasegate.chain._index import project_files  # noqa: PLC0415 - only with the check

    summary = pending.get(".")
    if summary is None or summary.next_version is None:
        report.add("index", "skipped", "no release pending; nothing to look up")
        return
    try:
        name = detect_project(root).name
    except UsageError:
        report.add("index", "skipped", "not a Python project; no distribution to look up")
        return
    try:
        # one attempt: an offline laptop gets its report at once, the check is skipped
        files = project_files(index_url, name, policy=RetryPolicy(attempts=1))
    except ReleasegateError:
        report.add("index", "skipped", f"{index_url} unreachable (offline?); not checked")
        return
    taken = [
        f.filename
        for f in files
        if (version := _version_of(f.filename, name)) and _same(version, summary.next_version)
    ]
    if taken:
        report.add(
            "index",
            "problem",
            f"{name} {summary.next_version} is already on {index_url} ({taken[0]}); the upload "
            "would be refused: set release-as to a later version",
        )
    else:
        report.add("index", "ok", f"{name} {summary.next_version} is not on {index_url} yet")


def _version_of(filename: str, name: str) -> str | None:
    stem = filename.removesuffix(".tar.gz").removesuffix(".whl")
    parts = stem.split("-")
    if len(parts) < 2 or canonicalize_name(parts[0]) != canonicalize_name(name):  # noqa: PLR2004
        return None
    try:
        return str(Pep440(parts[1]))
    except InvalidVersion:
        return None
