"""How ``init``'s two workflows fit the ones a project has: keep, integrate, replace or refuse.

- A workflow running a release tool (release-please-action, Stainless's release-please,
  python-semantic-release) already releases the project. A second Release
  workflow would release each version twice, so ``init`` stops and names the choice:
  ``--release-workflow replace`` writes releasegate's Release workflow in its place (same
  file name, so a trusted publisher registered for it still matches), ``--release-workflow
  keep`` keeps it and writes no Release workflow. ``--force`` replaces, as it does for every
  workflow.
- A kept ``ci.yml`` is called by the Release workflow: it gains ``on: workflow_call`` (a text
  edit; every other line stays), and the calling job grants the permissions its jobs ask
  for. When its ``on:`` cannot be edited safely, ``init`` stops and names ``--force``.
- ``publishes`` says whether the workflow that will run calls ``publish-release``, which is
  what ``draft-until-published`` needs.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from releasegate.adopt._setup_files import Action, FileAction, compare_file
from releasegate.adopt.existing_workflows import Workflow, add_workflow_call, read_workflows
from releasegate.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["CI_FILE", "RELEASE_FILE", "ReleaseWorkflowChoice", "WorkflowPlan", "plan_workflows"]

CI_FILE = ".github/workflows/ci.yml"
RELEASE_FILE = ".github/workflows/release-please.yml"
ReleaseWorkflowChoice = Literal["replace", "keep"]
_ENVIRONMENT = "pypi"


@dataclass(slots=True)
class WorkflowPlan:
    """The two workflow files, what the maintainer should know, and what will run.

    ``release_path`` is the Release workflow releasegate runs (None when a kept workflow of
    another release tool stays in charge); ``ci_is_ours`` says ``ci.yml`` runs
    releasegate's nox sessions.
    """

    files: list[FileAction] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    release_path: str | None = None
    publishes: bool = False
    ci_is_ours: bool = False
    environment: str = _ENVIRONMENT


def plan_workflows(
    root: Path,
    render: Callable[[str, dict[str, str]], str],
    *,
    force: bool,
    release_workflow: ReleaseWorkflowChoice | None,
) -> WorkflowPlan:
    """Decide both workflow files; raise UsageError (one line) when init must not go on.

    ``render(template, extra_values)`` renders ``ci.yml`` or ``release-please.yml``.
    """
    workflows = read_workflows(root)
    plan = WorkflowPlan()
    target, replaced = _release_target(workflows, force=force, choice=release_workflow, plan=plan)
    # ci.yml running the release tool itself (supabase-py's tests and releases in one
    # file): the Release workflow cannot take its name, as it calls ci.yml for the gates
    ci_releases = replaced is not None and target == CI_FILE
    if ci_releases:
        target = RELEASE_FILE
        plan.notes.append(
            f"{CI_FILE} ran your tests and your releases: it becomes releasegate's "
            f"gates, and releasing moves to {RELEASE_FILE}, so the trusted publisher on PyPI "
            f"must name workflow {Path(RELEASE_FILE).name!r} (the one for ci.yml can go)"
        )

    ci = compare_file(root, CI_FILE, render("ci.yml", {}), keep_existing=not (force or ci_releases))
    # what the kept workflows run the tests with (not the ones init writes over)
    replaced_paths = {target, CI_FILE if ci.action != "keep" else None}
    for workflow in workflows:
        if workflow.path in replaced_paths:
            continue
        for script in workflow.test_scripts():
            plan.notes.append(
                f"{workflow.path} runs the tests with {script}, the tests session runs them "
                f"directly: what {script} sets up first (a mock server, a database, other "
                "Pythons) the session does not; start it before 'nox -s tests', or call the "
                "script from the session"
            )
    if ci_releases:
        ci = dataclasses.replace(ci, note="replaced: the Release workflow calls it for the gates")
    plan.ci_is_ours = ci.action != "keep"
    kept_ci = next((w for w in workflows if w.path == CI_FILE), None)
    if ci.action == "keep" and kept_ci is not None and target is not None:
        ci, kept_ci = _integrate_ci(kept_ci, plan)
    plan.files.append(ci)
    if target is None:
        plan.publishes = any(w.runs_publish_release for w in workflows)
        return plan

    permissions = {"contents": "read"}
    if not plan.ci_is_ours and kept_ci is not None:
        for scope, level in kept_ci.requested_permissions().items():
            if level == "write" or scope not in permissions:
                permissions[scope] = level
    lines = "\n".join(f"      {scope}: {level}" for scope, level in sorted(permissions.items()))
    values = {"gates_permissions": lines, "environment": plan.environment}
    text = render("release-please.yml", values)
    if replaced is not None:
        action: Action = "update" if (root / target).is_file() else "create"
        item = FileAction(target, action, text, note=replaced)
    else:
        item = compare_file(root, target, text, keep_existing=not force)
    plan.files.append(item)
    if item.action == "keep":  # a release-please.yml of the maintainer's own, not ours
        plan.publishes = any(w.runs_publish_release for w in workflows)
    else:
        plan.release_path, plan.publishes = target, True
        for other in workflows:
            if other.path == target or not other.uploads:
                continue
            events = [e for e, on in (("'release:' events", "release" in other.triggers),
                                      ("tag pushes", other.runs_on_tag_push)) if on]  # fmt: skip
            if events:
                plan.notes.append(
                    f"{other.path} publishes on {' and '.join(events)}, which the releases and "
                    "tags the Release workflow creates (with GITHUB_TOKEN) never send: the "
                    "Release workflow publishes now; remove it, or keep it for publishing by hand"
                )
    return plan


def _release_target(
    workflows: list[Workflow],
    *,
    force: bool,
    choice: ReleaseWorkflowChoice | None,
    plan: WorkflowPlan,
) -> tuple[str | None, str | None]:
    """Where releasegate's Release workflow goes (None: a kept one stays in charge).

    The second value is the note for the other release tool's workflow it replaces.
    """
    others = [w for w in workflows if w.release_tools]
    if not others:
        ours = next((w for w in workflows if w.runs_releasegate_release), None)
        if ours is None:
            return RELEASE_FILE, None
        # a Release workflow init wrote before, perhaps in place of another: same environment
        plan.environment = ours.publish_environment() or plan.environment
        return ours.path, None
    names = ", ".join(w.path for w in others)
    tools = " and ".join(sorted({t for w in others for t in w.release_tools}))
    if choice == "keep":
        plan.files += [FileAction(w.path, "keep", note=f"runs {tools}") for w in others]
        plan.notes.append(
            f"{names} keeps releasing with {tools} (--release-workflow keep): "
            "no Release workflow written, draft-until-published stays off"
        )
        return None, None
    if choice is None and not force:
        raise UsageError(
            f"{names}: already releases with {tools}, and a second Release "
            "workflow would release each version twice; pass --release-workflow replace to put "
            "releasegate's Release workflow in its place, or --release-workflow keep to keep it"
        )
    if len(others) > 1:
        raise UsageError(
            f"{names}: several workflows release (with {tools}); remove all but one, then "
            "run init again to replace it"
        )
    old = others[0]
    note = f"replaces {tools} (jobs {', '.join(old.job_names)})"
    if old.uploads:
        note += "; publishing moves to releasegate publish-release (trusted publishing)"
    environment = old.publish_environment()
    if environment:
        plan.environment = environment
        note += f", in its environment {environment!r}"
    return old.path, note


def _integrate_ci(kept: Workflow, plan: WorkflowPlan) -> tuple[FileAction, Workflow]:
    """The kept ``ci.yml``, given ``workflow_call`` when it lacks it, so Release can call it."""
    secrets = kept.secrets()
    if secrets:
        plan.notes.append(
            f"{CI_FILE} reads secrets {', '.join(secrets)}; called from the Release workflow "
            "it gets none unless declared under on.workflow_call.secrets and passed by the "
            "gates job"
        )
    if "workflow_call" in kept.triggers:
        return FileAction(CI_FILE, "keep", note="kept; the Release workflow calls it"), kept
    text = add_workflow_call(kept.text)
    if text is None:
        raise UsageError(
            f"{CI_FILE}: the Release workflow calls it, but init cannot add 'workflow_call' to "
            "its 'on:' safely; add 'workflow_call:' under 'on:' yourself, or pass --force to "
            "replace it with releasegate's ci.yml"
        )
    note = "kept, with 'workflow_call' added: the Release workflow calls it"
    integrated = dataclasses.replace(kept, text=text)
    return FileAction(CI_FILE, "update", text, note=note), integrated
