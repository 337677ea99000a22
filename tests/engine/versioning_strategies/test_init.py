"""Tests for releasegate.engine.versioning_strategies (update kinds, registry and factory)."""

from __future__ import annotations

import pytest

from releasegate.engine.version import Version, VersionParseError
from releasegate.engine.versioning_strategies import (
    VERSIONING_STRATEGIES,
    AlwaysBumpMajor,
    AlwaysBumpMinor,
    AlwaysBumpPatch,
    CustomVersionUpdate,
    DefaultVersioningStrategy,
    MajorVersionUpdate,
    MinorVersionUpdate,
    PatchVersionUpdate,
    PrereleaseVersioningStrategy,
    ServicePackVersioningStrategy,
    VersionUpdater,
    build_versioning_strategy,
)
from releasegate.errors import UsageError


@pytest.mark.parametrize(
    ("update", "version", "expected"),
    [
        # plain bumps keep the prerelease and build parts, as release-please's do
        (MajorVersionUpdate(), "1.2.3", "2.0.0"),
        (MajorVersionUpdate(), "0.2.3-rc.1+b5", "1.0.0-rc.1+b5"),
        (MinorVersionUpdate(), "1.2.3", "1.3.0"),
        (MinorVersionUpdate(), "1.2.3-rc.1+b5", "1.3.0-rc.1+b5"),
        (PatchVersionUpdate(), "1.2.3", "1.2.4"),
        (PatchVersionUpdate(), "1.2.3-rc.1+b5", "1.2.4-rc.1+b5"),
        # a custom update ignores the current version
        (CustomVersionUpdate("4.0.0-beta"), "9.9.9", "4.0.0-beta"),
        (CustomVersionUpdate("v0.1.0"), "1.0.0", "0.1.0"),
    ],
)
def test_version_updates(update: VersionUpdater, version: str, expected: str) -> None:
    """Each update kind changes the version as release-please's VersionUpdater does."""
    assert str(update.bump(Version.parse(version))) == expected


def test_custom_version_update_invalid() -> None:
    """A custom update with no X.Y.Z in it cannot bump."""
    with pytest.raises(VersionParseError):
        CustomVersionUpdate("2.0").bump(Version(1, 0, 0))


@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("default", DefaultVersioningStrategy),
        ("always-bump-patch", AlwaysBumpPatch),
        ("always-bump-minor", AlwaysBumpMinor),
        ("always-bump-major", AlwaysBumpMajor),
        ("prerelease", PrereleaseVersioningStrategy),
        ("service-pack", ServicePackVersioningStrategy),
        # release-please falls back to default for an empty name
        ("", DefaultVersioningStrategy),
    ],
)
def test_build_by_name(name: str, cls: type[DefaultVersioningStrategy]) -> None:
    """Each config name builds its strategy class."""
    assert type(build_versioning_strategy(name)) is cls


def test_registry_names() -> None:
    """The registry holds exactly release-please's six names."""
    assert sorted(VERSIONING_STRATEGIES) == [
        "always-bump-major",
        "always-bump-minor",
        "always-bump-patch",
        "default",
        "prerelease",
        "service-pack",
    ]


@pytest.mark.parametrize("name", ["bogus", "Default", "always_bump_patch", "java-snapshot"])
def test_unknown_name(name: str) -> None:
    """An unknown name is a one-line UsageError that lists the valid names."""
    with pytest.raises(UsageError) as info:
        build_versioning_strategy(name)
    message = str(info.value)
    assert message.startswith(f"unknown versioning strategy {name!r}; use one of ")
    assert "'always-bump-patch'" in message
    assert "'service-pack'" in message
    assert "\n" not in message
    assert info.value.exit_code == 2


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("default", DefaultVersioningStrategy(True, True)),
        ("always-bump-minor", AlwaysBumpMinor(True, True)),
        ("service-pack", ServicePackVersioningStrategy(True, True)),
        ("prerelease", PrereleaseVersioningStrategy(True, True, "beta", prerelease=True)),
    ],
)
def test_options_passed_to_every_strategy(name: str, expected: DefaultVersioningStrategy) -> None:
    """Every strategy gets the pre-1.0 options; only prerelease takes the prerelease ones."""
    strategy = build_versioning_strategy(
        name,
        bump_minor_pre_major=True,
        bump_patch_for_minor_pre_major=True,
        prerelease_type="beta",
        prerelease=True,
    )
    assert strategy == expected


def test_factory_defaults() -> None:
    """By default the prerelease strategy has no type and prerelease off."""
    assert build_versioning_strategy("prerelease") == PrereleaseVersioningStrategy()
    assert (
        str(build_versioning_strategy("prerelease").bump(Version(1, 0, 0, "beta"), [])) == "1.0.0"
    )
