"""The quality gates as configured: nox sessions, the CI workflow that calls them, .ci/run."""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import tomlkit
import yaml

REPO = Path(__file__).resolve().parents[1]
# The interpreter that runs nox: the session passes its own, else nox must be importable here.
NOX = [os.environ.get("RELEASEGATE_NOX_PYTHON", sys.executable), "-m", "nox"]
DEFAULT = ["lint", "typecheck", "tests"]
ON_DEMAND = ["build", "bench", "ci_matrix"]
SHA_PIN = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")


def _nox(*args: str, env: dict[str, str] | None = None) -> str:
    """Run nox on this repository's noxfile and return its stdout."""
    # nox refuses NO_COLOR and FORCE_COLOR together; a test run may well have both set
    base = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "FORCE_COLOR"}}
    proc = subprocess.run(
        [*NOX, "--noxfile", str(REPO / "noxfile.py"), *args],
        cwd=REPO,
        env={**base, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@functools.cache
def _listing(*sessions: str) -> list[dict[str, Any]]:
    """Return ``nox --list --json`` for ``sessions`` (the default selection if none).

    Cached: the noxfile does not change during a run, and each listing starts nox.
    """
    selected = ["--sessions", *sessions] if sessions else []
    listing: list[dict[str, Any]] = json.loads(_nox("--list", "--json", *selected))
    return listing


def _classifier_pythons() -> list[str]:
    """Return the 3.x versions the pyproject classifiers declare."""
    pyproject = tomlkit.parse((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    prefix = "Programming Language :: Python :: "
    return [
        c.removeprefix(prefix)
        for c in pyproject["project"]["classifiers"]
        if re.fullmatch(re.escape(prefix) + r"3\.\d+", c)
    ]


def _workflows() -> dict[str, dict[str, Any]]:
    """Return every workflow under .github/workflows, parsed."""
    return {
        path.name: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted((REPO / ".github" / "workflows").glob("*.y*ml"))
    }


# nox --list --json


def test_default_run_is_lint_typecheck_tests() -> None:
    """``nox`` without arguments selects lint, typecheck and one tests session per Python."""
    listing = _listing()
    assert [entry["name"] for entry in listing] == [
        "lint",
        "typecheck",
        *(["tests"] * len(_classifier_pythons())),
    ]


def test_tests_sessions_follow_the_classifiers() -> None:
    """The tests parametrization is exactly the Python classifiers, named tests-3.x."""
    pythons = _classifier_pythons()
    assert pythons, "pyproject.toml declares no Python 3.x classifiers"
    listing = _listing("tests")
    assert [entry["python"] for entry in listing] == pythons
    assert [entry["session"] for entry in listing] == [f"tests-{py}" for py in pythons]


@pytest.mark.parametrize("name", [*DEFAULT, *ON_DEMAND])
def test_session_exists_with_a_description(name: str) -> None:
    """Every session the README and CI name exists and explains itself in ``nox -l``."""
    listing = [entry for entry in _listing(*DEFAULT, *ON_DEMAND) if entry["name"] == name]
    assert listing
    assert all(entry["name"] == name and entry["description"] for entry in listing)


def test_ci_matrix_writes_github_output(tmp_path: Path) -> None:
    """``nox -s ci_matrix`` appends the tests sessions and their Pythons to $GITHUB_OUTPUT."""
    output = tmp_path / "github_output"
    output.write_text("earlier=kept\n", encoding="utf-8")
    _nox("--sessions", "ci_matrix", env={"GITHUB_OUTPUT": str(output), "FORCE_COLOR": "1"})
    earlier, line = output.read_text(encoding="utf-8").splitlines()
    assert earlier == "earlier=kept"
    key, _, value = line.partition("=")
    assert key == "tests"
    expected = [{"session": e["session"], "python": e["python"]} for e in _listing("tests")]
    assert json.loads(value) == expected


# .github/workflows: every step is one nox or invoke call


def _run_steps() -> list[tuple[str, str, str]]:
    """Return (workflow, job, run) for every run step in every workflow."""
    return [
        (name, job_id, step["run"])
        for name, workflow in _workflows().items()
        for job_id, job in workflow["jobs"].items()
        for step in job.get("steps", [])
        if "run" in step
    ]


def test_every_run_step_is_one_nox_or_invoke_call() -> None:
    """Each ``run:`` is a single line calling nox, invoke or releasegate: no shell in YAML."""
    steps = _run_steps()
    assert steps
    for workflow, job, run in steps:
        assert "\n" not in run.strip(), f"{workflow}:{job}: multi-line run step"
        assert not re.search(r"[;&|`]|\$\(", run), f"{workflow}:{job}: shell logic in {run!r}"
        assert {"nox", "invoke", "releasegate"} & set(run.split()), f"{workflow}:{job}: {run!r}"


def test_actions_are_pinned_and_checkouts_keep_no_credentials() -> None:
    """Every action is pinned by full commit SHA; every checkout sets persist-credentials."""
    for name, workflow in _workflows().items():
        for job_id, job in workflow["jobs"].items():
            for step in job.get("steps", []):
                uses = step.get("uses")
                if uses is None:
                    continue
                assert SHA_PIN.match(uses), f"{name}:{job_id}: {uses} is not pinned by SHA"
                if uses.startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False


def test_ci_runs_every_gate() -> None:
    """ci.yml has lint, typecheck (non-blocking), the matrix, tests from it, build, and pr."""
    ci = _workflows()["ci.yml"]
    jobs = ci["jobs"]
    assert ci["permissions"] == {}
    assert all(job["permissions"] == {"contents": "read"} for job in jobs.values())
    assert set(jobs) == {"lint", "typecheck", "matrix", "tests", "build", "pr"}
    assert jobs["typecheck"]["continue-on-error"] is True
    assert "continue-on-error" not in jobs["lint"]
    assert jobs["tests"]["needs"] == "matrix"
    assert "needs.matrix.outputs.tests" in jobs["tests"]["strategy"]["matrix"]["include"]
    assert [s["run"] for s in jobs["matrix"]["steps"] if "run" in s] == [
        "uv run --locked --only-group nox nox -s ci_matrix"
    ]


def test_ci_runs_the_locked_nox() -> None:
    """Every ci.yml gate runs the nox in uv.lock, never whatever nox is newest (uvx)."""
    runs = [
        step["run"]
        for name, job in _workflows()["ci.yml"]["jobs"].items()
        for step in job["steps"]
        if "run" in step and name != "pr"
    ]
    assert runs
    assert all(run.startswith("uv run --locked --only-group nox nox -s ") for run in runs)


def test_ci_pr_job_checks_pull_requests_only_and_reads_only() -> None:
    """The pr job is one locked check-pr line, on pull_request only, with a read-only token."""
    workflow = _workflows()["ci.yml"]
    assert "pull_request_target" not in workflow[True]  # type: ignore[index] # PyYAML: `on` is True
    job = workflow["jobs"]["pr"]
    assert job["if"] == "github.event_name == 'pull_request'"
    assert job["permissions"] == {"contents": "read"}
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    assert [s["run"] for s in job["steps"] if "run" in s] == [
        "uv run --locked releasegate check-pr"
    ]


def test_coverage_has_a_real_floor() -> None:
    """The tests session's coverage report fails below the floor pyproject.toml sets."""
    pyproject = tomlkit.parse((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    floor = pyproject["tool"]["coverage"]["report"]["fail_under"]
    assert isinstance(floor, int)
    assert floor >= 92  # the figure when the floor was set: raise it, never lower


# README and .ci/run


def _quick_start_commands() -> list[str]:
    """Return the command lines of the first ``sh`` block under README's Quick start."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Quick start\n", 1)[1]
    block = section.split("```sh\n", 1)[1].split("\n```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def test_ci_run_runs_the_readme_test_command_verbatim() -> None:
    """Quick start has two commands (main job, tests); .ci/run ends with the second, verbatim."""
    main_job, test_command = _quick_start_commands()
    assert "invoke" in main_job
    assert "nox -s lint tests" in test_command
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    commands = [ln for ln in script.splitlines() if ln.strip() and not ln.startswith("#")]
    assert commands[-1] == test_command
    assert "set -euo pipefail" in commands


@pytest.mark.skipif("RELEASEGATE_NOX_PYTHON" not in os.environ, reason="only under nox -s tests")
def test_tests_session_keeps_bytecode_in_nox_cache() -> None:
    """Under ``nox -s tests`` bytecode is written, into nox's cache dir, not beside the sources."""
    prefix = Path(sys.pycache_prefix or "")
    assert prefix.is_absolute(), sys.pycache_prefix
    assert (prefix.parent.name, prefix.name) == (".cache", "pycache")
    assert not sys.dont_write_bytecode
