"""Property tests for the versioning strategies: they never crash and never go backwards.

Two cases are left out of "never lower", because release-please lowers there on purpose:

* ``Release-As`` sets whatever version it names, lower ones included;
* ``service-pack`` turns ``1.2.3`` into ``1.2.3-sp.1``, which semver orders *before* ``1.2.3``.

And one is narrowed: the prerelease strategy counts up the last digit run of the suffix as text
and keeps its width, so ``beta9`` → ``beta10`` and ``09`` → ``10`` sort lower under semver's
ASCII and numeric-before-alphanumeric rules (release-please's own tests call the first
"unfortunate"). Its monotonic property uses suffixes shaped ``<letters>[.<number>...]``.
Dropping the suffix with ``prerelease`` off never lowers: the bump either raises ``X.Y.Z`` or
keeps it and drops a suffix, and ``X.Y.Z`` sorts after ``X.Y.Z-anything``.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releasegate.engine.commits import CommitNote, ConventionalCommit
from releasegate.engine.version import Version, VersionParseError
from releasegate.engine.versioning_strategies import (
    VERSIONING_STRATEGIES,
    VersioningStrategy,
    build_versioning_strategy,
)
from releasegate.errors import UsageError

NAMES = sorted(VERSIONING_STRATEGIES)
RELEASE_AS_READERS = ("default", "prerelease")

numbers = st.integers(min_value=0, max_value=10**12)
suffixes = st.none() | st.text(max_size=12)
versions = st.builds(Version, numbers, numbers, numbers, suffixes, suffixes)

identifier = st.from_regex(r"[a-z]{1,6}", fullmatch=True)
numeric = st.integers(min_value=0, max_value=10**6).map(str)
semver_suffixes = st.builds(
    lambda head, tail: ".".join([head, *tail]), identifier, st.lists(numeric, max_size=3)
)
semver_versions = st.builds(
    Version, numbers, numbers, numbers, st.none() | semver_suffixes, st.none() | identifier
)

types = st.sampled_from(["feat", "feature", "fix", "chore", "Feat", "FEAT", "docs"]) | st.text(
    max_size=8
)
note_titles = st.sampled_from(["BREAKING CHANGE", "RELEASE AS", "Release-As", "other"])
note_texts = st.sampled_from(["3.1.2", "v0.0.1-rc.1", "2.0", "banana", ""]) | st.text(max_size=20)


@st.composite
def commits(draw: st.DrawFn, *, notes: bool = True) -> ConventionalCommit:
    """Draw one conventional commit, optionally with arbitrary notes."""
    drawn_notes = (
        draw(st.lists(st.builds(CommitNote, note_titles, note_texts), max_size=3)) if notes else []
    )
    type_ = draw(types)
    return ConventionalCommit(
        sha=draw(st.text("0123456789abcdef", min_size=0, max_size=40)),
        message=f"{type_}: x",
        files=(),
        type=type_,
        scope=None,
        bare_message="x",
        notes=tuple(drawn_notes),
        breaking=draw(st.booleans()),
    )


@st.composite
def strategies(
    draw: st.DrawFn, names: list[str] = NAMES, *, prerelease: bool | None = None
) -> tuple[str, VersioningStrategy]:
    """Draw a strategy name and the strategy built from it with arbitrary options."""
    name = draw(st.sampled_from(names))
    return name, build_versioning_strategy(
        name,
        bump_minor_pre_major=draw(st.booleans()),
        bump_patch_for_minor_pre_major=draw(st.booleans()),
        prerelease_type=draw(st.none() | st.sampled_from(["beta", "a", "rc"])),
        prerelease=draw(st.booleans()) if prerelease is None else prerelease,
    )


def first_release_as(history: list[ConventionalCommit]) -> str | None:
    """Return the text of the note release-please reads as Release-As, if any."""
    for commit in history:
        for note in commit.notes:
            if note.title == "RELEASE AS":
                return note.text
    return None


def is_version(text: str) -> bool:
    """Return True when the text holds an X.Y.Z version."""
    try:
        Version.parse(text)
    except VersionParseError:
        return False
    return True


@given(strategies(), versions, st.lists(commits(), max_size=6))
def test_never_raises_but_for_bad_release_as(
    named: tuple[str, VersioningStrategy], version: Version, history: list[ConventionalCommit]
) -> None:
    """Any version and commits give a version, unless the Release-As read is not a version."""
    name, strategy = named
    release_as = first_release_as(history)
    fails = name in RELEASE_AS_READERS and release_as is not None and not is_version(release_as)
    if fails:
        with pytest.raises(UsageError, match="Release-As") as info:
            strategy.bump(version, history)
        assert "\n" not in str(info.value)
        return
    bumped = strategy.bump(version, history)
    assert isinstance(bumped, Version)
    if name in RELEASE_AS_READERS and release_as is not None:
        assert bumped == Version.parse(release_as)


@given(
    strategies([name for name in NAMES if name not in {"service-pack", "prerelease"}]),
    versions,
    st.lists(commits(notes=False), max_size=6),
)
def test_bump_goes_up(
    named: tuple[str, VersioningStrategy], version: Version, history: list[ConventionalCommit]
) -> None:
    """Without Release-As, default and always-bump-* always move to a higher version."""
    _, strategy = named
    assert strategy.bump(version, history) > version


@given(strategies(["prerelease"]), semver_versions, st.lists(commits(notes=False), max_size=6))
def test_prerelease_bump_goes_up(
    named: tuple[str, VersioningStrategy], version: Version, history: list[ConventionalCommit]
) -> None:
    """The prerelease strategy moves up for semver-shaped suffixes, on or off."""
    _, strategy = named
    assert strategy.bump(version, history) > version


@given(strategies(["prerelease"], prerelease=False), versions, st.lists(commits(notes=False)))
def test_prerelease_off_never_lower(
    named: tuple[str, VersioningStrategy], version: Version, history: list[ConventionalCommit]
) -> None:
    """With prerelease off the result is a plain X.Y.Z above any suffix the input had."""
    _, strategy = named
    bumped = strategy.bump(version, history)
    assert bumped.pre_release is None
    assert bumped.build is None
    assert bumped > version


@given(strategies(["service-pack"]), versions, st.lists(commits(), max_size=6))
def test_service_pack_keeps_version(
    named: tuple[str, VersioningStrategy], version: Version, history: list[ConventionalCommit]
) -> None:
    """A service pack keeps X.Y.Z and build, and sets an sp.N suffix with N >= 1."""
    _, strategy = named
    bumped = strategy.bump(version, history)
    assert (bumped.major, bumped.minor, bumped.patch, bumped.build) == (
        version.major,
        version.minor,
        version.patch,
        version.build,
    )
    assert bumped.pre_release is not None
    prefix, number = bumped.pre_release.split(".")
    assert prefix == "sp"
    assert int(number) >= 1
