"""The release-specific checks ``doctor`` runs over ``.github/workflows``.

actionlint and zizmor check workflows in general; these check what a release depends on, from
what the steps actually run (see :mod:`releasegate.adopt.workflows`):

- how each upload authenticates: an API token needs nothing more; trusted publishing needs
  ``id-token: write`` on the job (PyPI accepts any environment name, or none);
- a reusable workflow a job calls exists and declares ``on: workflow_call``;
- one release tool per branch: two workflows (or two tools) releasing on the same push would
  release the same version twice;
- a publishing workflow that waits for an event GitHub never sends: a ``release:`` (or tag
  push) trigger while releases are created with ``GITHUB_TOKEN``;
- ``draft-until-published`` and a workflow running ``publish-release`` go together;
- hygiene that keeps CI reproducible and safe: one-line ``run:`` steps, actions pinned to a
  commit SHA, ``persist-credentials: false`` (warnings: they never stop a release).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from releasegate.adopt.workflows import grants_id_token, job_id_token, release_tools, uploads

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from releasegate.adopt.workflows import Job, Step, Upload, Workflow, WorkflowSet

__all__ = ["WorkflowFinding", "check_transaction", "lint_workflows", "runs_locked"]

_PINNED = re.compile(r"@[0-9a-f]{40}$")
_PUBLISH_RELEASE = re.compile(r"\bpublish[-_]release\b")
_GITHUB_TOKEN = re.compile(r"secrets\.GITHUB_TOKEN|github\.token", re.IGNORECASE)

Level = Literal["ok", "warning", "problem"]


@dataclass(frozen=True, slots=True)
class WorkflowFinding:
    """One finding: its level, a stable code, a one-line ``<file>: <what>; <fix>`` and facts."""

    level: Level
    code: str
    message: str
    details: Mapping[str, Any] = field(default_factory=dict)


def lint_workflows(workflows: WorkflowSet, *, branch: str | None) -> list[WorkflowFinding]:
    """Check every workflow; ``branch`` is the release branch (None: not known)."""
    findings = [
        WorkflowFinding(
            "problem",
            "invalid-yaml",
            f"{path}: not valid YAML at {where}; fix it",
            {"workflow": path},
        )
        for path, where in workflows.unreadable
    ]
    findings += _uploads(workflows)
    findings += _reusable_calls(workflows)
    findings += _release_event(workflows)
    if branch is not None:
        findings += _competing_releases(workflows, branch)
    for workflow in workflows.workflows:
        findings += _hygiene(workflow)
    return findings


def runs_locked(workflows: WorkflowSet) -> bool:
    """Whether a step runs ``uv`` with ``--locked`` (which needs a committed ``uv.lock``)."""
    return any("--locked" in s.runs for w in workflows.workflows for j in w.jobs for s in j.steps)


def check_transaction(
    workflows: WorkflowSet, *, draft_until_published: bool
) -> list[WorkflowFinding]:
    """``draft-until-published`` and a workflow step running ``publish-release`` go together."""
    runs = [
        (w, j)
        for w in workflows.workflows
        for j in w.jobs
        if any(_PUBLISH_RELEASE.search(s.runs) for s in j.steps)
    ]
    if draft_until_published and not runs:
        return [
            WorkflowFinding(
                "problem",
                "draft-without-publish-release",
                "draft-until-published is on but no workflow runs 'releasegate "
                "publish-release': the GitHub releases stay drafts; run it in the publish job "
                "(releasegate init --force writes it)",
            )
        ]
    if runs and not draft_until_published:
        workflow, job = runs[0]
        return [
            WorkflowFinding(
                "problem",
                "publish-release-without-draft",
                f"{workflow.path}: job {job.id} runs 'releasegate publish-release' but "
                "draft-until-published is off in [tool.releasegate]; set it to true",
                {"workflow": workflow.path, "job": job.id},
            )
        ]
    return []


# -- uploads ---------------------------------------------------------------------------------
def _uploads(workflows: WorkflowSet) -> list[WorkflowFinding]:
    found = list(uploads(workflows))
    findings = [_upload_finding(upload, workflows) for upload in found]
    findings += [
        WorkflowFinding(
            "warning",
            "id-token-for-every-job",
            f"{workflow.path}: id-token: write granted to every job; grant it on the "
            "publishing job only (permissions: {} at the top, per-job permissions below)",
            {"workflow": workflow.path},
        )
        for workflow in workflows.workflows
        if grants_id_token(workflow.permissions)
    ]
    if not found and workflows.workflows:
        findings.append(
            WorkflowFinding(
                "warning",
                "no-upload",
                "no workflow step uploads to a package index (pypa/gh-action-pypi-publish, "
                "twine upload, uv publish, releasegate publish-release, …): releases reach PyPI "
                "only when someone uploads them by hand",
            )
        )
    return findings


def _upload_finding(upload: Upload, workflows: WorkflowSet) -> WorkflowFinding:
    workflow, job = upload.workflow, upload.job
    here = f"{workflow.path}: job {job.id}"
    details = {
        "workflow": workflow.path,
        "job": job.id,
        "tool": upload.tool,
        "credential": upload.credential,
        "environment": job.environment,
        "token": upload.token_source,
    }
    if upload.credential == "token":
        source = f" ({upload.token_source})" if upload.token_source else ""
        return WorkflowFinding(
            "ok",
            "upload-token",
            f"{here} uploads with {upload.tool} and an API token{source}; no id-token or "
            "environment is needed for it",
            details,
        )
    id_token = upload.id_token or _granted_by_callers(workflow, job, workflows)
    if upload.credential == "trusted" and id_token:
        environment = f"environment {job.environment!r}" if job.environment else "no environment"
        return WorkflowFinding(
            "ok",
            "upload-trusted",
            f"{here} uploads with {upload.tool} by trusted publishing; the trusted publisher on "
            f"PyPI must name workflow {workflow.name!r} and {environment}",
            details,
        )
    if upload.credential == "trusted":
        return WorkflowFinding(
            "problem",
            "trusted-publishing-without-id-token",
            f"{here} uploads with {upload.tool} without a token, so by trusted publishing, but "
            "the job cannot request an OIDC token and PyPI refuses the upload; add "
            "permissions: id-token: write to that job (or pass an API token)",
            details,
        )
    return WorkflowFinding(
        "warning",
        "no-visible-credential",
        f"{here} uploads with {upload.tool}, which cannot do trusted publishing, and no token "
        "is passed to it in the workflow; make sure the step gets one (a secret in its env:)",
        details,
    )


def _granted_by_callers(workflow: Workflow, job: Job, workflows: WorkflowSet) -> bool:
    """A job of a reusable workflow without permissions of its own gets its caller's."""
    if "workflow_call" not in workflow.triggers or job.permissions is not None:
        return False
    if workflow.permissions is not None:
        return False
    return any(
        caller.uses and workflows.get(caller.uses) is workflow and job_id_token(other, caller)
        for other in workflows.workflows
        for caller in other.jobs
    )


