"""`releasegate release-pr` for real: the release branch, its push and its pull request."""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
import sys
import time
from typing import TYPE_CHECKING, Any

import pytest
from tests._git_host import refusing_git_host
from tests._github_server import FakeGitHub, running_github
from tests.builders import FEATURE, FIX, widget_spec
from tests.oracle.repo import build_repo, git_env

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from tests.builders import Cli, CliRun

BRANCH = "release-please--branches--main"
CANARY = "ghp_CANARY0123456789abcdefCANARY"
SPEC: dict[str, Any] = widget_spec(FEATURE, FIX)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No user git config, no Actions variables, no token; retries wait milliseconds."""
    for key, value in git_env().items():
        monkeypatch.setenv(key, value)
    for name in (
        "GITHUB_TOKEN", "GH_TOKEN", "GITHUB_API_URL", "GITHUB_REPOSITORY", "GITHUB_ACTIONS",
        "GITHUB_REF", "GITHUB_REF_NAME", "GITHUB_REF_TYPE",
    ):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("RELEASEGATE_RETRY_DELAY", "0.001")


def sh(repo: Path, *args: str) -> str:
    """Run git in ``repo`` and return its stripped output."""
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, env=git_env(), capture_output=True, text=True
    ).stdout.strip()


def make_project(tmp_path: Path, spec: dict[str, Any] = SPEC) -> tuple[Path, Path]:
    """A checkout of ``spec`` whose ``origin`` is a local bare repository holding main and tags."""
    work = build_repo(spec, tmp_path / "work")
    origin = tmp_path / "origin.git"
    sh(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    sh(work, "remote", "add", "origin", str(origin))
    sh(work, "push", "-q", "origin", "main", "--tags")
    sh(work, "fetch", "-q", "origin")
    return work, origin


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    """The work repository and its bare origin."""
    return make_project(tmp_path)


def release_pr(cli: Cli, work: Path, *extra: str) -> CliRun:
    """Run `release-pr` in-process in ``work`` for octo/demo on 2025-01-15."""
    return cli(
        "release-pr", "-C", work, "--github-repo", "octo/demo", "--date", "2025-01-15", *extra
    )


def planned(cli: Cli, work: Path) -> dict[str, Any]:
    """The dry run's single planned pull request."""
    run = release_pr(cli, work, "--dry-run", "--json")
    assert run.code == 0, run.err
    (pr,) = run.json()["pullRequests"]
    return dict(pr)


def user_state(work: Path) -> tuple[str, str, str, str]:
    """What the user sees: HEAD, current branch, status (index + work tree), staged diff."""
    return (
        sh(work, "rev-parse", "HEAD"),
        sh(work, "symbolic-ref", "HEAD"),
        sh(work, "status", "--porcelain"),
        sh(work, "diff", "--cached"),
    )


def dirty(work: Path) -> None:
    """Give the user a staged and an unstaged change that a checkout would disturb."""
    (work / "pyproject.toml").write_text("staged\n")
    sh(work, "add", "pyproject.toml")
    (work / "widget" / "__init__.py").write_text("unstaged\n")


def commit_on_main(work: Path, name: str, message: str, *, push: bool = True) -> None:
    """Commit a new file on main and push it, as a merged PR would (unless not ``push``)."""
    (work / name).write_text("new\n")
    sh(work, "add", name)
    sh(work, "commit", "-q", "-m", message)
    if push:
        sh(work, "push", "-q", "origin", "main")


