"""``doctor``'s checks of the workflows GitHub would run for the release branch.

The workflows are read from the branch's committed tree, like the config and manifest (from
the work tree only when the release files are not committed yet): a work-tree edit not
committed is reported as such, never checked as if GitHub ran it. The checks themselves are
in :mod:`releasegate.adopt.workflow_lint`; zizmor runs over the same files.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from releasegate import _proc
from releasegate.adopt.workflow_lint import check_transaction, lint_workflows, runs_locked
from releasegate.adopt.workflows import (
    WORKFLOWS_DIR,
    TreeSource,
    WorkTreeSource,
    load_workflows,
    workflow_files,
)

if TYPE_CHECKING:
    from releasegate.adopt._doctor_checkup import Checkup, Report
    from releasegate.adopt.workflows import WorkflowSource

__all__ = ["check_pr_gate", "check_release_pr_checks", "check_workflows", "check_zizmor"]

#: zizmor's configuration files, copied beside the workflows it audits
_ZIZMOR_CONFIGS = ("zizmor.yml", "zizmor.yaml", ".github/zizmor.yml", ".github/zizmor.yaml")


def _source(checkup: Checkup) -> tuple[WorkflowSource, str]:
    """The copy of the workflows to check, and its name for messages."""
    if checkup.from_work_tree or checkup.tree is None:
        return WorkTreeSource(checkup.root), "the work tree"
    return TreeSource(checkup.tree), checkup.source


def _uncommitted(checkup: Checkup, source: WorkflowSource) -> list[str]:
    """The workflow files whose work-tree copy differs from ``source`` (the branch's)."""
    if not isinstance(source, TreeSource) or not checkup.on_branch_checkout:
        return []
    local = WorkTreeSource(checkup.root)
    paths = sorted(set(workflow_files(local)) | set(workflow_files(source)))
    return [p for p in paths if local.read(p) != source.read(p)]


def check_workflows(checkup: Checkup, report: Report) -> None:
    """What the workflows run: uploads, reusable calls, release tools, the lock they need."""
    source, where = _source(checkup)
    if not workflow_files(source):
        local = workflow_files(WorkTreeSource(checkup.root))
        hint = "commit them" if local else "run 'releasegate init'"
        report.add("workflows", "warning", f"no {WORKFLOWS_DIR} on {where}; {hint}",
                   code="no-workflows")  # fmt: skip
        return
    changed = _uncommitted(checkup, source)
    if changed:
        report.add(
            "workflows",
            "warning",
            f"{', '.join(changed)}: the work tree differs from {where}; the committed copy is "
            "checked, as GitHub runs it: commit your changes",
            code="work-tree-differs",
            details={"files": changed},
        )
    workflows = checkup.workflows = load_workflows(source)
    findings = lint_workflows(workflows, branch=checkup.branch)
    if checkup.settings is not None:
        findings += check_transaction(
            workflows, draft_until_published=checkup.settings.draft_until_published
        )
    if runs_locked(workflows) and source.read("uv.lock") is None:
        report.add(
            "workflows",
            "problem",
            f"the workflows run 'uv run --locked' but there is no uv.lock on {where}; run "
            "'uv lock' and commit uv.lock",
            code="no-lock",
        )
    for finding in findings:
        report.add("workflows", finding.level, finding.message, code=finding.code,
                   details=finding.details)  # fmt: skip
    if not any(f.level in {"warning", "problem"} for f in findings):
        report.add("workflows", "ok", f"nothing in the workflows on {where} stops a release",
                   code="workflows")  # fmt: skip


def check_pr_gate(checkup: Checkup, report: Report) -> None:
    """Non-conventional commits since the last release, and no workflow runs check-pr.

    The commits are the plan's (what release-pr leaves out of the changelog); the job is a
    workflow step running ``releasegate check-pr``, which stops them at the pull request.
    """
    workflows, plan = checkup.workflows, checkup.plan
    if workflows is None or plan is None:
        return
    steps = (s for w in workflows.workflows for j in w.jobs for s in j.steps)
    if any(re.search(r"\bcheck[-_]pr\b", s.runs) for s in steps):
        return
    unparsed = {c.sha: c for p in plan.packages for c in p.unparsed}
    if not unparsed:
        return
    first = next(iter(unparsed.values()))
    report.add(
        "workflows",
        "warning",
        f"{len(unparsed)} commit(s) since the last release do not parse as conventional "
        f"(e.g. {first.sha[:7]} {first.subject[:40]!r}) and no workflow runs "
        "'releasegate check-pr', which stops them at the pull request; add the pr job to "
        ".github/workflows/ci.yml ('releasegate init --force' writes it)",
        code="no-pr-gate",
        details={"commits": list(unparsed)},
    )


def check_release_pr_checks(checkup: Checkup, report: Report) -> None:
    """Warn when the release PR gets no checks: its workflow step has only GITHUB_TOKEN.

    GitHub starts no workflow for a PR opened or updated with a workflow's own GITHUB_TOKEN,
    so required checks never report and branch protection keeps the PR unmergeable.
    """
    if checkup.workflows is None:
        return
    own_token = re.compile(r"\$\{\{\s*(secrets\.GITHUB_TOKEN|github\.token)\s*\}\}")
    for workflow in checkup.workflows.workflows:
        for job in workflow.jobs:
            for step in job.steps:
                if not step.run or not re.search(r"\brelease[-_]pr\b", step.run):
                    continue
                env = {**workflow.env, **job.env, **step.env}
                token = str(env.get("GITHUB_TOKEN") or env.get("GH_TOKEN") or "").strip()
                facts = {"workflow": workflow.path, "job": job.id, "token": token or None}
                if own_token.fullmatch(token):
                    report.add(
                        "release PR checks",
                        "warning",
                        f"{workflow.name}: release-pr runs with the workflow's GITHUB_TOKEN, so "
                        "the release PR gets no checks (GitHub starts no workflow for it) and "
                        "required checks block its merge; give the step a GitHub App token "
                        "(actions/create-github-app-token) or a personal token (releasegate "
                        "init writes the switch; see the README)",
                        code="release-pr-own-token",
                        details=facts,
                    )
                elif token:
                    report.add(
                        "release PR checks",
                        "ok",
                        f"{workflow.name}: release-pr can run with a token other than the "
                        "workflow's own, so the release PR's checks run (when that token is "
                        "configured)",
                        code="release-pr-other-token",
                        details=facts,
                    )


def check_zizmor(checkup: Checkup, report: Report) -> None:
    """Run zizmor's offline audits: security findings, as warnings (none stops a release)."""
    source, _ = _source(checkup)
    if not workflow_files(source):
        return
    zizmor = _proc.which("zizmor")
    if zizmor is None:
        report.add("zizmor", "skipped", "zizmor not installed; 'uv tool install zizmor' adds it",
                   code="not-installed")  # fmt: skip
        return
    with tempfile.TemporaryDirectory(prefix="releasegate-zizmor-") as tmp:
        directory = _materialize(checkup, source, Path(tmp))
        result = _proc.run([zizmor, "--offline", "--quiet", str(directory)], check=False)
    if result.returncode == 0:
        report.add("zizmor", "ok", "zizmor --offline: no findings", code="clean")
        return
    lines = [ln for ln in (result.stdout + result.stderr).splitlines() if ln.strip()]
    summary = lines[-1].strip() if lines else f"exit {result.returncode}"
    report.add("zizmor", "warning", f"zizmor --offline: {summary}; run it to see each",
               code="findings", details={"exit": result.returncode})  # fmt: skip


def _materialize(checkup: Checkup, source: WorkflowSource, tmp: Path) -> Path:
    """The workflows directory zizmor audits: the work tree's when it holds ``source``'s files.

    Otherwise the committed files are written below ``tmp`` with zizmor's configuration.
    """
    here = not isinstance(source, TreeSource) or (
        checkup.on_branch_checkout and not _uncommitted(checkup, source)
    )
    if here:
        return checkup.root / WORKFLOWS_DIR
    for path in (*workflow_files(source), *_ZIZMOR_CONFIGS):
        text = source.read(path)
        if text is not None:
            target = tmp / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    return tmp / WORKFLOWS_DIR
