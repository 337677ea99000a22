"""Issues 8 and 16's acceptance: a whole release cycle through the real CLI, git and the stand-in.

commits → ``release-pr`` opens the PR, its commit made by GitHub (``createCommitOnBranch``, the
same tree as git plumbing makes) → more commits → ``release-pr`` updates it → nothing new: no
new commit → "merge" (main moves to the release commit on the origin, the PR is marked merged)
→ ``github-release`` tags, releases, relabels and writes the outputs → a second
``github-release`` changes nothing → the next ``release-pr`` starts from the new version. Plus
the faults: a process killed between two writes. The stand-in serves the origin repository.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from typing import TYPE_CHECKING, Any

import pytest
from tests._github_server import FakeGitHub, github_in_env
from tests.builders import FEATURE, git_env, read_github_outputs, widget_spec

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from tests.builders import BareOrigin, Canary, Cli, CliRun, Git, MakeRepo

BRANCH = "release-please--branches--main"
PENDING = "autorelease: pending"
TAGGED = "autorelease: tagged"
WRITES = ("POST", "PATCH", "DELETE")
SPEC: dict[str, Any] = widget_spec(FEATURE)


@pytest.fixture
def gh(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, canary_secret: Canary
) -> Iterator[FakeGitHub]:
    """The stand-in for octo/demo, its token a canary, exported as Actions would."""
    for key, value in git_env().items():
        monkeypatch.setenv(key, value)
    for name in ("GH_TOKEN", "GITHUB_REF_NAME", "GITHUB_REF", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("RELEASEGATE_RETRY_DELAY", "0.001")
    monkeypatch.setenv("GITHUB_OUTPUT", str(tmp_path / "outputs.txt"))
    with github_in_env(monkeypatch, token=canary_secret.value) as server:
        yield server


@pytest.fixture
def project(make_repo: MakeRepo, bare_origin: BareOrigin, gh: FakeGitHub) -> tuple[Path, Path]:
    """A clone on main (v1.2.3 plus a feature) and its bare origin, which GitHub serves."""
    work = make_repo(SPEC, "work")
    origin = bare_origin(work)
    gh.git_dir = origin
    return work, origin


class Transcript:
    """Everything the runs printed, to scan for the canary at the end."""

    def __init__(self, cli: Cli) -> None:
        self._cli = cli
        self.texts: list[str] = []

    def cli(self, *argv: str | Path) -> CliRun:
        """Run the CLI in-process, keeping what it printed; return the run."""
        run = self._cli(*argv)
        self.texts += [run.out, run.err]
        return run


def writes(gh: FakeGitHub) -> list[tuple[str, str]]:
    """The API writes seen so far: (method, path); GraphQL queries only read."""
    return [
        (r.method, r.path)
        for r in gh.requests
        if r.method in WRITES and not str((r.body or {}).get("query", "")).startswith("query")
    ]


def user_state(git: Git, work: Path) -> tuple[str, str, str]:
    """HEAD, the checked-out branch and ``git status --porcelain``."""
    return (
        git(work, "rev-parse", "HEAD"),
        git(work, "symbolic-ref", "HEAD"),
        git(work, "status", "--porcelain"),
    )


def commit_on_main(git: Git, work: Path, name: str, message: str) -> None:
    """Commit a new file on main and push it, as a merged feature PR would."""
    (work / name).write_text("new\n", encoding="utf-8")
    git(work, "add", name)
    git(work, "commit", "-q", "-m", message)
    git(work, "push", "-q", "origin", "main")


def merge_on_github(git: Git, origin: Path, scratch: Path, style: str, number: int) -> str:
    """Do what GitHub's merge button does to main on ``origin``; return the new main commit."""
    git(origin.parent, "clone", "-q", str(origin), str(scratch))
    if style == "squash":
        git(scratch, "merge", "-q", "--squash", f"origin/{BRANCH}")
        title = git(scratch, "log", "-1", "--format=%s", f"origin/{BRANCH}")
        git(scratch, "commit", "-q", "-m", f"{title} (#{number})")
    else:
        message = f"Merge pull request #{number} from octo/{BRANCH}"
        git(scratch, "merge", "-q", "--no-ff", "-m", message, f"origin/{BRANCH}")
    git(scratch, "push", "-q", "origin", "main")
    return git(scratch, "rev-parse", "HEAD")


