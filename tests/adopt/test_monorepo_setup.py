"""What ``init`` learns about a monorepo, and what it tells the maintainer about it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from tests._monorepo import make_monorepo, member_files
from tests._shapes import make_shape
from tests.builders import git

from releasegate.adopt.monorepo_setup import (
    detect_monorepo,
    kept_config_notes,
    monorepo_notes,
    tag_style,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

_WORKSPACE = '[tool.uv.workspace]\nmembers = ["packages/*"]\n'
_HATCH = '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n'
_ROOT_PROJECT = '[project]\nname = "root-pkg"\nversion = "2.0.0"\nrequires-python = ">=3.10"\n'
_ALL = ["packages/app", "packages/core", "packages/ext"]


@pytest.mark.parametrize(
    ("files", "members", "skipped"),
    [
        # a virtual root: the members alone
        ({}, _ALL, []),
        # a root that is a package itself comes first
        ({"pyproject.toml": _HATCH + _ROOT_PROJECT + _WORKSPACE}, [".", *_ALL], []),
        # python-sdk-contrib: a root [project] for its dependencies only, never built
        ({"pyproject.toml": f"{_ROOT_PROJECT}\n[tool.uv]\npackage = false\n\n{_WORKSPACE}"},
         _ALL, []),
        # a root [project] without a build system: uv does not build it either
        ({"pyproject.toml": f"{_ROOT_PROJECT}\n{_WORKSPACE}"}, _ALL, []),
        # exclude globs, and a member that is no package
        ({"pyproject.toml": _WORKSPACE + 'exclude = ["packages/app"]\n',
          "packages/ext/pyproject.toml": '[project]\nname = "ext"\nversion = "1.0.0"\n'},
         ["packages/core"], ["packages/ext/pyproject.toml (uv does not build it)"]),
        # a member directory without [project]
        ({"packages/app/pyproject.toml": "[tool.ruff]\nline-length = 100\n"},
         ["packages/core", "packages/ext"], ["packages/app/pyproject.toml (no [project] name)"]),
    ],
    ids=["virtual-root", "root-package", "root-not-a-package", "root-no-build-system",
         "exclude-and-no-build", "no-project"],
)  # fmt: skip
def test_workspace_members_are_the_packages_uv_builds(
    tmp_path: Path, files: dict[str, str], members: list[str], skipped: list[str]
) -> None:
    """The released members are those uv builds; the others are named, never silently lost."""
    monorepo = detect_monorepo(make_monorepo(tmp_path, files=files))
    assert monorepo is not None
    assert monorepo.workspace
    assert [m.path for m in monorepo.members] == members
    assert list(monorepo.skipped) == skipped


def test_projects_side_by_side_are_found_outside_fixtures(tmp_path: Path) -> None:
    """Without a workspace, a root with no project of its own has the projects below it."""
    fixture = member_files("packages/core/tests/data/pkg", "fixture-pkg")
    root = make_monorepo(tmp_path, workspace=False, files=fixture)
    monorepo = detect_monorepo(root)
    assert monorepo is not None
    assert not monorepo.workspace
    assert [(m.path, m.project.name) for m in monorepo.members] == [
        ("packages/app", "app"), ("packages/core", "core"), ("packages/ext", "ext")
    ]  # fmt: skip
    assert monorepo.graph == ()  # no workspace: no pins to keep in step


@pytest.mark.parametrize(
    "make",
    [
        lambda root: make_shape(root, "flat"),
        # a project that declares a workspace of itself alone
        lambda root: make_monorepo(
            root, {}, files={"pyproject.toml": _HATCH + _ROOT_PROJECT + _WORKSPACE}
        ),
        # a project with fixture projects in its tests
        lambda root: make_monorepo(root, workspace=False,
                                   files={"pyproject.toml": _HATCH + _ROOT_PROJECT}),
    ],
    ids=["single", "workspace-of-one", "project-with-subprojects"],
)  # fmt: skip
def test_a_single_project_is_no_monorepo(tmp_path: Path, make: Callable[[Path], Path]) -> None:
    """A root that is a project (and the only package) keeps the single-project setup."""
    assert detect_monorepo(make(tmp_path)) is None


def test_pythons_are_those_every_member_supports(tmp_path: Path) -> None:
    """The tests matrix runs each Python on every member, so it is their intersection."""
    newer = member_files("packages/core", "core").copy()
    newer["packages/core/pyproject.toml"] = newer["packages/core/pyproject.toml"].replace(
        'requires-python = ">=3.10"', 'requires-python = ">=3.11"'
    )
    monorepo = detect_monorepo(make_monorepo(tmp_path, files=newer))
    assert monorepo is not None
    assert monorepo.pythons == ("3.11", "3.12", "3.13")
    assert monorepo.python_floor == "3.11"


@pytest.mark.parametrize(
    ("tags", "style"),
    [
        ([], ("-", True)),  # release-please's monorepo tags: core-v1.0.0
        (["core-v1.0.0", "ext-v1.0.0"], ("-", True)),
        (["core/v1.0.0", "ext/v1.0.0", "v0.9.0"], ("/", True)),  # python-sdk-contrib
        (["core-1.0.0"], ("-", False)),
        (["v1.0.0", "other-v1.0.0"], ("-", True)),  # no tag names a member
    ],
    ids=["none", "default", "slash", "no-v", "other-components"],
)
def test_tag_style_follows_the_members_tags(
    tmp_path: Path, tags: list[str], style: tuple[str, bool]
) -> None:
    """Existing component tags set the separator and the v prefix of the written config."""
    root = make_monorepo(tmp_path, tags=tags)
    monorepo = detect_monorepo(root)
    assert monorepo is not None
    assert tag_style(root, monorepo.members) == style


_LOCK = (
    'version = 1\nrequires-python = ">=3.10"\n\n'
    '[[package]]\nname = "core"\nversion = "0.9.0"\nsource = { editable = "packages/core" }\n\n'
    '[[package]]\nname = "ext"\nversion = "1.0.0"\nsource = { editable = "packages/ext" }\n\n'
    '[[package]]\nname = "app"\nversion = "0.1.0"\nsource = { registry = "https://pypi.org/simple" }\n'
)
_VERSIONS = dict.fromkeys(_ALL, "1.0.0")


def test_a_stale_lock_is_one_line(tmp_path: Path) -> None:
    """A uv.lock whose members lag behind their pyproject.toml is named; nothing relocks it."""
    monorepo = detect_monorepo(make_monorepo(tmp_path, files={"uv.lock": _LOCK}))
    assert monorepo is not None
    [stale] = [n for n in monorepo_notes(monorepo, _VERSIONS, tags={}) if "uv.lock" in n]
    assert stale == (
        "uv.lock is stale: it records core at 0.9.0 where pyproject.toml says 1.0.0; nothing "
        "for app; run 'uv lock' and commit it before the first release (init does not relock)"
    )


def test_pins_that_disagree_with_the_manifest_are_doctors_warnings(tmp_path: Path) -> None:
    """A requirement between members that the manifest's version breaks is named, as doctor does."""
    monorepo = detect_monorepo(make_monorepo(tmp_path))
    assert monorepo is not None
    notes = monorepo_notes(monorepo, {**_VERSIONS, "packages/core": "1.1.0"}, tags={})
    assert notes == [
        (
            "packages/ext/pyproject.toml: 'core == 1.0.0' does not admit core 1.1.0, the version "
            "in .release-please-manifest.json; write a requirement that admits it"
        )
    ]


