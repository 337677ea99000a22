"""`releasegate github-release` end to end: real git repos, a bare origin, the GitHub stand-in."""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import pytest
from tests._github_server import FakeGitHub, github_in_env
from tests.builders import FEATURE, FIX, git, git_env, plan_main, read_github_outputs, widget_spec
from tests.oracle.repo import build_repo

from releasegate.cli import main
from releasegate.engine.repository import Repository

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from tests.builders import Cli

CANARY = "ghs_CANARYtoken0123456789abcdefXYZ"
PENDING = "autorelease: pending"
TAGGED = "autorelease: tagged"

SINGLE: dict[str, Any] = widget_spec(FEATURE, FIX)

MONOREPO: dict[str, Any] = {
    "files": {
        "pyproject.toml": '[project]\nname = "root"\nversion = "0.3.0"\n',
        "libs/a/pyproject.toml": '[project]\nname = "liba"\nversion = "0.1.0"\n',
    },
    "config": {
        "prerelease": True,
        "packages": {
            ".": {"release-type": "python", "component": "root"},
            "libs/a": {"release-type": "python", "component": "liba", "draft": True},
        },
    },
    "manifest": {".": "0.3.0", "libs/a": "0.1.0"},
    "steps": [
        {"tag": "root-v0.3.0"},
        {"tag": "liba-v0.1.0"},
        {"commit": "feat: root thing", "files": {"r.py": "R = 1\n"}},
        {"commit": "fix: a thing", "files": {"libs/a/a.py": "A = 1\n"}},
    ],
}


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No user git config, fast retries, no inherited GitHub variables."""
    for name in ("GITHUB_TOKEN", "GH_TOKEN", "GITHUB_REF_NAME", "GITHUB_REPOSITORY"):
        monkeypatch.delenv(name, raising=False)
    for key, value in git_env().items():
        if key.startswith(("GIT_", "LC_", "TZ")):
            monkeypatch.setenv(key, value)
    monkeypatch.setenv("RELEASEGATE_RETRY_DELAY", "0.001")
    monkeypatch.setenv("GITHUB_OUTPUT", str(tmp_path / "outputs.txt"))


@pytest.fixture
def gh(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGitHub]:
    """The GitHub stand-in, with the client pointed at it through the environment."""
    with github_in_env(monkeypatch, token=CANARY, page_size=2) as server:
        yield server


def released_repo(tmp_path: Path, spec: dict[str, Any]) -> tuple[Path, Path, list[dict[str, Any]]]:
    """Build ``spec``, merge the release PR(s) release-please would open, push to a bare origin.

    Returns the clone, the origin and, per release PR, its title, branch, body and merge sha.
    """
    repo = build_repo(spec, tmp_path / "repo")
    plan = plan_main(
        repo, repository=Repository("octo", "demo"), now=datetime(2024, 2, 1, tzinfo=timezone.utc)
    )
    merged = []
    for pr in plan.pull_requests:
        for update in pr.updates:
            target = repo / update.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(update.content, encoding="utf-8")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", pr.title)
        merged.append(
            {
                "title": pr.title,
                "head": pr.head_branch,
                "body": pr.body,
                "sha": git(repo, "rev-parse", "HEAD"),
            }
        )
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", str(origin))
    git(repo, "remote", "add", "origin", str(origin))
    git(repo, "push", "-q", "origin", "main")
    return repo, origin, merged


def open_prs(gh: FakeGitHub, merged: list[dict[str, Any]]) -> list[int]:
    """Record each release PR on the stand-in as merged and labelled pending."""
    return [
        gh.add_pull(
            title=m["title"], head=m["head"], body=m["body"], labels=(PENDING,), merged_sha=m["sha"]
        )["number"]
        for m in merged
    ]


def outputs(tmp_path: Path) -> dict[str, str]:
    """The ``$GITHUB_OUTPUT`` entries the command wrote."""
    return read_github_outputs(tmp_path / "outputs.txt")


def remote_tags(origin: Path) -> dict[str, str]:
    """The origin's tags, peeled to commits."""
    text = git(
        origin,
        "for-each-ref",
        "--format=%(refname:strip=2) %(*objectname)%(objectname)",
        "refs/tags",
    )
    return {line.split()[0]: line.split()[1][:40] for line in text.splitlines()}


# -- with GitHub --------------------------------------------------------------------------------