def kill_after_push(origin: Path, marker: Path, argv: list[str]) -> tuple[str, str]:
    """Run ``python -m releasegate *argv``; SIGKILL it once its push reached ``origin``.

    A post-receive hook runs after the refs moved and the pushing git waits for it, so the
    process dies between the push and whatever write it would make next. Returns its output.
    """
    hook = origin / "hooks" / "post-receive"
    hook.write_text(f"#!/bin/sh\ntouch '{marker}'\nsleep 30\n", encoding="utf-8")
    hook.chmod(0o755)
    proc = subprocess.Popen(
        [sys.executable, "-m", "releasegate", *argv],
        env=dict(os.environ), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), "the push never reached the origin"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # releasegate, git push and the hook alike
        out, err = proc.communicate()
        hook.unlink()
    return out, err


def release_notes(body: str) -> str:
    """The version's notes inside a release PR body (between the header and footer rules)."""
    return body.split("---\n\n\n", 1)[1].rsplit("\n\n---", 1)[0].strip()


@pytest.mark.parametrize("style", ["squash", "merge"])
def test_release_cycle(
    project: tuple[Path, Path],
    gh: FakeGitHub,
    tmp_path: Path,
    cli: Cli,
    style: str,
    *,
    canary_secret: Canary,
    git: Git,
) -> None:
    """PR opened, updated, merged, released once, then the next PR plans from the new version."""
    work, origin = project
    log = Transcript(cli)
    release_pr = ("release-pr", "-C", str(work), "--date", "2025-01-15")

    # commits → release-pr opens the PR, labelled pending; the clone is left as it was
    before = user_state(git, work)
    code, out, err = log.cli(*release_pr)
    assert code == 0, err
    (pull,) = gh.pulls.values()
    number = pull["number"]
    assert pull["title"] == "chore(main): release 1.3.0"
    assert (pull["head"]["ref"], pull["base"]["ref"]) == (BRANCH, "main")
    assert gh.labels_of(number) == [PENDING]
    assert writes(gh) == [
        ("POST", f"{gh.prefix}/git/refs"),  # the release branch, at main's tip
        ("POST", "/graphql"),  # createCommitOnBranch
        ("POST", f"{gh.prefix}/pulls"),
        ("POST", f"{gh.prefix}/issues/{number}/labels"),
    ]
    assert f"Release PR #{number}: opened" in out
    assert user_state(git, work) == before
    head = git(origin, "rev-parse", BRANCH)
    assert gh.created_commits == [head]  # GitHub made the commit
    assert git(origin, "log", "-1", "--format=%cn <%ce>", head) == "GitHub <noreply@github.com>"
    assert git(origin, "rev-parse", f"{head}^") == git(origin, "rev-parse", "main")
    assert git(work, "rev-parse", BRANCH) == head  # the local branch follows GitHub's
    assert 'version = "1.3.0"' in git(origin, "show", f"{head}:pyproject.toml")
    assert git(origin, "show", f"{head}:.release-please-manifest.json") == '{\n  ".": "1.3.0"\n}'
    assert "* streaming" in git(origin, "show", f"{head}:CHANGELOG.md")
    # release-please-action's release-pr outputs: the PR this run opened
    opened = read_github_outputs(tmp_path / "outputs.txt")
    assert opened["prs_created"] == "true"
    assert json.loads(opened["pr"])["number"] == number
    assert json.loads(opened["pr"])["headBranchName"] == BRANCH
    (tmp_path / "outputs.txt").unlink()
    # the same tree as the plumbing path (--no-push) makes for the same plan
    local = tmp_path / "plumbing"
    git(tmp_path, "clone", "-q", str(origin), str(local))
    assert cli("release-pr", "-C", local, "--no-push", "--date", "2025-01-15").code == 0
    plumbing = git(local, "rev-parse", BRANCH)
    assert plumbing != head
    assert git(local, "rev-parse", f"{plumbing}^{{tree}}") == git(
        origin, "rev-parse", f"{head}^{{tree}}"
    )
    (tmp_path / "outputs.txt").unlink()

    # more commits → release-pr updates the same PR: one PATCH, the branch regenerated
    commit_on_main(git, work, "io.py", "fix(io): close files")
    count = len(writes(gh))
    before = user_state(git, work)
    code, out, err = log.cli(*release_pr)
    assert code == 0, err
    assert len(gh.pulls) == 1
    assert writes(gh)[count:] == [
        ("PATCH", f"{gh.prefix}/git/refs/heads/{BRANCH}"),  # reset to main's new tip
        ("POST", "/graphql"),
        ("PATCH", f"{gh.prefix}/pulls/{number}"),
    ]
    assert len(gh.created_commits) == 2
    assert "close files" in gh.pulls[number]["body"]
    assert f"Release PR #{number}: updated" in out
    assert user_state(git, work) == before
    head = git(origin, "rev-parse", BRANCH)
    assert git(origin, "rev-parse", f"{head}^") == git(origin, "rev-parse", "main")
    assert "close files" in git(origin, "show", f"{head}:CHANGELOG.md")

    assert (
        json.loads(read_github_outputs(tmp_path / "outputs.txt")["pr"])["number"] == number
    )  # updated
    (tmp_path / "outputs.txt").unlink()

    # nothing new → release-pr writes nothing: no new commit either
    count = len(writes(gh))
    code, out, err = log.cli(*release_pr)
    assert code == 0, err
    assert len(writes(gh)) == count
    assert len(gh.created_commits) == 2
    assert git(origin, "rev-parse", BRANCH) == head
    assert f"Release PR #{number}: up to date" in out
    assert read_github_outputs(tmp_path / "outputs.txt") == {"prs_created": "false"}
    (tmp_path / "outputs.txt").unlink()

    # "merge": main on the origin moves to the release commit; the PR is marked merged
    merged = merge_on_github(git, origin, tmp_path / "github", style, number)
    gh.merge(number, merged)
    git(work, "pull", "-q", "--ff-only", "origin", "main")  # the workflow's checkout of main
    assert git(work, "rev-parse", "HEAD") == merged
    released_tree = git(origin, "rev-parse", f"{head}^{{tree}}")
    assert git(work, "rev-parse", f"{merged}^{{tree}}") == released_tree

    # github-release tags the merge commit, releases the notes, relabels, writes the outputs
    before = user_state(git, work)
    count = len(writes(gh))
    code, out, err = log.cli("github-release", "-C", str(work))
    assert (code, err) == (0, "")
    assert user_state(git, work) == before
    assert git(origin, "rev-parse", "v1.3.0^{commit}") == merged
    assert git(work, "rev-parse", "v1.3.0^{commit}") == merged
    (release,) = gh.releases.values()
    assert (release["tag_name"], release["name"], release["target_commitish"]) == (
        "v1.3.0", "v1.3.0", merged,
    )  # fmt: skip
    notes = release_notes(gh.pulls[number]["body"])
    assert release["body"] == notes
    assert notes.startswith("## [1.3.0](https://github.com/octo/demo/compare/v1.2.3...v1.3.0)")
    assert (release["draft"], release["prerelease"]) == (False, False)
    assert gh.labels_of(number) == [TAGGED]
    assert ("POST", f"{gh.prefix}/releases") in writes(gh)[count:]
    output_file = tmp_path / "outputs.txt"
    got = read_github_outputs(output_file)
    assert (got["releases_created"], got["release_created"]) == ("true", "true")
    assert (got["tag_name"], got["version"], got["major"], got["minor"], got["patch"]) == (
        "v1.3.0", "1.3.0", "1", "3", "0",
    )  # fmt: skip
    assert (got["sha"], got["prNumber"], got["body"]) == (merged, str(number), notes)
    first_outputs = output_file.read_text(encoding="utf-8")

    # a second github-release changes nothing: no API write, no new tag
    output_file.unlink()
    count = len(writes(gh))
    tags = git(origin, "for-each-ref", "refs/tags")
    run = log.cli("github-release", "-C", work, "--json")
    assert run.code == 0, run.err
    assert (run.json()["releases"], run.json()["relabelled"]) == ([], [])
    assert len(writes(gh)) == count
    assert git(origin, "for-each-ref", "refs/tags") == tags
    assert len(gh.releases) == 1
    assert read_github_outputs(output_file) == {"releases_created": "false", "paths_released": "[]"}

    # the next release-pr, as a real process, plans from v1.3.0 and opens a new PR
    commit_on_main(git, work, "late.py", "fix: a late fix")
    before = user_state(git, work)
    proc = subprocess.run(
        [sys.executable, "-m", "releasegate", *release_pr],
        capture_output=True, text=True, env=dict(os.environ), check=False,
    )  # fmt: skip
    log.texts += [proc.stdout, proc.stderr]
    assert proc.returncode == 0, proc.stderr
    assert user_state(git, work) == before
    following = gh.pulls[max(gh.pulls)]
    assert following["number"] != number
    assert following["title"] == "chore(main): release 1.3.1"
    assert gh.labels_of(following["number"]) == [PENDING]
    assert release_notes(following["body"]).startswith(
        "## [1.3.1](https://github.com/octo/demo/compare/v1.3.0...v1.3.1)"
    )
    assert "a late fix" in following["body"]
    assert "streaming" not in following["body"]
    assert git(origin, "rev-parse", f"{BRANCH}^") == git(origin, "rev-parse", "main")

    # the token never leaked: output, outputs file, request bodies, git configuration
    canary_secret.assert_absent(
        *log.texts,
        first_outputs,
        output_file.read_text(encoding="utf-8"),
        *(r.raw for r in gh.requests),
        git(work, "config", "--list", "--show-origin"),
        git(origin, "config", "--list", "--show-origin"),
    )
    assert all(r.authorization == f"Bearer {canary_secret.value}" for r in gh.requests)


