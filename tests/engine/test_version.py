"""Version: release-please's semver reading, and the PEP 440 form of ``version-scheme = "pep440"``."""

from __future__ import annotations

import pytest
from packaging.version import Version as Pep440Version

from releasegate.engine.version import PEP440_REGEX, Version, VersionParseError, same_version


@pytest.mark.parametrize(
    ("text", "pre", "written"),
    [
        # PEP 440 spellings
        ("1.0.0a1", "a.1", "1.0.0a1"),
        ("1.0.0rc2", "rc.2", "1.0.0rc2"),
        ("1.0.0.post1", "post.1", "1.0.0.post1"),
        ("1.0.0.dev3", "dev.3", "1.0.0.dev3"),
        ("1.0.0a1.dev2", "a.1.dev.2", "1.0.0a1.dev2"),
        ("1.0.0.post1.dev0", "post.1.dev.0", "1.0.0.post1.dev0"),
        # semver spellings of the same versions
        ("1.0.0-a.1", "a.1", "1.0.0a1"),
        ("1.0.0-rc.2", "rc.2", "1.0.0rc2"),
        ("1.0.0-a", "a.0", "1.0.0a0"),
        # packaging's normalisation
        ("1.0.0alpha3", "a.3", "1.0.0a3"),
        ("1.0.0-beta", "b.0", "1.0.0b0"),
        ("1.0.0c1", "rc.1", "1.0.0rc1"),
        ("1.0.0pre1", "rc.1", "1.0.0rc1"),
        ("1.0.0preview2", "rc.2", "1.0.0rc2"),
        ("v1.2.3", None, "1.2.3"),
        ("2.0", None, "2.0.0"),
        ("banana 2.0.0", None, "2.0.0"),
    ],
)
def test_pep440_parse_and_write(text: str, pre: str | None, written: str):
    """Either spelling reads into the same parts and is written as normalised PEP 440."""
    version = Version.parse(text, "pep440")
    assert version.pre_release == pre
    assert str(version) == written
    assert str(Version.parse(written, "pep440")) == written


@pytest.mark.parametrize("text", ["1!1.0.0", "1.2.3.4", "banana", "1.0.0-nightly"])
def test_pep440_parse_rejects(text: str):
    """Epochs, four release numbers and non-PEP 440 text are not versions releasegate writes."""
    with pytest.raises(VersionParseError):
        Version.parse(text, "pep440")


def test_semver_parse_is_release_please():
    """The default scheme keeps release-please's reading: 1.0.0rc1 loses its suffix."""
    assert str(Version.parse("1.0.0rc1")) == "1.0.0"
    assert str(Version(1, 0, 0, "a.1")) == "1.0.0-a.1"


@pytest.mark.parametrize(
    ("version", "written"),
    [
        (Version(1, 0, 0, "a"), "1.0.0a0"),
        (Version(1, 0, 0, "a.1"), "1.0.0a1"),
        (Version(1, 0, 0, "beta01"), "1.0.0b1"),
        (Version(1, 0, 0, None, "local.7"), "1.0.0+local.7"),
    ],
)
def test_with_scheme_writes_pep440(version: Version, written: str):
    """A version computed on the semver shape is written in PEP 440."""
    assert str(version.with_scheme("pep440")) == written


def test_with_scheme_rejects_unspellable():
    """A suffix PEP 440 cannot spell raises VersionParseError."""
    with pytest.raises(VersionParseError, match="not a PEP 440 version"):
        Version(1, 0, 0, "nightly").with_scheme("pep440")


def test_pep440_ordering_is_packagings():
    """Under pep440, versions order as packaging orders them (post after the release)."""
    texts = ["1.0.0.dev1", "1.0.0a1", "1.0.0rc1", "1.0.0", "1.0.0.post1", "1.0.1"]
    versions = [Version.parse(t, "pep440") for t in texts]
    shuffled = [versions[i] for i in (3, 0, 5, 1, 4, 2)]
    assert sorted(shuffled) == versions
    assert [str(v) for v in versions] == [str(Pep440Version(t)) for t in texts]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1.1.0a1.post2.dev3", "1.1.0a1"), ("1.0.0.post1", "1.0.0"), ("1.0.0rc1", "1.0.0rc1")],
)
def test_without_post_and_dev(text: str, expected: str):
    """A bump past the release drops .postN and .devN but keeps the prerelease."""
    assert str(Version.parse(text, "pep440").without_post_and_dev()) == expected


def test_same_version_across_spellings():
    """A semver tag matches a PEP 440 manifest version; two semver versions need equal parts."""
    assert same_version(Version.parse("1.0.0rc1", "pep440"), Version.parse("1.0.0-rc.1"))
    assert not same_version(Version.parse("1.0.0rc1", "pep440"), Version.parse("1.0.0"))
    assert not same_version(Version.parse("1.0.0-beta"), Version.parse("1.0.0-b"))


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('v = "1.0.0a1"', "1.0.0a1"),
        ("version: 1.0.0.post2.dev1 # x", "1.0.0.post2.dev1"),
        ("1.0.0-rc.1+abc", "1.0.0-rc.1+abc"),
        ("1.0.0 and more", "1.0.0"),
    ],
)
def test_pep440_regex_finds_the_whole_version(text: str, found: str):
    """The updaters' PEP 440 pattern takes the whole version, suffix included."""
    match = PEP440_REGEX.search(text)
    assert match is not None
    assert match.group() == found
