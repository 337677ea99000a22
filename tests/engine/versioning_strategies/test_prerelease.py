"""Tests for releasegate.engine.versioning_strategies.prerelease."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from tests.builders import conventional_commit as commit

from releasegate.engine.version import Version
from releasegate.engine.versioning_strategies.prerelease import (
    PrereleaseMajorVersionUpdate,
    PrereleaseMinorVersionUpdate,
    PrereleasePatchVersionUpdate,
    PrereleaseVersioningStrategy,
    bump_prerelease,
    increment_digits,
)
from releasegate.errors import UsageError

if TYPE_CHECKING:
    from releasegate.engine.commits import ConventionalCommit
    from releasegate.engine.versioning_strategies import VersionUpdater


BREAKING = [commit("docs"), commit("perf", breaking=True), commit("feat")]
FEATURE = [commit("chore"), commit("feat")]
FIX = [commit("fix"), commit("docs")]


@pytest.mark.parametrize(
    ("prerelease", "expected"),
    [
        # no digits: append .1
        ("a", "a.1"),
        ("beta", "beta.1"),
        ("rc-x", "rc-x.1"),
        # the last run of digits counts up, keeping its width
        ("beta07", "beta08"),
        ("beta09", "beta10"),
        ("beta99", "beta100"),
        ("rc.4", "rc.5"),
        ("rc.4-x", "rc.5-x"),
        ("dev2024.9", "dev2024.10"),
        ("7", "8"),
        ("00", "01"),
        # a run of any length
        ("rc." + "9" * 5000, "rc.1" + "0" * 5000),
        # only ASCII digits count
        ("beta\N{ARABIC-INDIC DIGIT ONE}", "beta\N{ARABIC-INDIC DIGIT ONE}.1"),
    ],
)
def test_bump_prerelease(prerelease: str, expected: str) -> None:
    """The prerelease number is the last digit run, zero-padded to its old width."""
    assert bump_prerelease(prerelease) == expected


@pytest.mark.parametrize(
    ("version", "commits", "expected"),
    [
        # breaking: a release version goes to the next major's first prerelease
        ("2.4.6", BREAKING, "3.0.0-rc"),
        ("0.4.6", BREAKING, "1.0.0-rc"),
        # breaking: an X.0.0 prerelease counts up, any other bumps the major keeping its suffix
        ("3.0.0-rc", BREAKING, "3.0.0-rc.1"),
        ("3.0.0-alpha04", BREAKING, "3.0.0-alpha05"),
        ("3.0.1-alpha04", BREAKING, "4.0.0-alpha04"),
        ("3.2.0-rc.2", BREAKING, "4.0.0-rc.2"),
        # feature: a release version goes to the next minor's first prerelease
        ("2.4.6", FEATURE, "2.5.0-rc"),
        ("0.4.6", FEATURE, "0.5.0-rc"),
        # feature: an X.Y.0 prerelease counts up, any other bumps the minor keeping its suffix
        ("2.5.0-rc", FEATURE, "2.5.0-rc.1"),
        ("3.0.0-rc.3", FEATURE, "3.0.0-rc.4"),
        ("2.5.1-alpha04", FEATURE, "2.6.0-alpha04"),
        # fix: a release version goes to the next patch's first prerelease
        ("2.4.6", FIX, "2.4.7-rc"),
        # fix: any prerelease counts up
        ("2.4.7-rc", FIX, "2.4.7-rc.1"),
        ("2.4.7-alpha.8", FIX, "2.4.7-alpha.9"),
        ("3.0.0-rc09", FIX, "3.0.0-rc10"),
        # the build part rides along
        ("2.4.7-rc.1+b3", FIX, "2.4.7-rc.2+b3"),
        ("2.4.6+b3", FIX, "2.4.7-rc+b3"),
    ],
)
def test_bump_with_type(version: str, commits: list[ConventionalCommit], expected: str) -> None:
    """With prerelease on and a prerelease type, versions walk through prereleases."""
    strategy = PrereleaseVersioningStrategy(prerelease_type="rc", prerelease=True)
    assert str(strategy.bump(Version.parse(version), commits)) == expected


@pytest.mark.parametrize(
    ("version", "commits", "expected"),
    [
        # without a type a release version gets no suffix
        ("2.4.6", BREAKING, "3.0.0"),
        ("2.4.6", FEATURE, "2.5.0"),
        ("2.4.6", FIX, "2.4.7"),
        # an existing prerelease still counts up
        ("3.0.0-alpha04", BREAKING, "3.0.0-alpha05"),
        ("2.4.7-alpha", FIX, "2.4.7-alpha.1"),
    ],
)
def test_bump_without_type(version: str, commits: list[ConventionalCommit], expected: str) -> None:
    """With prerelease on but no prerelease type, release versions bump plainly."""
    strategy = PrereleaseVersioningStrategy(prerelease=True)
    assert str(strategy.bump(Version.parse(version), commits)) == expected


@pytest.mark.parametrize(
    ("version", "commits", "expected"),
    [
        # the bump is computed as with prerelease on, then reduced to X.Y.Z
        ("2.4.6", BREAKING, "3.0.0"),
        ("2.4.6", FEATURE, "2.5.0"),
        ("2.4.6", FIX, "2.4.7"),
        ("3.0.0-rc.2", BREAKING, "3.0.0"),
        ("3.2.0-rc.2", BREAKING, "4.0.0"),
        ("2.5.0-alpha", FEATURE, "2.5.0"),
        ("2.5.1-alpha", FEATURE, "2.6.0"),
        ("2.4.7-alpha.3", FIX, "2.4.7"),
        # the build part is dropped too
        ("2.4.7-alpha.3+b9", FIX, "2.4.7"),
        ("2.4.6+b9", FIX, "2.4.7"),
    ],
)
def test_bump_prerelease_off(
    version: str, commits: list[ConventionalCommit], expected: str
) -> None:
    """With prerelease off the suffix is dropped: the prerelease graduates."""
    strategy = PrereleaseVersioningStrategy(prerelease_type="rc", prerelease=False)
    assert str(strategy.bump(Version.parse(version), commits)) == expected


@pytest.mark.parametrize(
    ("options", "version", "commits", "expected"),
    [
        ({"bump_minor_pre_major": True}, "0.4.6", BREAKING, "0.5.0-rc"),
        ({"bump_minor_pre_major": True}, "0.5.0-rc", BREAKING, "0.5.0-rc.1"),
        ({"bump_minor_pre_major": True}, "1.4.6", BREAKING, "2.0.0-rc"),
        ({"bump_patch_for_minor_pre_major": True}, "0.4.6", FEATURE, "0.4.7-rc"),
        ({"bump_patch_for_minor_pre_major": True}, "0.4.7-rc", FEATURE, "0.4.7-rc.1"),
        ({"bump_patch_for_minor_pre_major": True}, "1.4.6", FEATURE, "1.5.0-rc"),
    ],
)
def test_pre_major_options(
    options: dict[str, bool], version: str, commits: list[ConventionalCommit], expected: str
) -> None:
    """The pre-1.0 options pick the smaller prerelease bump before 1.0.0."""
    strategy = PrereleaseVersioningStrategy(prerelease_type="rc", prerelease=True, **options)
    assert str(strategy.bump(Version.parse(version), commits)) == expected


@pytest.mark.parametrize("prerelease", [True, False])
def test_release_as(prerelease: bool) -> None:
    """Release-As wins over the prerelease rules, suffix and all."""
    strategy = PrereleaseVersioningStrategy(prerelease_type="rc", prerelease=prerelease)
    commits = [commit("feat", breaking=True), commit("fix", release_as="5.0.0-beta.2")]
    assert str(strategy.bump(Version(1, 0, 0, "rc.1"), commits)) == "5.0.0-beta.2"


def test_release_as_invalid() -> None:
    """An unparsable Release-As fails here too."""
    strategy = PrereleaseVersioningStrategy(prerelease_type="rc", prerelease=True)
    with pytest.raises(UsageError, match=r"Release-As: '2\.0' is not a version"):
        strategy.bump(Version(1, 0, 0), [commit("fix", release_as="2.0")])


@pytest.mark.parametrize(
    ("update", "version", "expected"),
    [
        (PrereleasePatchVersionUpdate("dev"), "1.1.1", "1.1.2-dev"),
        (PrereleasePatchVersionUpdate(None), "1.1.1", "1.1.2"),
        (PrereleaseMinorVersionUpdate("dev"), "1.1.1", "1.2.0-dev"),
        (PrereleaseMinorVersionUpdate("dev"), "1.1.0-dev", "1.1.0-dev.1"),
        (PrereleaseMajorVersionUpdate("dev"), "1.1.1", "2.0.0-dev"),
        (PrereleaseMajorVersionUpdate("dev"), "1.0.0-dev", "1.0.0-dev.1"),
        (PrereleaseMajorVersionUpdate("dev"), "1.0.1-dev", "2.0.0-dev"),
    ],
)
def test_update_kinds(update: VersionUpdater, version: str, expected: str) -> None:
    """The prerelease update kinds count up or move on as their level demands."""
    assert str(update.bump(Version.parse(version))) == expected


@pytest.mark.parametrize(
    ("digits", "expected"),
    [("0", "1"), ("8", "9"), ("9", "10"), ("0099", "0100"), ("1299", "1300"), ("999", "1000")],
)
def test_increment_digits(digits: str, expected: str) -> None:
    """Adding one keeps the run's width unless it overflows."""
    assert increment_digits(digits) == expected
