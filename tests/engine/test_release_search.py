"""Tests for releasegate.engine.release_search: the release search and the diagnostics it records."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from tests.builders import plan_main
from tests.oracle.repo import build_repo

if TYPE_CHECKING:
    from pathlib import Path


def simple(component: str) -> dict[str, Any]:
    """A simple package config with an explicit component."""
    return {"release-type": "simple", "component": component}


def spec(packages: tuple[str, ...], manifest: dict[str, str], depth: int = 0) -> dict[str, Any]:
    """A monorepo with annotated tags a-v0.9.0, a-v1.0.0, b-v2.0.0, nightly (oldest first)."""
    return {
        "files": {f"{p}/x.txt": "x\n" for p in packages},
        "config": {
            "release-search-depth": depth,
            "packages": {p: simple(p) for p in packages},
        },
        "manifest": manifest,
        "steps": [
            {"tag": "a-v0.9.0", "annotated": True},
            {"commit": "fix(a): one", "files": {"a/x.txt": "1\n"}},
            {"tag": "a-v1.0.0", "annotated": True},
            {"commit": "fix(b): two", "files": {"b/x.txt": "2\n"}},
            {"tag": "b-v2.0.0", "annotated": True},
            {"tag": "nightly", "annotated": True},
            {"commit": "fix(a)!: three", "files": {"a/x.txt": "3\n"}},
            {"commit": "not a conventional commit", "files": {"a/x.txt": "4\n"}},
            {"commit": "feat(c): four", "files": {"c/x.txt": "4\n"}},
            {"commit": "feat(b)!: five", "files": {"b/x.txt": "5\n"}},
        ],
    }


FIVE = ("a", "b", "c", "d", "e")
FIVE_MANIFEST = {"a": "1.0.0", "b": "2.0.0", "c": "3.0.0", "e": "0.0.0"}


@pytest.mark.parametrize(
    ("packages", "manifest", "depth", "verdicts", "found_by"),
    [
        (
            FIVE,
            FIVE_MANIFEST,
            0,
            {
                "nightly": "not-a-release-tag",
                "b-v2.0.0": "taken",
                "a-v1.0.0": "taken",
                "a-v0.9.0": "wrong-version",
            },
            {
                "a": "search",
                "b": "search",
                "c": "manifest-only",
                "d": "no-manifest-entry",
                "e": "unreleased",
            },
        ),
        (
            FIVE,
            FIVE_MANIFEST,
            1,
            {
                "nightly": "not-a-release-tag",
                "b-v2.0.0": "taken",
                "a-v1.0.0": "taken",  # passed by the search, found by its exact name
                "a-v0.9.0": "beyond-search-depth",
            },
            {
                "a": "tag-name",
                "b": "search",
                "c": "manifest-only",
                "d": "no-manifest-entry",
                "e": "unreleased",
            },
        ),
        (
            ("a", "b"),
            {"a": "1.0.0", "b": "2.0.0"},
            0,
            {
                "nightly": "not-a-release-tag",
                "b-v2.0.0": "taken",
                "a-v1.0.0": "taken",
                "a-v0.9.0": "not-examined",  # every package had its release already
            },
            {"a": "search", "b": "search"},
        ),
    ],
    ids=["unlimited", "depth-1", "early-stop"],
)
def test_release_search_records_each_decision(
    tmp_path: Path,
    *,
    packages: tuple[str, ...],
    manifest: dict[str, str],
    depth: int,
    verdicts: dict[str, str],
    found_by: dict[str, str],
) -> None:
    """Each tag gets a verdict and each package says how its release was found."""
    search = plan_main(
        build_repo(spec(packages, manifest, depth), tmp_path / "repo")
    ).release_search
    assert search is not None
    assert {t.name: t.verdict for t in search.tags} == verdicts
    assert [t.name for t in search.tags] == list(verdicts)  # newest first
    assert {p.path: p.found_by for p in search.packages} == found_by


def test_release_search_details(tmp_path: Path) -> None:
    """Verdicts name the packages concerned; packages carry their expected and found tags."""
    search = plan_main(build_repo(spec(FIVE, FIVE_MANIFEST, 1), tmp_path / "repo")).release_search
    assert search is not None
    by_name = {t.name: t for t in search.tags}
    assert by_name["a-v1.0.0"].paths == ("a",)
    assert "exact name" in by_name["a-v1.0.0"].detail
    a, c, d = search.package("a"), search.package("c"), search.package("d")
    assert (a.expected_tag, a.tag, a.manifest_version) == ("a-v1.0.0", "a-v1.0.0", "1.0.0")
    assert a.release is not None
    assert a.release.sha
    assert (c.tag, c.release.sha if c.release else None) == ("c-v3.0.0", "")
    assert (d.expected_tag, d.tag, d.release) == (None, None, None)
    with pytest.raises(KeyError):
        search.package("zz")


def test_wrong_version_names_the_manifest_version(tmp_path: Path) -> None:
    """A tag of the right component but another version says what the manifest has."""
    search = plan_main(build_repo(spec(FIVE, FIVE_MANIFEST), tmp_path / "repo")).release_search
    assert search is not None
    old = next(t for t in search.tags if t.name == "a-v0.9.0")
    assert old.paths == ("a",)
    assert old.detail == "the manifest has 'a' at 1.0.0"


def test_summary_is_honest_about_manifest_only_releases(tmp_path: Path) -> None:
    """A release known from the manifest alone is described as such, not as a tag."""
    result = plan_main(build_repo(spec(FIVE, FIVE_MANIFEST), tmp_path / "repo"))
    c = next(p for p in result.packages if p.path == "c")
    assert c.reason == "1 feat; 2 commit(s) since 3.0.0 (manifest; no tag c-v3.0.0)"
    assert c.latest_tag is None


def test_breaking_feature_counts_once(tmp_path: Path) -> None:
    """A breaking feat or fix counts once, as breaking, as the version bump counts it."""
    result = plan_main(build_repo(spec(FIVE, FIVE_MANIFEST), tmp_path / "repo"))
    reasons = {p.path: (p.reason, p.next_version) for p in result.packages}
    # a-v1.0.0 is followed by "fix(a)!: three" and one commit that does not parse
    assert reasons["a"] == ("1 breaking; 2 commit(s) since a-v1.0.0, 1 conventional", "2.0.0")
    assert reasons["b"] == ("1 breaking; 1 commit(s) since b-v2.0.0", "3.0.0")


def test_unparsed_commits_are_listed(tmp_path: Path) -> None:
    """Each package lists the commits read for it and flags those that did not parse."""
    result = plan_main(build_repo(spec(FIVE, FIVE_MANIFEST), tmp_path / "repo"))
    a = next(p for p in result.packages if p.path == "a")
    assert [(c.subject, c.parsed) for c in a.considered] == [
        ("not a conventional commit", False),
        ("fix(a)!: three", True),
    ]
    assert [c.subject for c in a.unparsed] == ["not a conventional commit"]
    assert all(len(c.sha) == 40 for c in a.considered)


def _prerelease_repo(tmp_path: Path, scheme: str, rc_tag: str, manifest: str) -> Path:
    """One package tagged v1.0.0, then a release candidate tagged ``rc_tag``."""
    return build_repo(
        {
            "files": {"pyproject.toml": f'[tool.releasegate]\nversion-scheme = "{scheme}"\n'},
            "config": {"packages": {".": {"release-type": "simple"}}},
            "manifest": {".": manifest},
            "steps": [
                {"tag": "v1.0.0", "annotated": True},
                {"commit": "feat: next"},
                {"tag": rc_tag, "annotated": True},
                {"commit": "fix: after the candidate"},
            ],
        },
        tmp_path / "repo",
    )


@pytest.mark.parametrize(("scheme", "rc_tag"), [("pep440", "v1.1.0rc1"), ("semver", "v1.1.0-rc.1")])
def test_a_release_candidate_tag_is_not_the_final_release(
    tmp_path: Path, scheme: str, rc_tag: str
) -> None:
    """With 1.1.0 in the manifest and no v1.1.0 tag, the 1.1.0 candidate's tag is not taken.

    Read as semver, a PEP 440 ``v1.1.0rc1`` would be 1.1.0 and the plan would start from the
    candidate's commit.
    """
    search = plan_main(_prerelease_repo(tmp_path, scheme, rc_tag, "1.1.0")).release_search
    assert search is not None
    assert {t.name: t.verdict for t in search.tags} == {
        rc_tag: "wrong-version",
        "v1.0.0": "wrong-version",
    }
    assert search.package(".").found_by == "manifest-only"


def test_a_pep440_candidate_tag_is_found_by_the_search(tmp_path: Path) -> None:
    """With 1.1.0rc1 in the manifest, the search itself takes v1.1.0rc1 (and counts it)."""
    search = plan_main(_prerelease_repo(tmp_path, "pep440", "v1.1.0rc1", "1.1.0rc1")).release_search
    assert search is not None
    newest = search.tags[0]
    assert (newest.name, newest.verdict) == ("v1.1.0rc1", "taken")
    assert search.package(".").found_by == "search"
