"""``releasegate init``: the setup written into real project shapes, kept edits, idempotence."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import tomlkit
from tests._shapes import SHAPES, make_shape
from tests.builders import git

from releasegate.adopt.project import detect_project
from releasegate.adopt.scaffold import plan_setup

if TYPE_CHECKING:
    from tests.builders import Cli

ROOT = Path(__file__).resolve().parents[2]
WRITTEN = [
    "noxfile.py",
    "tasks.py",
    ".github/workflows/ci.yml",
    ".github/workflows/release-please.yml",
    ".release-please-config.json",
    ".release-please-manifest.json",
    "pyproject.toml",
    ".gitignore",
]


def _init(cli: Cli, root: Path, *flags: str) -> str:
    """Run ``releasegate init root *flags`` in-process; return its stdout."""
    run = cli("init", root, *flags)
    assert run.code == 0, run.err
    return run.out


def _snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): p.read_text(encoding="utf-8")
        for p in root.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_init_writes_the_setup_once(tmp_path: Path, shape: str, cli: Cli):
    """Running init writes every file of the setup; a second init changes nothing."""
    root = make_shape(tmp_path, shape)
    _init(cli, root)
    for path in WRITTEN:
        assert (root / path).is_file() or shape == "release-please", path
    first = _snapshot(root)
    out = _init(cli, root)
    assert _snapshot(root) == first
    assert "created" not in out
    assert "updated" not in out


def test_dry_run_lists_and_writes_nothing(tmp_path: Path, cli: Cli):
    """--dry-run says what it would create and leaves the tree as it was."""
    root = make_shape(tmp_path, "src")
    before = _snapshot(root)
    out = _init(cli, root, "--dry-run")
    assert _snapshot(root) == before
    assert "  would create  .github/workflows/release-please.yml" in out
    assert "  would update  pyproject.toml" in out
    assert out.endswith("dry run: nothing was written\n")


def test_pyproject_keeps_comments_and_gains_groups(tmp_path: Path, cli: Cli):
    """Edits keep every comment; groups are added, an existing one only gains what it lacks."""
    root = make_shape(tmp_path, "comments")
    before = (root / "pyproject.toml").read_text(encoding="utf-8")
    _init(cli, root)
    after = (root / "pyproject.toml").read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n").rsplit("]", 1)[0])
    for comment in ("# The build", "# the name", "# bumped by the release PR", "# pinned low"):
        assert comment in after
    data = tomlkit.parse(after).unwrap()
    groups = data["dependency-groups"]
    assert groups["test"] == ["pytest>=8", "coverage[toml]>=7.6"]
    assert groups["release"][0].startswith("releasegate>=")
    assert {"include-group": "release"} in groups["dev"]
    assert data["tool"]["releasegate"] == {
        "version-scheme": "pep440",
        "update-lockfile": True,
        "strict": True,
        "draft-until-published": True,
    }


def test_release_please_project_keeps_config_and_workflows(tmp_path: Path, cli: Cli):
    """An existing config and manifest are kept; a kept ci.yml can be called; --force replaces it."""
    root = make_shape(tmp_path, "release-please")
    out = _init(cli, root)
    assert "kept       release-please-config.json" in out
    assert (
        "updated    .github/workflows/ci.yml  (kept, with 'workflow_call' added: the Release "
        "workflow calls it)"
    ) in out
    assert not (root / ".release-please-config.json").exists()
    ci = (root / ".github/workflows/ci.yml").read_text(encoding="utf-8")
    assert ci == "name: old CI\non: [push, workflow_call]\njobs: {}\n"
    _init(cli, root, "--force")
    assert "workflow_call:" in (root / ".github/workflows/ci.yml").read_text(encoding="utf-8")
    assert (root / ".release-please-manifest.json").read_text(
        encoding="utf-8"
    ) == '{".": "3.1.0"}\n'


@pytest.mark.parametrize(
    ("shape", "extra_files", "manifest"),
    [
        ("flat", None, "1.2.0"),
        ("version-file", ["src/vfile/_version.py"], "0.4.0"),
        ("dynamic", None, "0.7.0"),
        ("module", ["mod.py"], "0.2.0"),
    ],
)
def test_config_points_at_the_version(
    tmp_path: Path, shape: str, extra_files: list[str] | None, manifest: str, cli: Cli
):
    """The version file the python release-type misses becomes an annotated extra-file."""
    root = make_shape(tmp_path, shape)
    out = _init(cli, root)
    config = json.loads((root / ".release-please-config.json").read_text(encoding="utf-8"))
    assert config["packages"]["."].get("extra-files") == extra_files
    assert json.loads((root / ".release-please-manifest.json").read_text(encoding="utf-8")) == {
        ".": manifest
    }
    if extra_files:
        text = (root / extra_files[0]).read_text(encoding="utf-8")
        assert text.endswith(f'__version__ = "{manifest}"  # x-release-please-version\n')
    assert ("a release only tags" in out) is (shape == "dynamic")


def test_prints_the_trusted_publisher(tmp_path: Path, cli: Cli):
    """The PyPI trusted-publisher entry names what the written workflow uses."""
    root = make_shape(tmp_path, "flat")
    out = _init(cli, root)
    assert (
        "  PyPI project name: flat-pkg\n  Owner:             acme\n"
        "  Repository name:   widget\n  Workflow name:     release-please.yml\n"
        "  Environment name:  pypi\n"
    ) in out
    workflow = (root / ".github/workflows/release-please.yml").read_text(encoding="utf-8")
    assert "      name: pypi\n      url: https://pypi.org/project/flat-pkg/\n" in workflow
    assert "run: uv run --locked --only-group release releasegate publish-release" in workflow


def test_releasegate_workflows_are_inits_rendering():
    """The project's own workflows are exactly what init writes for releasegate."""
    project = dataclasses.replace(detect_project(ROOT), branch="main")
    rendered = {f.path: f for f in plan_setup(project, force=True).files}
    workflows = sorted(p.name for p in (ROOT / ".github/workflows").iterdir())
    assert workflows == ["ci.yml", "release-please.yml"]
    for name in workflows:
        item = rendered[f".github/workflows/{name}"]
        assert item.action == "unchanged", name