def test_merged_release_pr_is_tagged_released_and_relabelled(
    tmp_path: Path, gh: FakeGitHub, cli: Cli
) -> None:
    """The merge commit is tagged and pushed, the release made with release-please's name and notes."""
    repo, origin, merged = released_repo(tmp_path, SINGLE)
    (number,) = open_prs(gh, merged)
    run = cli("github-release", "-C", repo, "--json")
    assert (run.code, run.err) == (0, "")
    sha = merged[0]["sha"]
    assert remote_tags(origin)["v1.3.0"] == sha
    (release,) = gh.releases.values()
    notes = merged[0]["body"].split("---\n\n\n", 1)[1].rsplit("\n\n---", 1)[0]
    assert (release["tag_name"], release["name"], release["target_commitish"]) == (
        "v1.3.0",
        "v1.3.0",
        sha,
    )
    assert release["body"] == notes.strip()
    assert notes.startswith("## [1.3.0](https://github.com/octo/demo/compare/v1.2.3...v1.3.0)")
    assert (release["draft"], release["prerelease"]) == (False, False)
    assert gh.labels_of(number) == [TAGGED]
    assert gh.comments[number] == [
        (
            "\U0001f916 Created releases:\n\n"
            "- [v1.3.0](https://github.com/octo/demo/releases/tag/v1.3.0)\n\n:sunflower:"
        )
    ]
    assert run.json() == {
        "mode": "github",
        "dryRun": False,
        "branch": "main",
        "releases": [
            {
                "path": ".",
                "component": None,
                "version": "1.3.0",
                "tag": "v1.3.0",
                "sha": sha,
                "name": "v1.3.0",
                "notes": release["body"],
                "draft": False,
                "prerelease": False,
                "pullRequest": number,
                "tagStatus": "created",
                "pushed": True,
                "releaseStatus": "created",
                "url": "https://github.com/octo/demo/releases/tag/v1.3.0",
            }
        ],
        "relabelled": [number],
    }
    got = outputs(tmp_path)
    assert got["releases_created"] == "true"
    assert got["release_created"] == "true"
    assert (got["tag_name"], got["version"], got["major"], got["minor"], got["patch"]) == (
        "v1.3.0", "1.3.0", "1", "3", "0",
    )  # fmt: skip
    assert (got["sha"], got["prNumber"], got["body"]) == (sha, "1", release["body"])
    assert got["paths_released"] == '["."]'


def test_text_summary(tmp_path: Path, gh: FakeGitHub, cli: Cli) -> None:
    """Without --json: one line per tag, one per GitHub release, one per relabelled PR."""
    repo, _, merged = released_repo(tmp_path, SINGLE)
    (number,) = open_prs(gh, merged)
    run = cli("github-release", "-C", repo)
    assert (run.code, run.err) == (0, "")
    assert run.out.splitlines() == [
        f"v1.3.0 (PR #{number}): tag v1.3.0 at {merged[0]['sha'][:12]}: created, pushed",
        "  GitHub release: created https://github.com/octo/demo/releases/tag/v1.3.0",
        f"PR #{number}: relabelled",
    ]
    assert cli("github-release", "-C", repo).out == (
        "No merged release PR is waiting for its release.\n"
    )


def test_rerun_after_success_does_nothing(tmp_path: Path, gh: FakeGitHub, cli: Cli) -> None:
    """Once relabelled, the PR is done: a second run makes no release and says so."""
    repo, _, merged = released_repo(tmp_path, SINGLE)
    open_prs(gh, merged)
    assert cli("github-release", "-C", repo).code == 0
    (tmp_path / "outputs.txt").unlink()
    run = cli("github-release", "-C", repo, "--json")
    assert run.code == 0
    assert (run.json()["releases"], run.json()["relabelled"]) == ([], [])
    assert len(gh.releases) == 1
    assert outputs(tmp_path) == {"releases_created": "false", "paths_released": "[]"}