def test_writes_one_commit_on_the_release_branch_and_pushes(
    project: tuple[Path, Path], cli: Cli
) -> None:
    """One commit on main's tip with the planned files and the title; the user's state kept."""
    work, origin = project
    pr = planned(cli, work)
    dirty(work)
    before = user_state(work)
    code, out, err = release_pr(cli, work)
    assert code == 0, err
    assert user_state(work) == before
    sha = sh(origin, "rev-parse", BRANCH)
    assert sh(work, "rev-parse", BRANCH) == sha
    assert sh(origin, "rev-parse", f"{sha}^") == sh(origin, "rev-parse", "main")
    assert sh(origin, "log", "-1", "--format=%B", sha) == pr["title"]
    assert (
        sh(origin, "log", "-1", "--format=%an <%ae>", sha) == "Release Tester <tester@example.com>"
    )
    for update in pr["updates"]:
        assert sh(origin, "show", f"{sha}:{update['path']}") + "\n" == update["content"]
    changed = sh(origin, "diff", "--name-only", f"{sha}^", sha).splitlines()
    assert sorted(changed) == sorted(u["path"] for u in pr["updates"])
    assert f"Release branch {BRANCH}: pushed at {sha}" in out
    # origin is a local path, not octo/demo on GitHub: no link to a page that has no branch
    assert out.endswith(
        "No GITHUB_TOKEN, and origin is not octo/demo on GitHub: no link to a release PR "
        f"from {BRANCH} into main\n"
    )
    assert f"compare/main...{BRANCH}" not in out


def test_second_run_writes_nothing_and_new_commits_regenerate(
    project: tuple[Path, Path], cli: Cli
) -> None:
    """Nothing new: same commit, no push. A new commit on main: a fresh branch on its tip."""
    work, origin = project
    assert release_pr(cli, work)[0] == 0
    first = sh(origin, "rev-parse", BRANCH)
    objects = sh(work, "count-objects")
    code, out, _ = release_pr(cli, work)
    assert code == 0
    assert sh(origin, "rev-parse", BRANCH) == first
    assert sh(work, "rev-parse", BRANCH) == first
    assert f"Release branch {BRANCH}: up to date at {first}" in out
    assert sh(work, "count-objects") == objects  # not even an unreferenced commit
    commit_on_main(work, "more.py", "fix: one more")
    assert release_pr(cli, work)[0] == 0
    second = sh(origin, "rev-parse", BRANCH)
    assert second != first
    assert sh(origin, "rev-parse", f"{second}^") == sh(origin, "rev-parse", "main")
    assert "one more" in sh(origin, "show", f"{second}:CHANGELOG.md")


def test_fresh_clone_recognises_the_existing_branch(
    project: tuple[Path, Path], tmp_path: Path, cli: Cli
) -> None:
    """A CI clone without the release branch fetches its commit and pushes nothing new."""
    work, origin = project
    assert release_pr(cli, work)[0] == 0
    first = sh(origin, "rev-parse", BRANCH)
    ci = tmp_path / "ci"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", "--no-tags", f"file://{origin}", str(ci)],
        check=True, env=git_env(), capture_output=True,
    )  # fmt: skip
    code, out, err = release_pr(cli, ci)
    assert code == 0, err
    assert f"up to date at {first}" in out
    assert sh(origin, "rev-parse", BRANCH) == first


def test_no_push_keeps_everything_local(project: tuple[Path, Path], cli: Cli) -> None:
    """--no-push builds the branch locally; the remote has no release branch; a later run pushes."""
    work, origin = project
    code, out, _ = release_pr(cli, work, "--no-push")
    assert code == 0
    local = sh(work, "rev-parse", BRANCH)
    assert f"Release branch {BRANCH}: built locally at {local}" in out
    assert sh(origin, "branch", "--list", BRANCH) == ""
    assert release_pr(cli, work)[0] == 0
    assert sh(origin, "rev-parse", BRANCH) == local


def test_refused_push_is_one_line_and_the_next_run_finishes(
    project: tuple[Path, Path], cli: Cli
) -> None:
    """A pre-receive hook says no: one line, exit 1, user state kept; without it, a re-run pushes."""
    work, origin = project
    hook = origin / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'branch protection says no' >&2\nexit 1\n")
    hook.chmod(0o755)
    dirty(work)
    before = user_state(work)
    code, out, err = release_pr(cli, work)
    assert (code, out) == (1, "")
    note, error = err.splitlines()  # no token: overrides were not read; then the one error
    assert note.startswith("releasegate: note: no GITHUB_TOKEN: ")
    assert error.startswith(f"releasegate: error: push of '{BRANCH}' to 'origin' failed: ")
    assert user_state(work) == before
    assert sh(origin, "branch", "--list", BRANCH) == ""
    assert sh(work, "branch", "--list", BRANCH)  # the local ref was written before the push
    hook.unlink()
    code, out, err = release_pr(cli, work)
    assert code == 0, err
    assert sh(origin, "rev-parse", BRANCH) == sh(work, "rev-parse", BRANCH)
    assert user_state(work) == before


