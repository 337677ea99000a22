"""Tests for releasegate.engine.package_graph: packages read from a commit, workspaces, publish order."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from tests.oracle.repo import build_repo

from releasegate.engine import git
from releasegate.engine.package_graph import (
    DeclaredRequirement,
    PythonPackage,
    dependency_order,
    find_cycle,
    read_package,
    workspace_members,
)
from releasegate.errors import ConfigError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping
    from pathlib import Path

    TreeOf = Callable[[Mapping[str, str]], git.Tree]


@pytest.fixture
def tree_of(tmp_path: Path) -> Iterator[TreeOf]:
    """Commit files into a fresh repository and hand out its tree; closed after the test."""
    trees: list[git.Tree] = []

    def make(files: Mapping[str, str]) -> git.Tree:
        repo = build_repo({"files": dict(files)}, tmp_path / f"repo{len(trees)}")
        trees.append(git.Tree(repo, "HEAD"))
        return trees[-1]

    yield make
    for tree in trees:
        tree.close()


MEMBER = """\
[project]
name = "My_Ext"
version = "1.0.0"
dependencies = ["Core == 1.0.0", "httpx>=0.27"]

[project.optional-dependencies]
cli = ["core[cli]~=1.0.0; python_version >= '3.10'"]

[dependency-groups]
dev = [{ include-group = "test" }, "core>=1.0,<1.1"]
test = ["pytest"]
"""


def test_read_package(tree_of: TreeOf):
    """Name (normalised and as written), version and every requirement with its TOML key."""
    package = read_package(tree_of({"packages/ext/pyproject.toml": MEMBER}), "packages/ext/")
    assert package is not None
    assert (package.path, package.name, package.display_name) == (
        "packages/ext",
        "my-ext",
        "My_Ext",
    )
    assert (package.version, package.dynamic, package.pyproject) == (
        "1.0.0", False, "packages/ext/pyproject.toml",
    )  # fmt: skip
    assert [(r.key, r.name, r.runtime) for r in package.requirements] == [
        (("project", "dependencies", 0), "core", True),
        (("project", "dependencies", 1), "httpx", True),
        (("project", "optional-dependencies", "cli", 0), "core", True),
        (("dependency-groups", "dev", 1), "core", False),
        (("dependency-groups", "test", 0), "pytest", False),
    ]
    assert package.requires("core")
    assert package.requires("core", runtime_only=True)
    assert not package.requires("pytest", runtime_only=True)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"README": "x\n"}, None),  # no pyproject.toml
        ({"pyproject.toml": "[tool.uv]\npackage = false\n"}, None),  # no [project]
        ({"pyproject.toml": '[tool.poetry]\nname = "x"\n'}, None),
    ],
    ids=["no-pyproject", "no-project-table", "poetry"],
)
def test_read_package_without_a_project(tree_of: TreeOf, files: dict[str, str], expected: None):
    """A directory that is no [project] package reads as None."""
    assert read_package(tree_of(files), ".") is expected


def test_read_package_dynamic_version(tree_of: TreeOf):
    """A version listed in [project].dynamic is reported dynamic, with no version."""
    text = '[project]\nname = "x"\ndynamic = ["version"]\n'
    package = read_package(tree_of({"pyproject.toml": text}), ".")
    assert package is not None
    assert (package.path, package.version, package.dynamic) == (".", None, True)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[project]\nname = "x"\ndependencies = ["core >>= 1"]\n',
            "x/pyproject.toml: project.dependencies[0]: 'core >>= 1' is not a PEP 508 requirement",
        ),
        ('[project\nname = "x"\n', "x/pyproject.toml: not valid TOML ("),
    ],
    ids=["bad-requirement", "bad-toml"],
)
def test_read_package_errors_name_the_file(tree_of: TreeOf, text: str, message: str):
    """An unreadable file or requirement is one ConfigError line naming file and entry."""
    with pytest.raises(ConfigError) as info:
        read_package(tree_of({"x/pyproject.toml": text}), "x")
    assert str(info.value).startswith(message)
    assert "\n" not in str(info.value)


PROJECT = '[project]\nname = "{}"\nversion = "1.0.0"\n'


@pytest.mark.parametrize(
    ("root", "dirs", "expected"),
    [
        # a virtual root: only the globbed directories
        ('[tool.uv.workspace]\nmembers = ["packages/*"]\n', ["packages/a", "packages/b"],
         ["packages/a", "packages/b"]),
        # a root with [project] is a member too, listed first; exclude drops a match
        (PROJECT.format("root") + '[tool.uv.workspace]\nmembers = ["libs/*", "./tools/cli/"]\n'
         'exclude = ["libs/old"]\n', ["libs/a", "libs/old", "tools/cli", "other"],
         [".", "libs/a", "tools/cli"]),
        # ** reaches any depth
        ('[tool.uv.workspace]\nmembers = ["src/**"]\n', ["src/a", "src/b/c"], ["src/a", "src/b/c"]),
        # not a workspace
        (PROJECT.format("root"), ["packages/a"], None),
    ],
    ids=["virtual-root", "root-member-exclude", "recursive", "no-workspace"],
)  # fmt: skip
def test_workspace_members(tree_of: TreeOf, root: str, dirs: list[str], expected: list[str] | None):
    """Members are the directories with a pyproject.toml the globs match, minus exclude."""
    files = {"pyproject.toml": root}
    files.update({f"{d}/pyproject.toml": PROJECT.format(d.replace("/", "-")) for d in dirs})
    files["packages/README"] = "not a member\n"
    assert workspace_members(tree_of(files)) == expected


def test_workspace_members_bad_table(tree_of: TreeOf):
    """A members value that is not a list of globs is one line naming the key."""
    tree = tree_of({"pyproject.toml": '[tool.uv.workspace]\nmembers = "packages/*"\n'})
    with pytest.raises(ConfigError, match=r"^pyproject.toml: tool.uv.workspace.members: expected"):
        workspace_members(tree)


def package(name: str, *requires: str, group: str | None = None) -> PythonPackage:
    """A package requiring ``requires`` at runtime (or in dependency group ``group``)."""
    key = ("dependency-groups", group) if group else ("project", "dependencies")
    requirements = tuple(DeclaredRequirement((*key, i), r, r) for i, r in enumerate(requires))
    return PythonPackage(name, name, name, "1.0.0", dynamic=False, requirements=requirements)


@pytest.mark.parametrize(
    ("packages", "expected"),
    [
        ([package("app", "ext"), package("ext", "core"), package("core")], ["core", "ext", "app"]),
        # unrelated packages keep their order
        ([package("b"), package("a"), package("c", "a")], ["b", "a", "c"]),
        # a requirement on a package outside the set, or on itself, does not order anything
        ([package("a", "httpx", "a"), package("b")], ["a", "b"]),
        # dependency groups are never published: no order from them, so no cycle either
        ([package("a", "b", group="dev"), package("b", "a")], ["a", "b"]),
    ],
    ids=["chain", "stable", "outside-and-self", "groups-ignored"],
)
def test_dependency_order(packages: list[PythonPackage], expected: list[str]):
    """Each package comes after every package of the set it requires."""
    assert [p.name for p in dependency_order(packages)] == expected


def test_dependency_cycle_is_one_line():
    """Packages requiring each other cannot be ordered: the error names the cycle."""
    packages = [package("a", "b"), package("b", "c"), package("c", "a"), package("d")]
    assert find_cycle(packages) == ["a", "b", "c", "a"]
    with pytest.raises(ConfigError) as info:
        dependency_order(packages, where="pkgs/a/pyproject.toml")
    assert str(info.value) == (
        "pkgs/a/pyproject.toml: packages require each other in a cycle: a -> b -> c -> a; "
        "remove one of these requirements; a package can only reach an index after the "
        "packages it requires"
    )