def test_dry_run_writes_nothing(tmp_path: Path, gh: FakeGitHub, cli: Cli) -> None:
    """--dry-run reads GitHub and git, then tags, pushes, creates and relabels nothing."""
    repo, origin, merged = released_repo(tmp_path, SINGLE)
    (number,) = open_prs(gh, merged)
    run = cli("github-release", "-C", repo, "--dry-run", "--json")
    assert run.code == 0
    document = run.json()
    (release,) = document["releases"]
    assert (release["tagStatus"], release["releaseStatus"]) == ("would create", "would create")
    assert (document["mode"], document["dryRun"], document["relabelled"]) == ("github", True, [])
    assert git(repo, "tag", "--list", "v1.3.0") == ""
    assert remote_tags(origin) == {}
    assert gh.releases == {}
    assert gh.labels_of(number) == [PENDING]
    assert [r.method for r in gh.requests] == ["GET"] * len(gh.requests)
    assert not (tmp_path / "outputs.txt").exists()


def test_monorepo_releases_each_component(tmp_path: Path, gh: FakeGitHub, cli: Cli) -> None:
    """One PR, two packages: two tags and releases; draft and prerelease as configured."""
    repo, origin, merged = released_repo(tmp_path, MONOREPO)
    (number,) = open_prs(gh, merged)
    run = cli("github-release", "-C", repo, "--json")
    assert run.code == 0
    by_tag = {r["tag_name"]: r for r in gh.releases.values()}
    assert set(by_tag) == {"root-v0.4.0", "liba-v0.1.1"}
    assert (by_tag["root-v0.4.0"]["name"], by_tag["liba-v0.1.1"]["name"]) == (
        "root: v0.4.0", "liba: v0.1.1",
    )  # fmt: skip
    # prerelease: the config asks and the version is 0.x; liba is a draft, so its tag waits
    assert by_tag["root-v0.4.0"]["prerelease"] is True
    assert by_tag["liba-v0.1.1"]["draft"] is True
    assert "liba-v0.1.1" not in remote_tags(origin)
    assert remote_tags(origin)["root-v0.4.0"] == merged[0]["sha"]
    assert by_tag["liba-v0.1.1"]["body"].startswith("## [0.1.1]")
    assert gh.labels_of(number) == [TAGGED]
    statuses = {r["tag"]: r["tagStatus"] for r in run.json()["releases"]}
    assert statuses == {"root-v0.4.0": "created", "liba-v0.1.1": "skipped"}
    got = outputs(tmp_path)
    # the root package's outputs carry no prefix, as release-please-action's setPathOutput
    assert (got["tag_name"], got["libs/a--tag_name"]) == ("root-v0.4.0", "liba-v0.1.1")
    assert got["libs/a--draft"] == "true"
    assert json.loads(got["paths_released"]) == [".", "libs/a"]
    assert (got["release_created"], got["libs/a--release_created"]) == ("true", "true")


def test_draft_release_is_found_again_on_rerun(tmp_path: Path, gh: FakeGitHub, cli: Cli) -> None:
    """A draft made by an interrupted run is found by tag through the release list, not remade."""
    repo, _, merged = released_repo(tmp_path, MONOREPO)
    (number,) = open_prs(gh, merged)
    gh.fail_next("DELETE", "/issues", 403)
    run = cli("github-release", "-C", repo)
    assert run.code == 1
    assert "the token needs pull-requests: write" in run.err
    run = cli("github-release", "-C", repo, "--json")
    assert run.code == 0
    assert len(gh.releases) == 2
    assert {r["releaseStatus"] for r in run.json()["releases"]} == {"exists"}
    assert gh.labels_of(number) == [TAGGED]
    assert len(gh.comments[number]) == 1  # the re-run created nothing, so says nothing


def test_500_is_retried(tmp_path: Path, gh: FakeGitHub, cli: Cli) -> None:
    """A 500 on creating the release is retried; one release results."""
    repo, _, merged = released_repo(tmp_path, SINGLE)
    open_prs(gh, merged)
    gh.fail_next("POST", "/releases", 500)
    run = cli("github-release", "-C", repo)
    assert run.code == 0
    assert "retry 1 of 3" in run.err
    assert len(gh.releases) == 1