# -- how the workflows fit together ----------------------------------------------------------
def _reusable_calls(workflows: WorkflowSet) -> list[WorkflowFinding]:
    findings = []
    for workflow in workflows.workflows:
        for job in workflow.jobs:
            if not job.uses or not job.uses.startswith("./"):
                continue
            called = workflows.get(job.uses)
            details = {"workflow": workflow.path, "job": job.id, "calls": job.uses}
            if called is None:
                findings.append(
                    WorkflowFinding(
                        "problem",
                        "missing-reusable-workflow",
                        f"{workflow.path}: job {job.id} calls {job.uses}, which does not exist "
                        "(or is not valid YAML); GitHub rejects the workflow: add it or remove "
                        "the job",
                        details,
                    )
                )
            elif "workflow_call" not in called.triggers:
                findings.append(
                    WorkflowFinding(
                        "problem",
                        "not-reusable",
                        f"{workflow.path}: job {job.id} calls {called.path}, which has no "
                        "'on: workflow_call' (actionlint: \"workflow_call\" event trigger is "
                        f"not found), so GitHub rejects {workflow.name}; add workflow_call: "
                        f"to the on: of {called.name}",
                        details,
                    )
                )
    return findings


def _competing_releases(workflows: WorkflowSet, branch: str) -> list[WorkflowFinding]:
    """Two release tools (or two workflows) releasing on the same push release twice."""
    releasing = [
        (workflow, tool)
        for workflow in workflows.workflows
        if workflow.runs_on_push_to(branch)
        for tool in sorted(release_tools(workflow, workflows))
    ]
    if len(releasing) < 2:  # noqa: PLR2004 - one tool in one workflow is the setup
        return []
    named = " and ".join(f"{w.path} ({tool})" for w, tool in releasing)
    return [
        WorkflowFinding(
            "problem",
            "two-release-tools",
            f"{named} all release on every push to {branch!r}: each would tag and release "
            "the same version; keep one (delete the other workflow, or remove its push trigger)",
            {"workflows": [w.path for w, _ in releasing], "tools": [t for _, t in releasing]},
        )
    ]


