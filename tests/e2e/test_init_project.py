"""Slow: after ``init``, the project's own ``nox -s lint tests`` and ``invoke release --dry-run``.

The tools run as tests/_adoption.py describes: offline from uv's cache unless
``RELEASEGATE_ONLINE_TESTS=1``, with ``releasegate`` resolved to this checkout.
"""

from __future__ import annotations

import importlib.metadata
import sys
from typing import TYPE_CHECKING

import pytest
import tomlkit
from tests._adoption import lock_and_commit, require_tools, run_tool
from tests._shapes import make_shape

if TYPE_CHECKING:
    from pathlib import Path

    from tests._index_server import Index
    from tests.builders import Cli

# The adopted shapes declare requires-python >= 3.11, so uv locks them with this interpreter.
pytestmark = pytest.mark.skipif(
    sys.version_info < (3, 11), reason="the adopted shapes require Python 3.11 or newer"
)


# rich's codeql.yml, in short: an action on node 20, which actionlint reports as deprecated
_NODE20 = (
    "on: [push]\npermissions: {}\njobs:\n  analyze:\n    runs-on: ubuntu-latest\n"
    "    steps:\n      - uses: actions/checkout@v4\n"
)


def _adopt(tmp_path: Path, shape: str, cli: Cli, *, ruff: bool = False) -> Path:
    require_tools("uv", "nox", "invoke")
    root = make_shape(tmp_path, shape)
    if ruff:  # the project lints with ruff
        (root / "ruff.toml").write_text("line-length = 100\n", encoding="utf-8")
    adopted = cli("init", root)
    assert adopted.code == 0, adopted.err
    lock_and_commit(root)
    return root


def _locked(root: Path, name: str) -> set[str]:
    """The versions of ``name`` that the project's uv.lock pins."""
    lock = tomlkit.parse((root / "uv.lock").read_text(encoding="utf-8")).unwrap()
    return {p["version"] for p in lock["package"] if p["name"] == name}


def _installed(venv: Path, name: str) -> set[str]:
    """The version of ``name`` installed in ``venv``, from its dist-info metadata."""
    [site] = venv.glob("lib/python3*/site-packages")
    return {d.version for d in importlib.metadata.distributions(path=[str(site)]) if d.name == name}


@pytest.mark.parametrize("shape", ["flat", "version-file", "poetry"])
def test_written_gates_and_release_run(
    tmp_path: Path, shape: str, cli: Cli, local_index: Index
) -> None:
    """The written nox sessions pass, and invoke release --dry-run builds, checks, asks the index."""
    root = _adopt(tmp_path, shape, cli)
    gates = run_tool(root, "nox", "-s", "lint", "tests")
    assert gates.returncode == 0, gates.stdout[-3000:] + gates.stderr[-3000:]
    # the tests session ran in its own environment (nox's output is not read), with the
    # tools at the versions uv.lock pins
    [tests_env] = [p for p in (root / ".nox").iterdir() if p.name.startswith("tests-")]
    assert _installed(tests_env, "pytest") == _locked(root, "pytest")
    assert _installed(root / ".nox" / "lint", "ruff") == _locked(root, "ruff")
    # the dry run asks the index whether the version is there: the local one, not pypi.org
    release = run_tool(root, "invoke", "release", "--dry-run", "--repository-url", local_index.url)
    assert release.returncode == 0, release.stdout + release.stderr
    assert "dry run: nothing was uploaded" in release.stdout


def test_lint_on_unformatted_code_says_how_to_adopt(tmp_path: Path, cli: Cli) -> None:
    """A lint session failing on existing code names the gradual way in."""
    root = _adopt(tmp_path, "flat", cli, ruff=True)
    (root / "flat_pkg/__init__.py").write_text("x=[1,\n2]\n", encoding="utf-8")
    result = run_tool(root, "nox", "-s", "lint")
    assert result.returncode == 1
    assert "ruff format --check fails on existing code. To adopt it gradually" in (
        result.stdout + result.stderr
    )


def test_code_of_a_project_without_ruff_keeps_its_own_linters(tmp_path: Path, cli: Cli) -> None:
    """Rich lints with black, isort and flake8: ruff checks only the files init wrote.

    Likewise actionlint and zizmor check the workflows releasegate runs, not rich's
    codeql.yml (actions/checkout@v4 runs on node 20, which actionlint reports).
    """
    root = _adopt(tmp_path, "flat", cli)
    (root / "flat_pkg/__init__.py").write_text("import os\nx=[1,\n2]\n", encoding="utf-8")
    (root / ".github/workflows/codeql.yml").write_text(_NODE20, encoding="utf-8")
    result = run_tool(root, "nox", "-s", "lint")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