def test_interrupted_between_tag_and_release_finishes_on_rerun(
    tmp_path: Path, gh: FakeGitHub, cli: Cli
) -> None:
    """Tag pushed, release failed: the re-run keeps the tag and makes exactly one release."""
    repo, origin, merged = released_repo(tmp_path, SINGLE)
    (number,) = open_prs(gh, merged)
    gh.fail_next("POST", "/releases", 503, times=4)
    run = cli("github-release", "-C", repo)
    assert run.code == 1
    assert run.err.count("\nreleasegate: error: ") + run.err.startswith("releasegate: error: ") == 1
    assert "create the release v1.3.0" in run.err
    assert remote_tags(origin)["v1.3.0"] == merged[0]["sha"]
    assert gh.releases == {}
    assert gh.labels_of(number) == [PENDING]
    assert not (tmp_path / "outputs.txt").exists()
    run = cli("github-release", "-C", repo, "--json")
    assert run.code == 0
    (release,) = run.json()["releases"]
    assert (release["tagStatus"], release["releaseStatus"]) == ("exists", "created")
    assert len(gh.releases) == 1
    assert gh.labels_of(number) == [TAGGED]


def test_tag_at_another_commit_stops_before_any_write(
    tmp_path: Path, gh: FakeGitHub, cli: Cli
) -> None:
    """A stale tag elsewhere is a one-line error; nothing is pushed, created or relabelled."""
    repo, origin, merged = released_repo(tmp_path, SINGLE)
    (number,) = open_prs(gh, merged)
    git(repo, "tag", "v1.3.0", "HEAD~1")
    run = cli("github-release", "-C", repo, "--json")
    assert (run.code, run.out) == (1, "")
    assert run.err.startswith("releasegate: error: tag v1.3.0 exists at ")
    assert run.err.count("\n") == 1
    assert "v1.3.0" not in remote_tags(origin)
    assert gh.releases == {}
    assert gh.labels_of(number) == [PENDING]
    assert [r.method for r in gh.requests] == ["GET"] * len(gh.requests)