def test_killed_mid_push_then_the_next_run_finishes(
    project: tuple[Path, Path], tmp_path: Path, cli: Cli
) -> None:
    """SIGKILL while the push is in flight: the user's state is intact and a re-run completes."""
    work, origin = project
    marker = tmp_path / "hook-started"
    hook = origin / "hooks" / "pre-receive"
    hook.write_text(f"#!/bin/sh\ntouch '{marker}'\nsleep 30\nexit 1\n")
    hook.chmod(0o755)
    dirty(work)
    before = user_state(work)
    argv = [sys.executable, "-m", "releasegate", "release-pr", "-C", str(work)]
    env = {**git_env(), "GITHUB_REPOSITORY": "octo/demo"}
    proc = subprocess.Popen(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists()
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # releasegate, git push and the hook alike
        proc.wait()
    hook.unlink()
    assert user_state(work) == before
    code, _, err = release_pr(cli, work)
    assert code == 0, err
    assert sh(origin, "rev-parse", BRANCH) == sh(work, "rev-parse", BRANCH)
    assert sh(origin, "rev-parse", f"{BRANCH}^") == sh(origin, "rev-parse", "main")
    assert user_state(work) == before


def test_unpushed_commits_on_main_are_refused(project: tuple[Path, Path], cli: Cli) -> None:
    """Local main ahead of origin: the PR would carry unpushed commits, so one line and exit 1."""
    work, origin = project
    (work / "local.py").write_text("L = 1\n")
    sh(work, "add", "local.py")
    sh(work, "commit", "-q", "-m", "feat: not pushed")
    code, _, err = release_pr(cli, work)
    assert code == 1
    assert "branch 'main' is at " in err
    assert "pull or push 'main', then run release-pr again" in err
    assert sh(origin, "branch", "--list", BRANCH) == ""


def test_checked_out_release_branch_is_refused(project: tuple[Path, Path], cli: Cli) -> None:
    """The release branch is rewritten each run; with it checked out, stop before writing."""
    work, _ = project
    sh(work, "branch", BRANCH)
    sh(work, "switch", "-q", BRANCH)
    code, _, err = release_pr(cli, work, "--no-push", "--branch", "main")
    assert code == 2
    assert f"branch '{BRANCH}' is checked out" in err


# -- with a GitHub token: the pull request --------------------------------------------------
@pytest.fixture
def gh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeGitHub]:
    """A GitHub stand-in for octo/demo (the project's origin) with a canary token, as in Actions."""
    with running_github(token=CANARY, git_dir=tmp_path / "origin.git") as server:
        monkeypatch.setenv("GITHUB_TOKEN", CANARY)
        monkeypatch.setenv("GITHUB_API_URL", server.url)
        yield server


def writes(gh: FakeGitHub) -> list[tuple[str, str]]:
    """The API writes seen so far: (method, path); GraphQL queries only read."""
    return [
        (r.method, r.path)
        for r in gh.requests
        if r.method != "GET" and not str((r.body or {}).get("query", "")).startswith("query")
    ]