def _release_event(workflows: WorkflowSet) -> list[WorkflowFinding]:
    """Publishing on a release (or tag push) that GITHUB_TOKEN makes: no workflow starts."""
    creators = [w for w in workflows.workflows if _creates_with_github_token(w)]
    if not creators:
        return []
    findings = []
    found = list(uploads(workflows))
    # the creator publishes itself (init's Release workflow): the waiting one is only idle
    publisher = next((u.workflow for u in found if u.workflow in creators), None)
    for upload in found:
        workflow = upload.workflow
        waits = "release" in workflow.triggers or workflow.runs_on_tag_push
        if not waits or workflow in creators:
            continue
        details = {"workflow": workflow.path, "creator": creators[0].path}
        if publisher is not None:
            message = (
                f"{workflow.path}: publishing waits for a release (or a tag push) that "
                f"{publisher.path} makes with GITHUB_TOKEN, so it never runs for those "
                f"releases; {publisher.path} publishes them itself: remove {workflow.path}, "
                "or keep it for publishing by hand"
            )
            findings.append(WorkflowFinding("warning", "release-event-idle", message, details))
        else:
            message = (
                f"{workflow.path}: publishing waits for a release (or a tag push), but "
                f"{creators[0].path} creates releases with GITHUB_TOKEN, which starts no "
                "workflow; publish in the workflow that creates the release (releasegate init "
                "writes one), or create releases with a GitHub App or personal token"
            )
            findings.append(
                WorkflowFinding("problem", "release-event-never-sent", message, details)
            )
        break  # one per repository: the cure is the same
    return findings


def _creates_with_github_token(workflow: Workflow) -> bool:
    """Whether the workflow creates releases (release-please, github-release) as GITHUB_TOKEN."""
    for job in workflow.jobs:
        for step in job.steps:
            if any("release-please-action@" in u for u in step.uses_all):
                token = str(step.with_.get("token") or "")
                if not token or _GITHUB_TOKEN.search(token):
                    return True
            if re.search(r"\bgithub-release\b", step.runs):
                env = {**workflow.env, **job.env, **step.env}
                token = str(env.get("GITHUB_TOKEN") or env.get("GH_TOKEN") or "")
                if _GITHUB_TOKEN.search(token):
                    return True
    return False


# -- hygiene ---------------------------------------------------------------------------------
def _hygiene(workflow: Workflow) -> list[WorkflowFinding]:
    """One warning per kind and file, naming the steps: these never stop a release."""
    multi, unpinned, persisting = [], [], []
    for job in workflow.jobs:
        for step in job.steps:
            where = f"job {job.id} step {step.number}"
            if step.run is not None and "\n" in step.run.strip():
                multi.append(where)
            uses = step.uses
            if uses and not uses.startswith(("./", "$/", "docker://")):
                if not _PINNED.search(uses):
                    unpinned.append(f"{where} ({uses})")
                if _keeps_credentials(step):
                    persisting.append(where)
    findings = []
    kinds = (
        (multi, "multi-line-run", "run several lines",
         "make each one command (a nox session or an invoke task) so CI runs what a laptop runs"),
        (unpinned, "unpinned-action", "use an action not pinned to a commit",
         "pin each to a full commit SHA with a version comment (owner/action@<sha> # vX.Y.Z)"),
        (persisting, "persist-credentials", "check out keeping the token in .git/config",
         "add with: persist-credentials: false"),
    )  # fmt: skip
    for steps, code, what, fix in kinds:
        if steps:
            findings.append(
                WorkflowFinding(
                    "warning",
                    code,
                    f"{workflow.path}: {len(steps)} step(s) {what} ({_listed(steps)}); {fix}",
                    {"workflow": workflow.path, "steps": steps},
                )
            )
    return findings


def _keeps_credentials(step: Step) -> bool:
    uses = step.uses or ""
    return uses.startswith("actions/checkout@") and step.with_.get("persist-credentials") not in {
        False,
        "false",
    }


def _listed(items: Iterable[str]) -> str:
    items = list(items)
    shown = ", ".join(items[:3])
    return shown + (f" and {len(items) - 3} more" if len(items) > 3 else "")  # noqa: PLR2004
