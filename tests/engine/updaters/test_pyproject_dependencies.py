"""Tests for PyProjectDependencies: requirements on moved packages rewritten to admit them."""

from __future__ import annotations

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from releasegate.engine.updaters import UpdaterError
from releasegate.engine.updaters.pyproject_dependencies import (
    PyProjectDependencies,
    requirement_changes,
    rewrite_requirement,
)


@pytest.mark.parametrize(
    ("requirement", "version", "expected"),
    [
        # exact pins take the version, spacing kept
        ("core == 1.0.0", "1.1.0", "core == 1.1.0"),
        ("core==1.0.0", "2.0.0rc1", "core==2.0.0rc1"),
        ("core===1.0.0", "1.0.1", "core===1.0.1"),
        ("core==1.0.*", "1.1.0", "core==1.1.*"),
        # compatible releases keep their precision
        ("core~=1.0.0", "1.1.0", "core~=1.1.0"),
        ("core ~= 1.0", "2.0.0", "core ~= 2.0"),
        ("core~=1.4", "2.0.0rc1", "core~=2.0rc1"),
        # upper bounds move past the version at their precision; lower bounds stay
        ("core>=1.0,<1.1", "1.1.0", "core>=1.0,<1.2"),
        ("core (>=1.0, <2)", "2.0.0", "core (>=1.0, <3)"),
        ("core<2", "2.0.0rc1", "core<3"),
        ("core>=1.0,<=1.0.5", "1.1.0", "core>=1.0,<=1.1.0"),
        # extras and markers are kept as written
        (
            "Core[cli,http] ==1.0.0 ; python_version >= '3.10'",
            "1.0.1",
            "Core[cli,http] ==1.0.1 ; python_version >= '3.10'",
        ),
        ('core==1.0.0; sys_platform == "linux"', "1.1.0", 'core==1.1.0; sys_platform == "linux"'),
        # still admitted: left alone
        ("core>=1.0,<2", "1.9.0", None),
        ("core~=1.0", "1.5.0", None),
        ("core", "9.0.0", None),
        ("core>=1.0", "1.1.0rc1", None),
        ("core @ https://example.com/core-1.0.0.whl", "1.1.0", None),
    ],
)
def test_rewrite_requirement(requirement: str, version: str, expected: str | None):
    """A requirement that rejects the new version is rewritten to admit it, operators kept."""
    rewritten = rewrite_requirement(requirement, version)
    assert rewritten == expected
    if rewritten is not None:
        before, after = Requirement(requirement), Requirement(rewritten)
        assert after.specifier.contains(Version(version), prereleases=True)
        assert (after.name, after.extras, after.marker) == (
            before.name,
            before.extras,
            before.marker,
        )
        assert [s.operator for s in after.specifier] == [s.operator for s in before.specifier]


@pytest.mark.parametrize(
    "requirement",
    ["core>2", "core==1.0.0,!=1.0.1", "core !=1.0.1"],
    ids=["lower-bound-above", "excluded-by-pin", "excluded"],
)
def test_rewrite_requirement_refuses_what_operators_cannot_say(requirement: str):
    """A lower bound above the version or an != on it cannot be kept: one line, no guess."""
    with pytest.raises(UpdaterError) as info:
        rewrite_requirement(requirement, "1.0.1")
    assert str(info.value) == (
        f"{requirement!r} cannot admit 1.0.1 with the same operators; edit the requirement"
    )


def test_rewrite_requirement_of_no_pep_508_string_is_one_line():
    """The caret packaging draws under the bad column stays out of the one-line error."""
    with pytest.raises(UpdaterError) as info:
        rewrite_requirement("core ==", "1.0.1")
    message = str(info.value)
    assert message.startswith("'core ==' is not a PEP 508 requirement (Expected ")
    assert message.endswith("); fix the requirement")
    assert "\n" not in message


PYPROJECT = """\
[project]
name = "ext"
version = "1.0.1"
dependencies = [
  "core == 1.0.0", # x-release-please-version
  'core-utils ~= 1.0.0',
  "other == 1.0.0",
  "marked ==1.0.0; python_version < \\"3.11\\"",
]

[project.optional-dependencies]
cli = ["Core[cli] >=1.0,<1.1"]

[dependency-groups]
dev = [{ include-group = "test" }, "core==1.0.0"]
test = ["pytest>=8"]
"""

EXPECTED = """\
[project]
name = "ext"
version = "1.0.1"
dependencies = [
  "core == 1.1.0", # x-release-please-version
  'core-utils ~= 2.0.0',
  "other == 1.0.0",
  "marked ==1.2.0; python_version < \\"3.11\\"",
]

[project.optional-dependencies]
cli = ["Core[cli] >=1.0,<1.2"]

[dependency-groups]
dev = [{ include-group = "test" }, "core==1.1.0"]
test = ["pytest>=8"]
"""


def test_update_content_rewrites_every_table_and_keeps_the_rest():
    """Dependencies, extras and groups are rewritten in place; quotes and comments stay."""
    updater = PyProjectDependencies(
        (("core", "1.1.0"), ("core-utils", "2.0.0"), ("marked", "1.2.0"))
    )
    assert updater.update_content(PYPROJECT) == EXPECTED


def test_requirement_changes_name_each_rewrite():
    """The changes list says where, what was written and the specifiers before and after."""
    changes = requirement_changes(PYPROJECT, {"core": "1.1.0"})
    assert [(c.key, c.display_name, c.old_specifier, c.new_specifier) for c in changes] == [
        (("project", "dependencies", 0), "core", "== 1.0.0", "== 1.1.0"),
        (("project", "optional-dependencies", "cli", 0), "Core", ">=1.0,<1.1", ">=1.0,<1.2"),
        (("dependency-groups", "dev", 1), "core", "==1.0.0", "==1.1.0"),
    ]


def test_update_content_with_nothing_to_move():
    """A file with no requirement on a moved package, and a missing file, stay as they are."""
    updater = PyProjectDependencies((("elsewhere", "3.0.0"),))
    assert updater.update_content(PYPROJECT) == PYPROJECT
    assert updater.update_content(None) == ""


def test_update_content_multiline_string_falls_back_to_a_json_string():
    """A requirement in a multi-line string is written back as a plain double-quoted string."""
    text = '[project]\nname = "x"\ndependencies = ["""core==1.0.0"""]\n'
    updater = PyProjectDependencies((("core", "1.1.0"),))
    assert updater.update_content(text) == '[project]\nname = "x"\ndependencies = ["core==1.1.0"]\n'


def test_update_content_invalid_toml_is_an_updater_error():
    """A file that is not TOML is an UpdaterError, not a silent skip."""
    with pytest.raises(UpdaterError, match="not valid TOML"):
        PyProjectDependencies((("core", "1.1.0"),)).update_content("[project\n")
