"""Project detection: name, version and where it lives, layout, tests, Pythons, git facts."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from tests._shapes import make_shape
from tests.builders import git

from releasegate.adopt.project import detect_project
from releasegate.errors import UsageError

if TYPE_CHECKING:
    from pathlib import Path


@pytest.mark.parametrize(
    ("shape", "name", "version", "source", "layout", "packages", "runner", "pythons"),
    [
        ("flat", "flat-pkg", "1.2.0", "pyproject.toml", "flat", ("flat_pkg",), "pytest", ("3.11",)),
        ("src", "src-pkg", "0.3.1", "pyproject.toml", "src", ("src/src_pkg",), "pytest", ("3.11",)),
        ("poetry", "poet", "2.0.0", "pyproject.toml", "flat", ("poet",), "pytest", ("3.11",)),
        ("version-file", "vfile", "0.4.0", "src/vfile/_version.py", "src", ("src/vfile",),
         "unittest", ("3.11",)),
        ("dynamic", "dyn", "0.7.0", "tag", "flat", ("dyn",), "pytest", ("3.11", "3.12", "3.13")),
        ("two-packages", "duo", "1.0.0", "pyproject.toml", "flat", ("alpha", "beta"), "pytest",
         ("3.11",)),
        ("module", "mod", "0.2.0", "mod.py", "flat", (), "pytest", ("3.10", "3.11", "3.12", "3.13")),
        ("setuptools", "legacy", "5.0.1", "setup.cfg", "flat", ("legacy",), "pytest", ("3.11",)),
    ],
)  # fmt: skip
def test_detects_the_shape(  # noqa: PLR0917 - one parameter per table column
    tmp_path: Path,
    shape: str,
    name: str,
    version: str,
    source: str,
    layout: str,
    packages: tuple[str, ...] | tuple[()],
    runner: str,
    pythons: tuple[str, ...],
):
    """Each shape's facts come from the source a maintainer would look at first."""
    project = detect_project(make_shape(tmp_path, shape))
    found = (project.name, project.version, project.version_source, project.layout)
    assert found == (name, version, source, layout)
    assert (project.packages, project.test_runner, project.pythons) == (packages, runner, pythons)
    assert (project.branch, project.repository) == ("main", "acme/widget")


def test_dynamic_version_names_its_plugin(tmp_path: Path):
    """hatch-vcs is recognised as a version derived from git."""
    assert detect_project(make_shape(tmp_path, "dynamic")).dynamic_version == "hatch-vcs"


def test_origin_head_is_the_default_branch(tmp_path: Path):
    """The default branch is origin's HEAD, not the branch checked out."""
    root = make_shape(tmp_path, "flat")
    git(root, "update-ref", "refs/remotes/origin/trunk", "HEAD")
    git(root, "symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/trunk")
    git(root, "checkout", "-q", "-b", "feature")
    assert detect_project(root).branch == "trunk"


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("not-git", "not a git repository; run 'git init' there first"),
        ("not-python", "not a Python project (no pyproject.toml, setup.cfg or setup.py)"),
        ("bad-toml", "pyproject.toml: not valid TOML"),
    ],
)
def test_refuses_what_it_cannot_adopt(tmp_path: Path, setup: str, message: str):
    """A directory that is not a Python git project gives one line saying what to do."""
    if setup != "not-git":
        git(tmp_path, "init", "-q")
    if setup == "bad-toml":
        (tmp_path / "pyproject.toml").write_text("[project\n", encoding="utf-8")
    if setup == "not-git":
        (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")) as info:
        detect_project(tmp_path)
    assert "\n" not in str(info.value)
