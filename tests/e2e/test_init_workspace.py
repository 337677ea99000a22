"""Slow: ``init`` on a real three-member uv workspace, then everything a maintainer runs.

The workspace of issue 17 (``core``; ``ext`` requiring ``core == 1.0.0``; ``app`` requiring
``ext >=1.0,<2``), each member with a test of its own, tagged at its 1.0.0 release. After
``releasegate init``: ``uv lock``; ``nox -s lint tests-3.X`` (ruff, actionlint and zizmor on
the workflows, ``uv lock --check``, and every member's own tests, counted from each member's
JUnit report); ``doctor`` exits 0; after a ``feat`` in core, ``release-pr --dry-run`` plans
core and ext and leaves app alone; a second ``init`` changes nothing. Then the same for two
projects side by side that are no workspace. The tools run as tests/_adoption.py describes.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from tests._adoption import junit_result, lock_and_commit, require_tools, run_tool
from tests._monorepo import make_monorepo
from tests.builders import git

if TYPE_CHECKING:
    from pathlib import Path

    from tests.builders import Cli

# The members' tests run on the Python running this test, which every member supports.
SESSION = f"tests-{sys.version_info[0]}.{sys.version_info[1]}"
_TAGS = ["app-v1.0.0", "core-v1.0.0", "ext-v1.0.0"]


def _adopt(cli: Cli, root: Path) -> None:
    """init, point releasegate at this checkout, lock, commit: what the README says to run."""
    run = cli("init", root)
    assert run.code == 0, run.err
    lock_and_commit(root)


def _gates(root: Path, *sessions: str) -> None:
    """Run nox; every member writes its JUnit report into its own folder (the run's cwd)."""
    gates = run_tool(root, "nox", "-s", *sessions, "--", "--junitxml=junit.xml")
    assert gates.returncode == 0, gates.stdout[-4000:] + gates.stderr[-4000:]


def test_workspace_adopted_end_to_end(tmp_path: Path, cli: Cli) -> None:
    """One setup for the workspace: gates green, doctor clean, the plugin plans the release."""
    require_tools("uv", "nox", "actionlint", "zizmor", "releasegate")
    root = make_monorepo(tmp_path / "workspace", tags=_TAGS)
    _adopt(cli, root)

    _gates(root, "lint", SESSION)
    for name in ("app", "core", "ext"):  # each member's own test, in its own environment
        result = junit_result(root / "packages" / name / "junit.xml")
        assert (result.tests, result.failed) == (1, 0), name
        (root / "packages" / name / "junit.xml").unlink()

    doctor = run_tool(root, "releasegate", "doctor", "--no-index", "--json")
    assert doctor.returncode == 0, doctor.stdout[-3000:] + doctor.stderr[-3000:]
    findings = json.loads(doctor.stdout)["findings"]
    assert ("workspace", "pins-agree") in {(f["check"], f["code"]) for f in findings}

    (root / "packages/core/src/core/extra.py").write_text('"""More."""\n', encoding="utf-8")
    git(root, "add", "packages/core/src/core/extra.py")  # not what the runs left (__pycache__)
    git(root, "commit", "-q", "-m", "feat(core): more of core")
    planned = run_tool(root, "releasegate", "release-pr", "--dry-run", "--json")
    assert planned.returncode == 0, planned.stderr
    [pr] = json.loads(planned.stdout)["pullRequests"]
    updates = {u["path"]: u["content"] for u in pr["updates"]}
    manifest = json.loads(updates[".release-please-manifest.json"])
    assert manifest == {"packages/app": "1.0.0", "packages/core": "1.1.0", "packages/ext": "1.0.1"}
    assert '"core == 1.1.0"' in updates["packages/ext/pyproject.toml"]
    assert "packages/app/pyproject.toml" not in updates

    git(root, "reset", "-q", "--hard", "HEAD~1")
    before = git(root, "status", "--porcelain", "--ignored=no")
    again = cli("init", root)
    assert again.code == 0, again.err
    assert "  unchanged  packages/core/pyproject.toml\n" in again.out
    assert git(root, "status", "--porcelain", "--ignored=no") == before


def test_projects_side_by_side_adopted_end_to_end(tmp_path: Path, cli: Cli) -> None:
    """Two projects without a workspace: a package each, their tests, doctor clean."""
    require_tools("uv", "nox", "actionlint", "zizmor", "releasegate")
    projects = {"alpha": (), "beta": ("alpha>=1.0",)}
    root = make_monorepo(tmp_path / "side", projects, workspace=False,
                         tags=["alpha-v1.0.0", "beta-v1.0.0"])  # fmt: skip
    _adopt(cli, root)
    config = json.loads((root / ".release-please-config.json").read_text(encoding="utf-8"))
    assert sorted(config["packages"]) == ["packages/alpha", "packages/beta"]

    _gates(root, "lint", SESSION)
    for name in projects:
        result = junit_result(root / "packages" / name / "junit.xml")
        assert (result.tests, result.failed) == (1, 0), name
    doctor = run_tool(root, "releasegate", "doctor", "--no-index")
    assert doctor.returncode == 0, doctor.stdout[-3000:] + doctor.stderr[-3000:]
