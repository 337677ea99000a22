"""releasegate's own release PR: every place its version lives moves, and uv.lock stays valid."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from tests._monorepo import run_uv
from tests.e2e.test_tool_releasegate import apply_release, files, release_pr
from tests.oracle.repo import build_repo

if TYPE_CHECKING:
    from tests.builders import Cli

REPO_ROOT = Path(__file__).resolve().parents[2]
OWN_FILES = (
    "pyproject.toml",
    "uv.lock",
    "src/releasegate/__init__.py",
    "src/releasegate/engine/version.py",  # a version.py without a version, in a subpackage
    ".release-please-config.json",
    ".release-please-manifest.json",
)


def test_own_release_pr_bumps_every_version_and_keeps_the_lock(tmp_path: Path, cli: Cli) -> None:
    """A dry run on releasegate's own files updates pyproject, __init__, uv.lock and manifest."""
    tree = {name: (REPO_ROOT / name).read_text(encoding="utf-8") for name in OWN_FILES}
    current = json.loads(tree[".release-please-manifest.json"])["."]
    spec = {
        "files": tree,
        "steps": [{"tag": f"v{current}"}, {"commit": "feat: a feature", "files": {"src/x.py": ""}}],
    }
    repo = build_repo(spec, tmp_path / "repo")
    code, doc, err = release_pr(cli, repo)
    assert code == 0, err
    (pr,) = doc["pullRequests"]
    new = pr["version"]
    changed = files(doc)
    assert f'\nversion = "{new}"\n' in changed["pyproject.toml"]
    assert (
        f'_SOURCE_VERSION = "{new}"  # x-release-please-version'
        in changed["src/releasegate/__init__.py"]
    )
    assert f'name = "releasegate"\nversion = "{new}"\n' in changed["uv.lock"]
    assert json.loads(changed[".release-please-manifest.json"]) == {".": new}
    apply_release(repo, doc)
    result = run_uv(repo, tmp_path / "uv-cache", "lock", "--check")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "name", ["version-scheme", "update-lockfile", "strict", "draft-until-published", "api-check"]
)
def test_own_pyproject_switches_every_option_on(name: str):
    """The project's own pyproject.toml sets each [tool.releasegate] option."""
    text = (REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    table = text.split("[tool.releasegate]\n", 1)[1].split("\n\n", 1)[0]
    assert f"{name} = " in table