def test_opens_then_keeps_then_updates_the_pull_request(
    project: tuple[Path, Path], gh: FakeGitHub, cli: Cli
) -> None:
    """First run opens the labelled PR; a second writes nothing; a new commit updates it."""
    work, origin = project
    pr = planned(cli, work)
    code, out, err = release_pr(cli, work)
    assert code == 0, err
    (pull,) = gh.pulls.values()
    assert (pull["title"], pull["body"], pull["draft"]) == (pr["title"], pr["body"], False)
    assert (pull["head"]["ref"], pull["base"]["ref"]) == (BRANCH, "main")
    assert gh.labels_of(pull["number"]) == ["autorelease: pending"]
    assert f"Release PR #{pull['number']}: opened: {pull['html_url']}" in out
    count = len(writes(gh))
    first = sh(origin, "rev-parse", BRANCH)
    code, out, _ = release_pr(cli, work)
    assert code == 0
    assert len(writes(gh)) == count
    assert sh(origin, "rev-parse", BRANCH) == first
    assert f"Release PR #{pull['number']}: up to date" in out
    commit_on_main(work, "more.py", "feat: another feature")
    code, out, _ = release_pr(cli, work)
    assert code == 0
    assert len(gh.pulls) == 1
    assert writes(gh)[count:] == [
        ("PATCH", f"{gh.prefix}/git/refs/heads/{BRANCH}"),  # reset to main's tip
        ("POST", "/graphql"),  # createCommitOnBranch
        ("PATCH", f"{gh.prefix}/pulls/{pull['number']}"),
    ]
    assert "another feature" in gh.pulls[pull["number"]]["body"]
    assert sh(origin, "rev-parse", BRANCH) != first
    assert f"Release PR #{pull['number']}: updated" in out


def test_draft_and_configured_labels(tmp_path: Path, gh: FakeGitHub, cli: Cli) -> None:
    """draft-pull-request opens a draft; `label` replaces the pending label."""
    config = {"draft-pull-request": True, "label": "release:pending,bot", **SPEC["config"]}
    work, _ = make_project(tmp_path, {**SPEC, "config": config})
    code, _, err = release_pr(cli, work)
    assert code == 0, err
    (pull,) = gh.pulls.values()
    assert pull["draft"] is True
    assert gh.labels_of(pull["number"]) == ["release:pending", "bot"]


def test_pull_request_failure_then_rerun_opens_it(
    project: tuple[Path, Path], gh: FakeGitHub, cli: Cli
) -> None:
    """Branch pushed but the PR refused: one line without the token; the re-run only opens it."""
    work, origin = project
    gh.fail_next("POST", "/pulls", 403)
    code, out, err = release_pr(cli, work)
    assert (code, out) == (1, "")
    assert len(err.splitlines()) == 1
    pushed = sh(origin, "rev-parse", BRANCH)
    code, out, err = release_pr(cli, work)
    assert code == 0, err
    assert sh(origin, "rev-parse", BRANCH) == pushed
    assert len(gh.pulls) == 1
    assert "opened" in out
    config = sh(work, "config", "--list", "--show-origin")
    for text in (out, err, config):
        assert CANARY not in text


def merge_release_pr(cli: Cli, work: Path, *, tag: bool) -> str:
    """Commit the planned release PR's files on main and push, as its merge would; its sha."""
    pr = planned(cli, work)
    for update in pr["updates"]:
        (work / update["path"]).write_text(update["content"], encoding="utf-8")
    sh(work, "add", "-A")
    sh(work, "commit", "-q", "-m", f"{pr['title']} (#1)")
    if tag:
        sh(work, "tag", f"v{pr['version']}")
    sh(work, "push", "-q", "origin", "main", "--tags")
    return sh(work, "rev-parse", "HEAD")


@pytest.mark.parametrize("mode", [("--dry-run",), ("--no-push",), ()], ids=str)
def test_merged_release_not_tagged_stops_every_run(
    project: tuple[Path, Path], cli: Cli, mode: tuple[str, ...]
) -> None:
    """A merged release PR whose version has no tag: one line, exit 1, no made-up plan."""
    work, origin = project
    sha = merge_release_pr(cli, work, tag=False)
    commit_on_main(work, "more.txt", "feat: after the release")
    code, out, err = release_pr(cli, work, *mode)
    assert (code, out) == (1, "")
    (line,) = err.splitlines()
    assert f"a release PR is merged but not released: {sha[:7]} " in line
    assert "no tag 'v1.3.0'" in line
    assert "releasegate github-release" in line
    assert sh(work, "branch", "--list", BRANCH) == ""
    assert sh(origin, "branch", "--list", BRANCH) == ""