def test_wrong_token_is_one_line(
    tmp_path: Path, gh: FakeGitHub, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refused token: one line naming the fix, nothing tagged."""
    repo, origin, merged = released_repo(tmp_path, SINGLE)
    open_prs(gh, merged)
    monkeypatch.setenv("GITHUB_TOKEN", "ghs_wrong-token-000")
    run = cli("github-release", "-C", repo, "--json")
    assert (run.code, run.out) == (1, "")
    assert "the token was refused; check GITHUB_TOKEN" in run.err
    assert "ghs_wrong-token-000" not in run.err
    assert run.err.count("\n") == 1
    assert "v1.3.0" not in remote_tags(origin)


def test_unreachable_api_is_one_line(tmp_path: Path, gh: FakeGitHub, cli: Cli) -> None:
    """A GitHub that does not answer: one line after the retries, nothing tagged."""
    repo, origin, merged = released_repo(tmp_path, SINGLE)
    open_prs(gh, merged)
    gh.stop()
    run = cli("github-release", "-C", repo)
    assert run.code == 1
    assert "cannot reach 127.0.0.1" in run.err.splitlines()[-1]
    assert "v1.3.0" not in remote_tags(origin)


def test_skip_github_release_makes_nothing(tmp_path: Path, gh: FakeGitHub, cli: Cli) -> None:
    """skip-github-release: the PR gives no release, as release-please's buildRelease."""
    spec = {
        **SINGLE,
        "config": {"packages": {".": {"release-type": "python", "skip-github-release": True}}},
    }
    repo, _, merged = released_repo(tmp_path, spec)
    (number,) = open_prs(gh, merged)
    run = cli("github-release", "-C", repo, "--json")
    assert run.code == 0
    assert (run.json()["releases"], run.json()["relabelled"]) == ([], [])
    assert gh.releases == {}
    assert gh.labels_of(number) == [PENDING]


def test_canary_token_never_leaks(tmp_path: Path, gh: FakeGitHub, cli: Cli) -> None:
    """The token is sent only as a header: no output, outputs file, request body or git config has it."""
    repo, origin, merged = released_repo(tmp_path, SINGLE)
    open_prs(gh, merged)
    run = cli("github-release", "-C", repo, "--json")
    assert run.code == 0
    assert all(r.authorization == f"Bearer {CANARY}" for r in gh.requests)
    texts = [
        run.out,
        run.err,
        (tmp_path / "outputs.txt").read_text(encoding="utf-8"),
        (repo / ".git" / "config").read_text(encoding="utf-8"),
        (origin / "config").read_text(encoding="utf-8"),
        *(r.raw.decode() for r in gh.requests),
    ]
    assert not [t for t in texts if CANARY in t]


# -- without GitHub -----------------------------------------------------------------------------


def test_local_mode_tags_the_release_commit(tmp_path: Path, cli: Cli) -> None:
    """No token: the untagged manifest version is tagged where the manifest got it, and pushed."""
    repo, origin, merged = released_repo(tmp_path, SINGLE)
    (repo / "later.py").write_text("L = 1\n", encoding="utf-8")
    git(repo, "add", "later.py")
    git(repo, "commit", "-q", "-m", "docs: later")
    run = cli("github-release", "-C", repo, "--dry-run", "--json")
    assert run.code == 0
    (planned,) = run.json()["releases"]
    assert (planned["sha"], planned["tagStatus"], planned["pushed"]) == (
        merged[0]["sha"], "would create", False,
    )  # fmt: skip
    assert (run.json()["mode"], run.json()["dryRun"]) == ("local", True)
    assert git(repo, "tag", "--list", "v1.3.0") == ""
    run = cli("github-release", "-C", repo, "--push", "--json")
    assert run.code == 0
    (release,) = run.json()["releases"]
    assert (release["sha"], release["tagStatus"], release["releaseStatus"], release["pushed"]) == (
        merged[0]["sha"], "created", "skipped", True,
    )  # fmt: skip
    assert release["notes"].startswith("## [1.3.0](https://github.com/octo/demo/compare/v1.2.3")
    assert git(repo, "rev-parse", "v1.3.0^{commit}") == merged[0]["sha"]
    assert remote_tags(origin)["v1.3.0"] == merged[0]["sha"]
    got = outputs(tmp_path)
    assert (got["tag_name"], got["sha"], got["releases_created"]) == (
        "v1.3.0",
        merged[0]["sha"],
        "true",
    )
    run = cli("github-release", "-C", repo, "--json")
    assert (run.code, run.json()["releases"]) == (0, [])
    assert cli("github-release", "-C", repo).out == (
        "Every manifest version is tagged; nothing to release.\n"
    )


def test_local_text_summary_says_how_to_push(tmp_path: Path, cli: Cli) -> None:
    """Without --json or --push: the tag made, at which commit, and the flag that pushes it."""
    repo, _, merged = released_repo(tmp_path, SINGLE)
    run = cli("github-release", "-C", repo)
    assert (run.code, run.err) == (0, "")
    assert run.out.splitlines() == [
        f"v1.3.0: tag v1.3.0 at {merged[0]['sha'][:12]}: created",
        "  not pushed; pass --push to push it",
    ]


def test_local_flag_ignores_the_token(tmp_path: Path, gh: FakeGitHub, cli: Cli) -> None:
    """--local works from git alone even when a token is set: GitHub gets no request."""
    repo, _, _ = released_repo(tmp_path, MONOREPO)
    run = cli("github-release", "-C", repo, "--local", "--json")
    assert run.code == 0
    assert {r["tag"] for r in run.json()["releases"]} == {"root-v0.4.0", "liba-v0.1.1"}
    assert run.json()["mode"] == "local"
    assert gh.requests == []
    assert set(git(repo, "tag", "--list").split()) >= {"root-v0.4.0", "liba-v0.1.1"}


def test_command_is_listed() -> None:
    """github-release is a CLI subcommand with its options."""
    with pytest.raises(SystemExit) as caught:
        main(["github-release", "--help"])
    assert caught.value.code == 0
    assert os.environ.get("GITHUB_TOKEN") is None


def test_local_mode_tags_the_merge_commit_of_a_merged_release_branch(
    tmp_path: Path, cli: Cli
) -> None:
    """A release branch merged with a merge commit: the merge commit, on the branch, gets the tag."""
    repo, _, _ = released_repo(tmp_path, SINGLE)
    git(repo, "branch", "release", "HEAD")
    git(repo, "reset", "-q", "--hard", "HEAD~1")
    (repo / "other.py").write_text("O = 1\n", encoding="utf-8")
    git(repo, "add", "other.py")
    git(repo, "commit", "-q", "-m", "docs: meanwhile")
    git(repo, "merge", "-q", "--no-ff", "-m", "Merge release", "release")
    run = cli("github-release", "-C", repo, "--json")
    assert run.code == 0
    head = git(repo, "rev-parse", "HEAD")
    (release,) = run.json()["releases"]
    assert (release["sha"], release["tagStatus"], release["pushed"]) == (head, "created", False)
    assert git(repo, "rev-parse", "v1.3.0^{commit}") == head
