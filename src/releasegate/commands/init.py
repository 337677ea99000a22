"""``releasegate init``: write releasegate's own release setup into an existing Python project."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

from releasegate.adopt.scaffold import NOXFILE, SetupPlan, init_project
from releasegate.commands._options import Command, option
from releasegate.errors import UsageError

if TYPE_CHECKING:
    from releasegate.adopt.workflow_setup import ReleaseWorkflowChoice

__all__ = ["COMMAND", "Options", "render_plan", "run"]


@dataclass(frozen=True, slots=True)
class Options:
    """The flags of ``releasegate init``."""

    project: Path = field(
        default=Path(),
        metadata=option("the project's root (default: here)", metavar="PATH", positional=True),
    )
    dry_run: bool = field(
        default=False, metadata=option("list what would be written; write nothing")
    )
    force: bool = field(
        default=False, metadata=option("replace existing workflows, noxfile.py and tasks.py")
    )
    noxfile: str = field(
        default=NOXFILE,
        metadata=option(
            "write releasegate's nox sessions to this file (next to a noxfile of your own); "
            "ci.yml runs them with nox --noxfile",
            metavar="NAME",
        ),
    )
    release_workflow: str | None = field(
        default=None,
        metadata=option(
            "with a workflow already running a release tool (release-please-action, "
            "python-semantic-release): replace it with "
            "releasegate's Release workflow, or keep it and write none",
            choices=("replace", "keep"),
        ),
    )


def run(options: Options) -> int:
    """Detect the project, write the setup (unless dry run) and print what was done."""
    if "/" in options.noxfile or "\\" in options.noxfile or not options.noxfile.endswith(".py"):
        raise UsageError(
            f"--noxfile: {options.noxfile!r} is not a Python file name in the project's root; "
            "give a name such as noxfile_gates.py"
        )
    plan = init_project(
        options.project,
        force=options.force,
        noxfile=options.noxfile,
        # argparse's choices= admits only these two (or nothing)
        release_workflow=cast("ReleaseWorkflowChoice | None", options.release_workflow),
        dry_run=options.dry_run,
    )
    sys.stdout.write(render_plan(plan, dry_run=options.dry_run))
    return 0


_VERBS = {
    False: {"create": "created", "update": "updated", "unchanged": "unchanged", "keep": "kept"},
    True: {"create": "would create", "update": "would update", "unchanged": "unchanged",
           "keep": "would keep"},
}  # fmt: skip


def render_plan(plan: SetupPlan, *, dry_run: bool) -> str:
    """The human report: detected facts, one line per file, notes, the trusted publishers."""
    p = plan.project
    version = f"{p.version} (from {p.version_source})"
    lines = [
        (
            f"project: {p.name} {version}, {p.layout} layout, "
            f"tests: {p.tests_dir or 'none'} ({p.test_runner}), Python {', '.join(p.pythons)}"
        ),
    ]
    if plan.monorepo is not None:
        m = plan.monorepo
        lines = [f"{m.kind}: {len(m.members)} packages, Python {', '.join(m.pythons)}"]
        lines += [
            f"  {x.project.name} {x.project.version} in {x.path}, "
            f"tests: {x.project.tests_dir or 'none'} ({x.project.test_runner})"
            for x in m.members
        ]
    lines += [
        f"branch: {p.branch}, GitHub: {p.repository or 'unknown (no GitHub origin remote)'}",
        "",
    ]
    width = max(len(v) for v in _VERBS[dry_run].values())
    for item in plan.files:
        note = f"  ({item.note})" if item.note else ""
        lines.append(f"  {_VERBS[dry_run][item.action]:<{width}}  {item.path}{note}")
    lines.append("")
    lines.extend(f"note: {note}" for note in plan.notes)
    if len(plan.publishers) == 1:
        lines.append("Register this trusted publisher on PyPI (Your projects → Publishing):")
        lines.append(plan.publishers[0].render().rstrip("\n"))
    elif plan.publishers:
        lines.append(
            "Register this trusted publisher on PyPI for each project (Your projects → "
            "Publishing; a pending publisher for a project not on PyPI yet):"
        )
        names = [publisher.project for publisher in plan.publishers]
        lines.append(plan.publishers[0].render(names).rstrip("\n"))
    lines.extend(
        f"{'Then:' if i == 0 else '     '} {step}" for i, step in enumerate(plan.next_steps)
    )
    if dry_run:
        lines.append("dry run: nothing was written")
    return "\n".join(lines) + "\n"


COMMAND = Command(
    name="init",
    help="write the release setup (nox, invoke, workflows, release-please) into a project",
    options=Options,
    run=run,
)