def test_merged_release_tagged_plans_the_next(project: tuple[Path, Path], cli: Cli) -> None:
    """Once github-release tagged it, the plan starts at that release."""
    work, _ = project
    merge_release_pr(cli, work, tag=True)
    commit_on_main(work, "more.txt", "feat: after the release")
    code, out, _ = release_pr(cli, work, "--dry-run")
    assert code == 0
    assert out.startswith("root package: 1.3.0 -> 1.4.0 (1 feat; 1 commit(s) since v1.3.0)")


@pytest.mark.parametrize(
    ("option", "fix"),
    [
        ({"draft": True}, "publish the draft GitHub release v1.3.0"),
        ({"skip-github-release": True}, None),
    ],
    ids=["draft", "skip-github-release"],
)
def test_merged_release_not_tagged_by_design(
    tmp_path: Path, cli: Cli, option: dict[str, Any], fix: str | None
) -> None:
    """A draft release has no tag until published; a package another tool tags is not held."""
    spec = widget_spec(FEATURE, FIX)
    spec["config"]["packages"]["."].update(option)
    work, _ = make_project(tmp_path, spec)
    merge_release_pr(cli, work, tag=False)
    code, _, err = release_pr(cli, work, "--dry-run")
    if fix is None:
        assert code == 0, err
    else:
        assert code == 1
        assert fix in err


def test_unchanged_manifest_without_tag_is_planned(tmp_path: Path, cli: Cli) -> None:
    """Adopting release-please (a version never bumped, no tag): planned, as release-please does."""
    spec = widget_spec(FEATURE, FIX)
    spec["steps"] = spec["steps"][1:]  # no v1.2.3 tag
    work, _ = make_project(tmp_path, spec)
    code, out, err = release_pr(cli, work, "--dry-run")
    assert code == 0, err
    assert out.startswith("root package: 1.2.3 -> 1.3.0")


def test_merged_release_pr_not_pulled_is_refused(
    project: tuple[Path, Path], gh: FakeGitHub, cli: Cli
) -> None:
    """GitHub has a merged release PR whose merge commit main here lacks: pull first."""
    work, origin = project
    gh.add_pull(labels=("autorelease: pending",), merged_sha="a" * 40)
    code, out, err = release_pr(cli, work)
    assert (code, out) == (1, "")
    (line,) = err.splitlines()
    assert "release PR #1 was merged into 'main' on GitHub at aaaaaaaaaaaa" in line
    assert writes(gh) == []
    assert sh(origin, "branch", "--list", BRANCH) == ""


def test_tagged_release_pr_still_pending_writes_nothing(
    project: tuple[Path, Path], gh: FakeGitHub, cli: Cli
) -> None:
    """Tagged but still labelled pending (its publish is running): exit 0, nothing written."""
    work, origin = project
    sha = merge_release_pr(cli, work, tag=True)
    gh.add_pull(labels=("autorelease: pending",), merged_sha=sha)
    commit_on_main(work, "more.txt", "fix: after the release")
    code, out, err = release_pr(cli, work)
    assert code == 0, err
    assert out.startswith("root package: 1.3.0 -> 1.3.1")
    assert "release PR #1 is merged and tagged but still labelled 'autorelease: pending'" in err
    assert writes(gh) == []
    assert sh(origin, "branch", "--list", BRANCH) == ""


def test_json_reports_what_was_done(project: tuple[Path, Path], gh: FakeGitHub, cli: Cli) -> None:
    """--json after a real run: one document; each PR has its commit and pull request result."""
    work, origin = project
    code, out, _ = release_pr(cli, work, "--json")
    assert code == 0
    (pr,) = json.loads(out)["pullRequests"]
    assert pr["result"] == {
        "commit": sh(origin, "rev-parse", BRANCH),
        "branch": "pushed",
        "verified": True,
        "pullRequest": {
            "number": 1,
            "url": "https://github.com/octo/demo/pull/1",
            "state": "opened",
        },
    }


