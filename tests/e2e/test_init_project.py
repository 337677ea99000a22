"""Slow: after ``init``, the project's own ``nox -s lint tests`` and ``invoke release --dry-run``.

The project's ``releasegate`` dependency resolves to this checkout through a
``[tool.uv.sources]`` path entry the test adds. uv runs offline (``UV_OFFLINE=1``): it resolves
from its cache, so without a filled cache (a fresh machine, an empty HOME) the test skips
instead of reaching for PyPI; ``RELEASEGATE_ONLINE_TESTS=1`` lets it fill the cache.
"""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import tomlkit
from tests._shapes import make_shape
from tests.builders import git, git_env

from releasegate.commands.init import Options, run

# The adopted shapes declare requires-python >= 3.11, so uv locks them with this interpreter.
pytestmark = pytest.mark.skipif(
    sys.version_info < (3, 11), reason="the adopted shapes require Python 3.11 or newer"
)
ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
NOX = BIN / "nox"


def _env() -> dict[str, str]:
    env = {**os.environ, **git_env(), "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    env.pop("VIRTUAL_ENV", None)
    env.setdefault("UV_PYTHON_DOWNLOADS", "never")
    if not os.environ.get("RELEASEGATE_ONLINE_TESTS"):
        env["UV_OFFLINE"] = "1"
    return env


def _run(root: Path, *argv: str | Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(a) for a in argv], cwd=root, env=_env(), capture_output=True, text=True, check=False
    )
    output = result.stdout + result.stderr
    if result.returncode and "network was disabled" in output:
        pytest.skip("uv's cache lacks a package; run once with RELEASEGATE_ONLINE_TESTS=1")
    return result


def _adopt(tmp_path: Path, shape: str, capsys: pytest.CaptureFixture[str]) -> Path:
    if shutil.which("uv", path=str(BIN)) is None or not NOX.is_file():
        pytest.skip("needs uv and nox in the test environment")
    root = make_shape(tmp_path, shape)
    assert run(Options(project=root)) == 0
    capsys.readouterr()
    with (root / "pyproject.toml").open("a", encoding="utf-8") as fh:
        fh.write(f'\n[tool.uv.sources]\nreleasegate = {{ path = "{ROOT.as_posix()}" }}\n')
    locked = _run(root, BIN / "uv", "lock")
    assert locked.returncode == 0, locked.stderr
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "chore: adopt releasegate")
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
def test_written_gates_and_release_run(tmp_path, shape, capsys):
    """The written nox sessions pass, and invoke release --dry-run builds and checks."""
    root = _adopt(tmp_path, shape, capsys)
    gates = _run(root, NOX, "-s", "lint", "tests")
    assert gates.returncode == 0, gates.stdout[-3000:] + gates.stderr[-3000:]
    # the tests session ran in its own environment (nox's output is not read), with the
    # tools at the versions uv.lock pins
    [tests_env] = [p for p in (root / ".nox").iterdir() if p.name.startswith("tests-")]
    assert _installed(tests_env, "pytest") == _locked(root, "pytest")
    assert _installed(root / ".nox" / "lint", "ruff") == _locked(root, "ruff")
    release = _run(root, BIN / "invoke", "release", "--dry-run")
    assert release.returncode == 0, release.stdout + release.stderr
    assert "dry run: nothing was uploaded" in release.stdout


def test_lint_on_unformatted_code_says_how_to_adopt(tmp_path, capsys):
    """A lint session failing on existing code names the gradual way in."""
    root = _adopt(tmp_path, "flat", capsys)
    (root / "flat_pkg/__init__.py").write_text("x=[1,\n2]\n", encoding="utf-8")
    result = _run(root, NOX, "-s", "lint")
    assert result.returncode == 1
    assert "ruff format --check fails on existing code. To adopt it gradually" in (
        result.stdout + result.stderr
    )
