"""doctor names the check-pr job as the fix for non-conventional commits since the release."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from releasegate.adopt.doctor import run_checkup
from releasegate.adopt.templates import render

if TYPE_CHECKING:
    from pathlib import Path

    from tests.builders import MakeRepo

GATED = render("ci.yml", run="uv run --locked --only-group release")
UNGATED = "name: CI\non: pull_request\npermissions: {}\njobs: {}\n"


def spec(ci: str, *messages: str) -> dict[str, Any]:
    """A python package released as v1.0.0, a ci.yml, then commits with ``messages``."""
    return {
        "files": {
            "pyproject.toml": '[project]\nname = "gated"\nversion = "1.0.0"\n',
            "gated/__init__.py": "",
            ".github/workflows/ci.yml": ci,
        },
        "config": {"release-type": "python", "packages": {".": {"package-name": "gated"}}},
        "manifest": {".": "1.0.0"},
        "steps": [
            {"tag": "v1.0.0"},
            *({"commit": m, "files": {f"f{i}.py": "x = 1\n"}} for i, m in enumerate(messages)),
        ],
    }


def gate_findings(root: Path) -> list[str]:
    """The findings of a checkup that name check-pr."""
    report = run_checkup(root)
    return [f"{f.level}: {f.message}" for f in report.findings if "check-pr" in f.message]


@pytest.mark.parametrize(
    ("ci", "messages", "expected"),
    [
        (UNGATED, ("feat: a", "update stuff", "WIP"), 1),
        (GATED, ("feat: a", "update stuff"), 0),  # the job is there: it stops the next ones
        (UNGATED, ("feat: a", "fix: b"), 0),  # every commit is conventional: nothing to say
    ],
    ids=["missing-job", "job-present", "all-conventional"],
)
def test_non_conventional_commits_point_at_the_check_pr_job(
    make_repo: MakeRepo, ci: str, messages: tuple[str, ...], expected: int
):
    """One warning, counting the commits and naming the pr job, only when the job is missing."""
    found = gate_findings(make_repo(spec(ci, *messages)))
    assert len(found) == expected
    if expected:
        (line,) = found
        assert line.startswith("warning: 2 commit(s) since the last release do not parse")
        assert "add the pr job to .github/workflows/ci.yml" in line