@pytest.mark.parametrize("setup", ["not-git", "not-python"])
def test_cli_refuses_in_one_line(tmp_path: Path, setup: str, cli: Cli):
    """The CLI turns a directory init cannot adopt into one error line and exit 2."""
    if setup == "not-python":
        git(tmp_path, "init", "-q")
    code, _, err = cli("init", tmp_path)
    assert code == 2
    assert err.count("\n") == 1
    assert err.startswith("releasegate: error: ")


def test_notes_an_untagged_version(tmp_path: Path, cli: Cli):
    """A version without its tag gets a note saying which tag to create."""
    out = _init(cli, make_shape(tmp_path, "flat"))
    assert "note: no tag v1.2.0: tag the commit that released 1.2.0" in out


@pytest.mark.parametrize("shape", ["src", "release-please"])
def test_written_workflows_pass_actionlint_and_zizmor(tmp_path: Path, shape: str, cli: Cli):
    """The written workflows are clean for actionlint and zizmor --offline."""
    bin_dir = Path(sys.executable).parent
    if not (bin_dir / "actionlint").is_file() or not (bin_dir / "zizmor").is_file():
        pytest.skip("actionlint and zizmor come with the lint dependency group")
    root = make_shape(tmp_path, shape)
    _init(cli, root, "--force")
    tools = [[str(bin_dir / "actionlint")], [str(bin_dir / "zizmor"), "--offline", ".github"]]
    for argv in tools:
        result = subprocess.run(argv, cwd=root, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr


def test_init_after_uv_lock_changes_nothing(tmp_path: Path, cli: Cli):
    """Creating uv.lock, as init asks, does not make the next init change anything."""
    root = make_shape(tmp_path, "src")
    _init(cli, root)
    first = _snapshot(root)
    (root / "uv.lock").write_text("version = 1\n", encoding="utf-8")
    _init(cli, root)
    assert _snapshot(root) == {**first, "uv.lock": "version = 1\n"}


def test_gitignore_gains_only_what_it_lacks(tmp_path: Path, cli: Cli):
    """.gitignore keeps its lines and gains .nox/ and dist/ when missing."""
    root = make_shape(tmp_path, "flat")
    (root / ".gitignore").write_text("dist\n*.pyc", encoding="utf-8")
    out = _init(cli, root)
    assert (root / ".gitignore").read_text(encoding="utf-8") == "dist\n*.pyc\n.nox/\n"
    assert "updated    .gitignore  (.nox/)" in out


def test_poetry_sdist_gains_the_tests(tmp_path: Path, cli: Cli):
    """A poetry project's sdist is told to carry tests/, which check requires; once only."""
    root = make_shape(tmp_path, "poetry")
    _init(cli, root)
    text = (root / "pyproject.toml").read_text(encoding="utf-8")
    assert 'include = [{path = "tests", format = "sdist"}]' in text
    _init(cli, root)
    assert (root / "pyproject.toml").read_text(encoding="utf-8") == text
