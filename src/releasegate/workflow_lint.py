"""The release-specific checks ``doctor`` runs over ``.github/workflows``.

actionlint and zizmor check workflows in general; these check what a release depends on:
one-line ``run:`` steps (what CI runs is what a laptop runs), actions pinned to a full commit
SHA, ``persist-credentials: false`` on checkout, ``id-token: write`` and the ``pypi``
environment on the publishing job only, and a publishing workflow that listens for an event
GitHub never sends: a ``release:`` trigger while releases are created with ``GITHUB_TOKEN``
(GitHub starts no workflow for events caused by that token).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import yaml

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["WorkflowFinding", "lint_workflows"]

_PINNED = re.compile(r"@[0-9a-f]{40}$")
_CREATES_RELEASES = ("releasegate github-release", "github_release", "release-please-action")
# "releasegate publish" also covers publish-release (and "invoke publish" its task)
_PUBLISHES = (
    "invoke release",
    "invoke publish",
    "releasegate publish",
    "twine upload",
    "pypa/gh-action-pypi-publish",
)

Level = Literal["ok", "warning", "problem"]


@dataclass(frozen=True, slots=True)
class WorkflowFinding:
    """One finding: its level and a one-line message ``<file>: <what>; <fix>``."""

    level: Level
    message: str


def lint_workflows(workflows_dir: Path) -> list[WorkflowFinding]:
    """Check every workflow in ``workflows_dir``; an empty list means nothing to report."""
    files = sorted(
        p for p in workflows_dir.glob("*") if p.suffix in {".yml", ".yaml"} and p.is_file()
    )
    loaded: dict[str, dict[str, Any]] = {}
    findings: list[WorkflowFinding] = []
    for path in files:
        where = f".github/workflows/{path.name}"
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            line = getattr(getattr(exc, "problem_mark", None), "line", None)
            at = f":{line + 1}" if line is not None else ""
            findings.append(WorkflowFinding("problem", f"{where}{at}: not valid YAML; fix it"))
            continue
        if isinstance(data, dict):
            loaded[where] = data
    creates_with_token = any(_mentions(d, _CREATES_RELEASES) for d in loaded.values())
    for where, data in loaded.items():
        findings.extend(_lint_one(where, data, creates_with_token=creates_with_token))
    return findings


def _triggers(data: dict[Any, Any]) -> set[str]:
    # YAML 1.1 reads a bare `on:` key as True
    on = data.get("on", data.get(True))
    if isinstance(on, str):
        return {on}
    if isinstance(on, list):
        return {str(t) for t in on}
    return {str(t) for t in on} if isinstance(on, dict) else set()


def _mentions(data: Any, needles: tuple[str, ...]) -> bool:
    if isinstance(data, dict):
        return any(_mentions(v, needles) for v in data.values())
    if isinstance(data, list):
        return any(_mentions(v, needles) for v in data)
    return isinstance(data, str) and any(n in data for n in needles)


def _lint_one(
    where: str, data: dict[str, Any], *, creates_with_token: bool
) -> list[WorkflowFinding]:
    findings: list[WorkflowFinding] = []
    jobs = data.get("jobs") if isinstance(data.get("jobs"), dict) else {}
    assert isinstance(jobs, dict)  # noqa: S101 - narrowed above, for mypy
    top_id_token = _grants_id_token(data.get("permissions"))
    if top_id_token:
        findings.append(
            WorkflowFinding(
                "problem",
                f"{where}: id-token: write granted to every job; grant it on the publish job "
                "only (permissions: {} at the top, per-job permissions below)",
            )
        )
    for name, job in jobs.items():
        if not isinstance(job, dict):
            continue
        here = f"{where}: job {name}"
        steps = job.get("steps") if isinstance(job.get("steps"), list) else []
        assert isinstance(steps, list)  # noqa: S101 - narrowed above, for mypy
        publishes = _mentions(steps, _PUBLISHES)
        id_token = _grants_id_token(job.get("permissions"))
        environment = job.get("environment")
        env_name = environment.get("name") if isinstance(environment, dict) else environment
        if id_token and not publishes:
            findings.append(
                WorkflowFinding(
                    "warning",
                    f"{here}: id-token: write on a job that does not publish; remove it there",
                )
            )
        if env_name == "pypi" and not publishes:
            findings.append(
                WorkflowFinding(
                    "warning",
                    f"{here}: the pypi environment on a job that does not publish; keep it on "
                    "the publish job only",
                )
            )
        if publishes and (id_token or top_id_token) and env_name != "pypi":
            findings.append(
                WorkflowFinding(
                    "problem",
                    f"{here}: publishes without the 'pypi' environment; add environment: pypi "
                    "(the trusted publisher on PyPI names it)",
                )
            )
        if publishes and "release" in _triggers(data) and creates_with_token:
            findings.append(
                WorkflowFinding(
                    "problem",
                    f"{where}: publishing waits for a release: event, but releases created with "
                    "GITHUB_TOKEN send none; publish in the workflow that creates the release "
                    "(releasegate init writes one)",
                )
            )
        findings.extend(_lint_steps(here, steps))
    return findings


def _lint_steps(here: str, steps: list[Any]) -> list[WorkflowFinding]:
    findings: list[WorkflowFinding] = []
    for index, step in enumerate(steps, 1):
        if not isinstance(step, dict):
            continue
        label = f"{here} step {index}"
        run = step.get("run")
        if isinstance(run, str) and "\n" in run.strip():
            findings.append(
                WorkflowFinding(
                    "warning",
                    f"{label}: a multi-line run:; make it one command (a nox session or an "
                    "invoke task) so CI runs what a laptop runs",
                )
            )
        uses = step.get("uses")
        if isinstance(uses, str) and not uses.startswith(("./", "$/", "docker://")):
            if not _PINNED.search(uses):
                findings.append(
                    WorkflowFinding(
                        "warning",
                        f"{label}: {uses} is not pinned; pin it to a full commit SHA with a "
                        "version comment (uses: owner/action@<sha> # vX.Y.Z)",
                    )
                )
            with_ = step.get("with") if isinstance(step.get("with"), dict) else {}
            assert isinstance(with_, dict)  # noqa: S101 - narrowed above, for mypy
            if (
                uses.startswith("actions/checkout@")
                and with_.get("persist-credentials") is not False
            ):
                findings.append(
                    WorkflowFinding(
                        "warning",
                        f"{label}: checkout keeps the token in .git/config; add "
                        "with: persist-credentials: false",
                    )
                )
    return findings


def _grants_id_token(permissions: Any) -> bool:
    if permissions == "write-all":
        return True
    return isinstance(permissions, dict) and permissions.get("id-token") == "write"
