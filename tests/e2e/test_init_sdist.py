"""init on real published sdists made into git repositories (online: RELEASEGATE_ONLINE_TESTS=1).

The sdists come from the package index with ``pip download``; the default run stays off the
network, as every test here may only reach 127.0.0.1 unless told otherwise. Each repository is
tagged at the sdist's version, as the project's own repository is.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
from typing import TYPE_CHECKING

import pytest
from coverage import CoverageData
from tests._adoption import junit_result, lock_and_commit, require_tools, run_tool
from tests.builders import git

if TYPE_CHECKING:
    from pathlib import Path

    from tests.builders import Cli

pytestmark = pytest.mark.online  # pip downloads the sdists from PyPI


def _sdist_repo(tmp_path: Path, requirement: str) -> Path:
    downloaded = subprocess.run(
        [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:",
         "--dest", str(tmp_path), requirement],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if downloaded.returncode != 0:
        pytest.skip(f"pip download {requirement} failed (offline?)")
    archive = next(tmp_path.glob("*.tar.gz"))
    with tarfile.open(archive) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(tmp_path, filter="data")
        else:  # pragma: no cover - Pythons before the extraction filters
            tar.extractall(tmp_path)  # noqa: S202 - an sdist we just downloaded
    root = tmp_path / archive.name.removesuffix(".tar.gz")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "chore: import the sdist")
    git(root, "tag", f"v{requirement.split('==')[1]}")  # hatch-vcs, setuptools-scm read it
    git(root, "remote", "add", "origin", "https://github.com/example/project.git")
    return root


@pytest.mark.parametrize(
    ("requirement", "manifest", "extra_files"),
    [
        ("six==1.17.0", "1.17.0", ["six.py"]),  # setup.py, a single module holds the version
        ("iniconfig==2.1.0", "2.1.0", None),  # hatch-vcs: tags only
    ],
)
def test_init_adopts_a_published_project(
    tmp_path: Path, cli: Cli, requirement: str, manifest: str, extra_files: list[str] | None
) -> None:
    """Init reads a real project's version and layout, and a second run changes nothing."""
    root = _sdist_repo(tmp_path, requirement)
    adopted = cli("init", root)
    assert adopted.code == 0, adopted.err
    config = json.loads((root / ".release-please-config.json").read_text(encoding="utf-8"))
    versions = json.loads((root / ".release-please-manifest.json").read_text(encoding="utf-8"))
    assert versions == {".": manifest}
    assert config["packages"]["."].get("extra-files") == extra_files
    code, out, _ = cli("init", root, "--dry-run")
    assert code == 0
    assert "would create" not in out
    assert "would update" not in out


@pytest.mark.parametrize(
    ("requirement", "runner", "at_least"),
    [
        ("six==1.17.0", "pytest", 150),  # setup.py and one module; pytest from the root
        ("pluggy==1.6.0", "pytest", 100),  # a 'testing' extra, tests in testing/
        ("packaging==25.0", "pytest", 1000),  # tests/requirements.txt (pretend), flit
        ("structlog==25.4.0", "pytest", 500),  # a 'tests' group with pytest-asyncio, hatch-vcs
        ("cachetools==5.5.2", "pytest", 100),  # setup.cfg metadata, tox.ini deps, src layout
        ("more-itertools==10.7.0", "unittest", None),  # requirements/development.txt
    ],
)
def test_published_project_runs_its_own_tests(
    tmp_path: Path,
    cli: Cli,
    requirement: str,
    runner: str,
    at_least: int | None,
):
    """After init and uv lock, tests-3.11 installs the project's test requirements and passes."""
    if sys.version_info < (3, 11):
        pytest.skip("the session is tests-3.11")
    require_tools("uv", "nox")
    root = _sdist_repo(tmp_path, requirement)
    adopted = cli("init", root)
    assert adopted.code == 0, adopted.err
    lock_and_commit(root)
    report = tmp_path / "junit.xml"
    posargs = ["--", f"--junitxml={report}"] if runner == "pytest" else []
    tests = run_tool(root, "nox", "-s", "tests-3.11", *posargs)
    assert tests.returncode == 0, tests.stdout[-4000:] + tests.stderr[-4000:]
    if at_least is not None:
        result = junit_result(report)
        assert result.tests >= at_least
        assert result.failed == 0
    data = CoverageData(basename=str(root / ".coverage"))
    data.read()
    assert data.measured_files()  # the project's code ran under the session's coverage