def test_token_reaches_an_https_remote_only_through_the_environment(
    project: tuple[Path, Path], gh: FakeGitHub, cli: Cli
) -> None:
    """The canary token is sent to the git host as basic auth, and shows up nowhere else."""
    work, _ = project
    with refusing_git_host() as (url, seen):
        sh(work, "remote", "set-url", "origin", url)
        code, out, err = release_pr(cli, work)
    assert (code, out) == (1, "")
    assert len(err.splitlines()) == 1
    basic = base64.b64encode(f"x-access-token:{CANARY}".encode()).decode()
    assert any(header.lower() == f"basic {basic}".lower() for header in seen)
    config = sh(work, "config", "--list", "--show-origin")
    for text in (out, err, config):
        assert CANARY not in text
        assert basic not in text


def test_separate_pull_requests_get_one_branch_and_pr_each(
    tmp_path: Path, gh: FakeGitHub, cli: Cli
) -> None:
    """A monorepo with separate PRs: one branch per component, each one commit on main."""
    packages = {p: {"release-type": "simple", "component": p} for p in ("a", "b")}
    spec = {
        "files": {"a/version.txt": "1.0.0\n", "b/version.txt": "2.0.0\n"},
        "config": {"separate-pull-requests": True, "packages": packages},
        "manifest": {"a": "1.0.0", "b": "2.0.0"},
        "steps": [
            {"tag": "a-v1.0.0"},
            {"tag": "b-v2.0.0"},
            {"commit": "feat: a thing", "files": {"a/x.py": "1\n"}},
            {"commit": "fix: b thing", "files": {"b/y.py": "1\n"}},
        ],
    }
    work, origin = make_project(tmp_path, spec)
    code, _, err = release_pr(cli, work)
    assert code == 0, err
    main_sha = sh(origin, "rev-parse", "main")
    for component, version in (("a", "1.1.0"), ("b", "2.0.1")):
        branch = f"{BRANCH}--components--{component}"
        assert sh(origin, "rev-parse", f"{branch}^") == main_sha
        assert sh(origin, "show", f"{branch}:{component}/version.txt") == version
    titles = sorted(pull["title"] for pull in gh.pulls.values())
    assert titles == ["chore(main): release a 1.1.0", "chore(main): release b 2.0.1"]


def test_no_push_with_a_token_calls_no_api(
    project: tuple[Path, Path], gh: FakeGitHub, cli: Cli
) -> None:
    """--no-push builds the branch locally and reads no PR: one note says overrides are unread."""
    work, _ = project
    code, out, err = release_pr(cli, work, "--no-push")
    assert code == 0, err
    assert gh.requests == []
    assert err == (
        "releasegate: note: --no-push calls no API: merged pull requests were not read, so "
        "BEGIN_COMMIT_OVERRIDE blocks in their bodies are not applied\n"
    )
    assert f"Release branch {BRANCH}: built locally at " in out


def test_text_output_says_github_made_the_commit(
    project: tuple[Path, Path], gh: FakeGitHub, cli: Cli
) -> None:
    """With a token the branch line says GitHub made (and signed) the commit."""
    work, origin = project
    code, out, err = release_pr(cli, work)
    assert code == 0, err
    head = sh(origin, "rev-parse", BRANCH)
    assert f"Release branch {BRANCH}: pushed at {head} (commit made and signed by GitHub)" in out
    assert gh.created_commits == [head]


def test_unpushed_head_with_a_token(project: tuple[Path, Path], gh: FakeGitHub, cli: Cli) -> None:
    """GitHub lacks the local head: --dry-run plans without PRs and says so; a real run stops."""
    work, _ = project
    commit_on_main(work, "late.py", "fix: not pushed yet", push=False)
    code, out, err = release_pr(cli, work, "--dry-run")
    assert code == 0, err
    assert "fix: not pushed yet"[5:] in out
    assert "releasegate: note: GitHub does not have commit " in err
    code, out, err = release_pr(cli, work)
    assert (code, out) == (1, "")
    assert err.startswith("releasegate: error: octo/demo: GitHub does not have commit ")
    assert err.endswith("; push it first (the release PR is built on what GitHub has)\n")
    assert gh.created_commits == []
