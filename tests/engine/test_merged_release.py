"""A merged release not tagged yet, found from git: the manifest version a commit set, no tag."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from tests.builders import git, plan_main
from tests.oracle.repo import build_repo

from releasegate.engine.merged_release import find_untagged_merges, untagged_merges_of

if TYPE_CHECKING:
    from pathlib import Path

MANIFEST = ".release-please-manifest.json"


def _manifest(versions: dict[str, str]) -> dict[str, str]:
    return {MANIFEST: json.dumps(versions) + "\n"}


def _spec(steps: list[dict[str, Any]], packages: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "files": {"pyproject.toml": '[project]\nname = "p"\nversion = "1.0.0"\n'},
        "config": {"release-type": "simple", "packages": packages or {".": {}}},
        "manifest": {".": "1.0.0"},
        "steps": steps,
    }


def merges(root: Path) -> list[tuple[str, str, str, str]]:
    """(path, version, tag, previous) of each untagged merge on main, via the plan."""
    plan = plan_main(root)
    found = untagged_merges_of(root, "main", plan, config_file=None, manifest_file=MANIFEST)
    return [(m.path, m.version, m.tag, m.previous) for m in found]


def test_release_commit_without_tag(tmp_path: Path):
    """The commit that bumped the manifest is the release; its tag is missing."""
    root = build_repo(
        _spec([
            {"tag": "v1.0.0"},
            {"commit": "feat: a"},
            {"commit": "chore(main): release 1.1.0", "files": _manifest({".": "1.1.0"})},
            {"commit": "fix: b"},
        ]),
        tmp_path / "repo",
    )  # fmt: skip
    assert merges(root) == [(".", "1.1.0", "v1.1.0", "1.0.0")]


def test_merge_commit_is_the_release_commit(tmp_path: Path):
    """A release branch merged with a merge commit: the merge, on the first-parent line."""
    root = build_repo(_spec([{"tag": "v1.0.0"}, {"commit": "feat: a"}]), tmp_path / "repo")
    git(root, "checkout", "-q", "-b", "release-please--branches--main")
    (root / MANIFEST).write_text(json.dumps({".": "1.1.0"}) + "\n")
    git(root, "commit", "-q", "-am", "chore(main): release 1.1.0")
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--no-ff", "-m", "Merge pull request #3", "HEAD@{1}")
    plan = plan_main(root)
    assert plan.release_search is not None
    (found,) = find_untagged_merges(
        root, git(root, "rev-parse", "main"), MANIFEST, plan.release_search.packages
    )
    assert (found.sha, found.subject) == (git(root, "rev-parse", "main"), "Merge pull request #3")


def test_tagged_release_and_adoption_are_not_merges(tmp_path: Path):
    """A tagged release, or a manifest written once with no tag (adoption), is no merge."""
    tagged = build_repo(
        _spec([{"tag": "v1.0.0"}, {"commit": "chore: release 1.1.0",
                                   "files": _manifest({".": "1.1.0"})}, {"tag": "v1.1.0"}]),
        tmp_path / "tagged",
    )  # fmt: skip
    adopted = build_repo(_spec([{"commit": "feat: a"}]), tmp_path / "adopted")
    assert merges(tagged) == []
    assert merges(adopted) == []


def test_monorepo_only_the_untagged_package(tmp_path: Path):
    """In a monorepo, only the package whose release is untagged is reported."""
    packages = {".": {"component": "root"}, "libs/a": {"component": "a"}}
    spec = _spec(
        [
            {"tag": "root-v1.0.0"},
            {"tag": "a-v0.1.0"},
            {"commit": "fix: a", "files": {"libs/a/x": "x"}},
            {"commit": "chore: release main",
             "files": _manifest({".": "1.0.0", "libs/a": "0.1.1"})},
        ],
        packages,
    )  # fmt: skip
    spec["manifest"] = {".": "1.0.0", "libs/a": "0.1.0"}
    spec["files"]["libs/a/x"] = ""
    assert merges(build_repo(spec, tmp_path / "repo")) == [("libs/a", "0.1.1", "a-v0.1.1", "0.1.0")]


def test_second_bump_names_the_version_before_it(tmp_path: Path):
    """Two releases, the last untagged: the previous version is the first release's."""
    root = build_repo(
        _spec([
            {"commit": "chore: release 1.1.0", "files": _manifest({".": "1.1.0"})},
            {"tag": "v1.1.0"},
            {"commit": "feat: b"},
            {"commit": "chore: release 1.2.0", "files": _manifest({".": "1.2.0"})},
        ]),
        tmp_path / "repo",
    )  # fmt: skip
    assert merges(root) == [(".", "1.2.0", "v1.2.0", "1.1.0")]