def test_missing_member_tags_name_the_shared_release_tag(tmp_path: Path) -> None:
    """supabase-py tags v2.30.0 for every package: the note says to tag that commit per member."""
    monorepo = detect_monorepo(make_monorepo(tmp_path, tags=["v1.0.0"]))
    assert monorepo is not None
    tags = {path: f"{path.rsplit('/', 1)[1]}-v1.0.0" for path in _ALL}
    [note] = monorepo_notes(monorepo, _VERSIONS, tags=tags)
    assert note == (
        "no tag app-v1.0.0, core-v1.0.0, ext-v1.0.0: tag the commit of each release ('git tag "
        "app-v1.0.0 v1.0.0^{}'), or the first release PR lists every commit so far"
    )


_PER_MEMBER = {f"packages/{n}": {"component": n} for n in ("core", "ext")}


@pytest.mark.parametrize(
    ("packages", "expected"),
    [
        # supabase-py: one package at a root that is no project, moving every member's pins
        ({".": {"extra-files": [{"type": "generic", "path": "packages/ext/pyproject.toml"},
                                {"type": "toml", "path": "packages/core/pyproject.toml",
                                 "jsonpath": "$.project.version"}]}},
         [("release-please-config.json releases the workspace as '.', which is no package (no "
          "[project]): publish-release cannot build it and the uv-workspace plugin moves "
          "nothing for it; give each member a package of its own (its directory as path, its "
          "name as component), which makes the plugin move their versions and pins (and the "
          "extra-files on packages/ext/pyproject.toml unnecessary)")]),
        # a package per member, one member left out
        ({"packages/core": {"component": "core"}},
         [("release-please-config.json has no package for app, ext: not released; the plugin "
          "only rewrites their requirements on released members")]),
        # a package per member whose pins still move by markers
        ({**_PER_MEMBER, "packages/app": {"extra-files": ["pyproject.toml", "README.md"]}},
         [("release-please-config.json: extra-files packages/app/pyproject.toml move members' "
          "pins, which the uv-workspace plugin now moves: they are unnecessary, remove them")]),
        # python-sdk-contrib: a package per member, extra-files for READMEs only
        ({**_PER_MEMBER, "packages/app": {"extra-files": ["README.md"]}}, []),
    ],
    ids=["one-root-package", "member-left-out", "pin-markers", "per-member"],
)  # fmt: skip
def test_a_kept_config_is_explained_for_the_plugin(
    tmp_path: Path, packages: dict[str, Any], expected: list[str]
) -> None:
    """What a kept config means with the plugin on is said in one line per finding."""
    monorepo = detect_monorepo(make_monorepo(tmp_path))
    assert monorepo is not None
    notes = kept_config_notes(monorepo, {"packages": packages}, "release-please-config.json")
    assert notes == expected


def test_members_without_tests_or_readme_are_named(tmp_path: Path) -> None:
    """A member the tests session skips, or twine would refuse, is named once."""
    root = make_monorepo(tmp_path)
    git(root, "rm", "-q", "-r", "packages/app/tests")
    text = (root / "packages/core/pyproject.toml").read_text(encoding="utf-8")
    (root / "packages/core/pyproject.toml").write_text(
        text.replace('readme = "README.md"\n', ""), encoding="utf-8"
    )
    monorepo = detect_monorepo(root)
    assert monorepo is not None
    assert monorepo_notes(monorepo, _VERSIONS, tags={}) == [
        "no tests folder in app: the tests session skips them",
        (
            "no readme in the metadata of core: twine check --strict refuses a distribution "
            'without a long description; add readme = "README.md"'
        ),
    ]
