"""Run release-please 17.11.2 (``shared/release-please-oracle``) and reshape its output.

The oracle lives next to the repository (``<root>/../shared/release-please-oracle``, or where
``RELEASEGATE_ORACLE_DIR`` points, e.g. from a git worktree) and needs
``node`` plus its installed ``node_modules``; :func:`run_oracle` says so in one line when either is
missing. :func:`to_releasegate_shape` keeps what ``releasegate release-pr --dry-run --json``
prints: per pull request the PR fields and the files it creates or changes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.builders import git_env
from tests.oracle.pull_requests import write_pull_requests

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "ORACLE_DIR",
    "PR_KEYS",
    "WRITTEN",
    "OracleError",
    "OracleUnavailableError",
    "oracle_available",
    "run_oracle",
    "to_releasegate_shape",
]

ORACLE_DIR = Path(
    os.environ.get("RELEASEGATE_ORACLE_DIR")
    or Path(__file__).resolve().parents[2].parent / "shared" / "release-please-oracle"
)
PR_KEYS = ("title", "headBranchName", "baseBranchName", "body", "labels", "version", "draft")
WRITTEN = frozenset({"created", "updated"})  # update statuses that change a file in the PR


class OracleError(RuntimeError):
    """The oracle ran and failed (release-please raised, or bad usage); carries its stderr."""

    def __init__(self, returncode: int, stderr: str) -> None:
        self.returncode = returncode
        self.stderr = stderr
        lines = [line for line in stderr.splitlines() if line.startswith("oracle:")]
        super().__init__(
            f"oracle exited {returncode}: {lines[-1] if lines else stderr.strip()[-500:]}"
        )


class OracleUnavailableError(RuntimeError):
    """node or the installed oracle is missing."""


def oracle_available() -> str | None:
    """Return None when the oracle can run, else the reason it cannot."""
    if shutil.which("node") is None:
        return "node is not on PATH; install Node.js >= 20 to run the release-please oracle"
    if not (ORACLE_DIR / "oracle.js").is_file():
        return f"{ORACLE_DIR}/oracle.js is missing; the oracle lives in ../shared next to the repo"
    if not (ORACLE_DIR / "node_modules" / "release-please").is_dir():
        return (
            f"{ORACLE_DIR}/node_modules is missing; run "
            f"'cd {ORACLE_DIR} && npm_config_cache=/tmp/npm-cache npm ci --no-audit --no-fund'"
        )
    return None


def run_oracle(
    repo: Path,
    *,
    config: str | None = None,
    manifest: str | None = None,
    branch: str | None = None,
    github_repo: str | None = None,
    date: str | None = "2025-01-15T12:00:00Z",
    pull_requests: Sequence[dict[str, Any]] | None = None,
    timeout: float = 120,
) -> dict[str, Any]:
    """Run the oracle on the local repository ``repo`` and return its JSON document.

    ``None`` leaves an option at the oracle's default (release-please's file names, ``main``,
    ``acme/widget``); ``date=None`` means the real clock; ``pull_requests`` go to
    ``--pull-requests``. Raises OracleUnavailableError when node or the oracle is missing and
    OracleError when the oracle exits non-zero.
    """
    reason = oracle_available()
    if reason is not None:
        raise OracleUnavailableError(reason)
    argv = ["node", str(ORACLE_DIR / "oracle.js"), str(repo)]
    for flag, value in (
        ("--config", config),
        ("--manifest", manifest),
        ("--branch", branch),
        ("--repo", github_repo),
        ("--date", date if date is not None else "now"),
    ):
        if value is not None:
            argv += [flag, value]
    with tempfile.TemporaryDirectory(prefix="releasegate-oracle-prs-") as tmp:
        if pull_requests is not None:
            argv += ["--pull-requests", str(write_pull_requests(pull_requests, Path(tmp) / "p"))]
        result = subprocess.run(
            argv, env=git_env(), capture_output=True, text=True, check=False, timeout=timeout
        )
    if result.returncode != 0:
        raise OracleError(result.returncode, result.stderr)
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def to_releasegate_shape(oracle_json: dict[str, Any]) -> dict[str, Any]:
    """Project the oracle's document onto releasegate's ``release-pr --json`` shape.

    Keeps ``title``, ``headBranchName``, ``baseBranchName``, ``body``, ``labels``, ``version``,
    ``draft`` and the ``created``/``updated`` files (``path`` and ``content``) in oracle order.
    """
    prs = []
    for pr in oracle_json["pullRequests"]:
        shaped: dict[str, Any] = {key: pr[key] for key in PR_KEYS}
        shaped["updates"] = [
            {"path": update["path"], "content": update["content"]}
            for update in pr["updates"]
            if update["status"] in WRITTEN
        ]
        prs.append(shaped)
    return {"pullRequests": prs}