def test_killed_between_commit_and_pull_request_then_rerun_completes(
    project: tuple[Path, Path],
    gh: FakeGitHub,
    cli: Cli,
    *,
    canary_secret: Canary,
    git: Git,
) -> None:
    """SIGKILL after GitHub made the commit, before the PR: the re-run opens one PR, no commit."""
    work, origin = project
    before = user_state(git, work)
    assert before[1:] == ("refs/heads/main", "")  # on main, a clean tree
    held = gh.stall_next("POST", "/pulls")
    proc = subprocess.Popen(
        [sys.executable, "-m", "releasegate", "release-pr", "-C", str(work)],
        env=dict(os.environ), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not gh.calls("POST", "/pulls") and proc.poll() is None:
            assert time.monotonic() < deadline, "the PR was never asked for"
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        held.set()
    committed = git(origin, "rev-parse", BRANCH)
    assert gh.created_commits == [committed]
    assert gh.pulls == {}
    assert user_state(git, work) == before

    code, rerun_out, rerun_err = cli("release-pr", "-C", work)
    assert code == 0, rerun_err
    assert git(origin, "rev-parse", BRANCH) == committed
    assert gh.created_commits == [committed]  # the commit was reused, not made again
    (pull,) = gh.pulls.values()
    assert gh.labels_of(pull["number"]) == [PENDING]
    assert [m for m, path in writes(gh) if path.endswith(("/pulls", "/labels"))] == [
        "POST",
        "POST",
        "POST",
    ]  # fmt: skip - the stalled PR request, then the PR and its label
    assert user_state(git, work) == before
    canary_secret.assert_absent(
        out, err, rerun_out, rerun_err, *(r.raw for r in gh.requests),
        git(work, "config", "--list", "--show-origin"),
    )  # fmt: skip


def test_killed_between_tag_push_and_release_then_rerun_completes(
    project: tuple[Path, Path],
    gh: FakeGitHub,
    tmp_path: Path,
    cli: Cli,
    *,
    canary_secret: Canary,
    git: Git,
) -> None:
    """SIGKILL after github-release pushed the tag: the re-run releases once, tag unmoved."""
    work, origin = project
    assert cli("release-pr", "-C", work).code == 0
    (number,) = gh.pulls
    merged = merge_on_github(git, origin, tmp_path / "github", "squash", number)
    gh.merge(number, merged)
    git(work, "pull", "-q", "--ff-only", "origin", "main")
    before = user_state(git, work)
    assert before[1:] == ("refs/heads/main", "")  # on main, a clean tree
    count = len(writes(gh))
    out, err = kill_after_push(origin, tmp_path / "tagged", ["github-release", "-C", str(work)])
    assert git(origin, "rev-parse", "v1.3.0^{commit}") == merged
    assert writes(gh)[count:] == []
    assert gh.labels_of(number) == [PENDING]
    assert user_state(git, work) == before

    code, rerun_out, rerun_err = cli("github-release", "-C", work)
    assert code == 0, rerun_err
    assert git(origin, "rev-parse", "v1.3.0^{commit}") == merged
    assert git(origin, "tag", "--list") == "v1.2.3\nv1.3.0"
    (release,) = gh.releases.values()
    assert (release["tag_name"], release["target_commitish"]) == ("v1.3.0", merged)
    assert gh.labels_of(number) == [TAGGED]
    assert read_github_outputs(tmp_path / "outputs.txt")["tag_name"] == "v1.3.0"
    assert user_state(git, work) == before
    canary_secret.assert_absent(
        out, err, rerun_out, rerun_err, *(r.raw for r in gh.requests),
        (tmp_path / "outputs.txt").read_text(encoding="utf-8"),
    )  # fmt: skip
