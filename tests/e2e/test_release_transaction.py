"""A release that cannot burn a version: github-release (draft) + publish-release, with faults.

Real git repos with a bare origin, the GitHub stand-in, a real pypiserver and real builds. The
release job runs ``github-release`` (tag + draft, the PR stays pending), the publish job runs
``publish-release`` (build from the release commit, upload, confirm, publish the draft,
relabel). A
fault after each step is followed by a re-run of both jobs that completes the release with one
GitHub release and no file uploaded twice, and no release is ever published while the index
lacks its files.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import pytest
from tests._github_server import FakeGitHub, github_in_env
from tests.builders import (
    add_bare_origin,
    git,
    git_env,
    make_project,
    plan_main,
    read_github_outputs,
)

from releasegate.cli import main
from releasegate.engine.repository import Repository

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from tests._index_server import Index

CANARY = "ghs_CANARYtxn0123456789abcdefXYZ"
PENDING = "autorelease: pending"
TAGGED = "autorelease: tagged"
CONFIG = '{"packages": {".": {"release-type": "python"}}}\n'
TRANSACTION = "[tool.releasegate]\ndraft-until-published = true\n"


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, local_index: Index) -> None:
    """No user git config, fast retries, upload credentials, no inherited CI variables."""
    for name in (
        "GITHUB_TOKEN",
        "GH_TOKEN",
        "GITHUB_REF_NAME",
        "GITHUB_ACTIONS",
        "SOURCE_DATE_EPOCH",
        "SIGSTORE_IDENTITY_TOKEN",
        "ACTIONS_ID_TOKEN_REQUEST_URL",
    ):
        monkeypatch.delenv(name, raising=False)
    for key, value in git_env().items():
        if key.startswith(("GIT_", "LC_", "TZ")):
            monkeypatch.setenv(key, value)
    monkeypatch.setenv("RELEASEGATE_RETRY_DELAY", "0.001")
    monkeypatch.setenv("GITHUB_OUTPUT", str(tmp_path / "outputs.txt"))
    monkeypatch.setenv("TWINE_USERNAME", local_index.username)
    monkeypatch.setenv("TWINE_PASSWORD", local_index.password)


@pytest.fixture
def gh(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGitHub]:
    """The GitHub stand-in, with the client pointed at it through the environment."""
    with github_in_env(monkeypatch, token=CANARY) as server:
        yield server


def merged_release(
    tmp_path: Path, gh: FakeGitHub, name: str, extra: str = TRANSACTION
) -> tuple[Path, Path, int]:
    """A tiny project at 1.0.0 plus a feature, its 1.1.0 release PR merged and pending.

    Returns the clone (checked out at the merge commit, as the publish job has it), the bare
    origin and the PR number.
    """
    repo = make_project(
        tmp_path / "repo",
        name=name,
        extra=extra,
        files={"release-please-config.json": CONFIG},
        tag="v1.0.0",
    )
    (repo / "src" / name.replace("-", "_") / "extra.py").write_text("X = 1\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "feat: an extra module")
    plan = plan_main(
        repo, repository=Repository("octo", "demo"), now=datetime(2026, 2, 1, tzinfo=timezone.utc)
    )
    (pr,) = plan.pull_requests
    for update in pr.updates:
        (repo / update.path).write_text(update.content, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", pr.title)
    origin = add_bare_origin(repo, tmp_path / "origin.git")
    number = gh.add_pull(
        title=pr.title,
        head=pr.head_branch,
        body=pr.body,
        labels=(PENDING,),
        merged_sha=git(repo, "rev-parse", "HEAD"),
    )["number"]
    return repo, origin, number


def github_release(capsys: pytest.CaptureFixture[str], repo: Path) -> tuple[int, str, str]:
    """The release job's step; return exit code, stdout and stderr."""
    code = main(["github-release", "-C", str(repo), "--branch", "main"])
    out, err = capsys.readouterr()
    return code, out, err


def publish_release(
    capsys: pytest.CaptureFixture[str], repo: Path, index: Index, *extra: str
) -> tuple[int, str, str]:
    """The publish job's step, unsigned, to the local index; return code, stdout, stderr."""
    argv = ["publish-release", "-C", str(repo), "--branch", "main", "--no-sign"]
    code = main([*argv, "--repository-url", index.url, *extra])
    out, err = capsys.readouterr()
    return code, out, err


def outputs(tmp_path: Path) -> dict[str, str]:
    """The ``$GITHUB_OUTPUT`` entries of the last run (the file is removed for the next)."""
    path = tmp_path / "outputs.txt"
    found = read_github_outputs(path)
    path.unlink(missing_ok=True)
    return found


def on_index(index: Index, name: str) -> list[str]:
    """The file names the index lists for project ``name``."""
    module = name.replace("-", "_")
    return [f for f in index.files() if f.startswith(f"{module}-")]


def assert_invariant(gh: FakeGitHub, index: Index, name: str) -> None:
    """No published release without both distributions on the index."""
    for release in gh.releases.values():
        if not release["draft"]:
            assert len(on_index(index, name)) == 2, release["tag_name"]


def assert_released(gh: FakeGitHub, index: Index, name: str, number: int, origin: Path) -> None:
    """One published v1.1.0 release, its two files on the index, the PR tagged."""
    (release,) = gh.releases.values()
    assert (release["tag_name"], release["draft"]) == ("v1.1.0", False)
    assert on_index(index, name) == [
        f"{name.replace('-', '_')}-1.1.0-py3-none-any.whl",
        f"{name.replace('-', '_')}-1.1.0.tar.gz",
    ]
    assert gh.labels_of(number) == [TAGGED]
    assert "v1.1.0" in git(origin, "tag", "--list")


def test_release_job_then_publish_job(
    tmp_path: Path, gh: FakeGitHub, local_index: Index, capsys: pytest.CaptureFixture[str]
):
    """github-release leaves a draft and a pending PR; publish-release uploads, publishes, relabels."""
    name = "txn-happy"
    repo, origin, number = merged_release(tmp_path, gh, name)
    code, out, err = github_release(capsys, repo)
    assert (code, err) == (0, "")
    assert "stays a draft until `releasegate publish-release` publishes it" in out
    (release,) = gh.releases.values()
    assert (release["tag_name"], release["draft"]) == ("v1.1.0", True)
    assert gh.labels_of(number) == [PENDING]
    assert number not in gh.comments
    found = outputs(tmp_path)
    assert (found["releases_created"], found["tag_name"], found["draft"]) == (
        "true",
        "v1.1.0",
        "true",
    )
    assert on_index(local_index, name) == []

    code, out, err = publish_release(capsys, repo, local_index)
    assert code == 0, err
    assert "v1.1.0: on the index: 2 uploaded, 0 already there (sha256 confirmed)" in out
    assert f"PR #{number}: relabelled" in out
    assert_released(gh, local_index, name, number, origin)
    assert CANARY not in out + err
    assert local_index.password not in out + err
    assert gh.comments[number][0].startswith("\U0001f916 Created releases:\n\n- [v1.1.0](")
    # the published release points at the uploaded files' tag; nothing is left to do
    code, out, _ = github_release(capsys, repo)
    assert (code, outputs(tmp_path)["releases_created"]) == (0, "false")
    assert publish_release(capsys, repo, local_index)[:2] == (
        0,
        "No merged release PR is waiting to be published; nothing to do.\n",
    )


@pytest.mark.parametrize(
    "env",
    [{"GITHUB_REF_TYPE": "branch", "GITHUB_REF_NAME": "main", "GITHUB_REF": "refs/heads/main"}, {}],
    ids=["publish-job", "locally"],
)
def test_publish_release_at_the_tag_checkout(  # noqa: PLR0917 - fixtures plus the table column
    tmp_path: Path,
    gh: FakeGitHub,
    local_index: Index,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
):
    """At the release tag (a detached HEAD) publish-release needs no --branch (issue 15 item 12).

    The tag at HEAD and the config and manifest there identify the release; the PR's base
    branch is the pushed branch in the publish job, else origin's default branch.
    """
    name = "txn-detached"
    repo, origin, number = merged_release(tmp_path, gh, name)
    assert github_release(capsys, repo)[0] == 0
    git(repo, "checkout", "-q", "--detach", "v1.1.0")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    argv = ["publish-release", "-C", str(repo), "--no-sign", "--repository-url", local_index.url]
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 0, err
    assert f"PR #{number}: relabelled" in out
    assert_released(gh, local_index, name, number, origin)


def _fail_draft(gh: FakeGitHub, index: Index, number: int) -> dict[str, Any]:
    gh.fail_next("POST", "/releases", 500, times=4)
    return {"job": "release"}


def _fail_upload(gh: FakeGitHub, index: Index, number: int) -> dict[str, Any]:
    return {"job": "publish", "env": {"TWINE_PASSWORD": "wrong-password"}}


def _fail_publishing(gh: FakeGitHub, index: Index, number: int) -> dict[str, Any]:
    gh.fail_next("PATCH", "/releases/", 500, times=4)
    return {"job": "publish", "uploaded": True}


def _fail_relabel(gh: FakeGitHub, index: Index, number: int) -> dict[str, Any]:
    gh.fail_next("DELETE", f"/issues/{number}/labels", 500, times=4)
    return {"job": "publish", "uploaded": True, "published": True}


@pytest.mark.parametrize(
    "fault",
    [_fail_draft, _fail_upload, _fail_publishing, _fail_relabel],
    ids=["draft-api-500", "upload-refused", "publishing-500", "relabel-500"],
)
def test_fault_then_rerun_completes(  # noqa: PLR0917 - fixtures plus the table's column
    tmp_path: Path,
    gh: FakeGitHub,
    local_index: Index,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    fault: Callable[[FakeGitHub, Index, int], dict[str, Any]],
):
    """A fault at any step leaves a resumable state; re-running both jobs finishes the release."""
    name = f"txn-{fault.__name__.strip('_').replace('_', '-')}"
    repo, origin, number = merged_release(tmp_path, gh, name)
    plan = fault(gh, local_index, number)
    if plan["job"] == "release":
        code, _, err = github_release(capsys, repo)
        assert code == 1
        assert err.splitlines()[-1].startswith(
            "releasegate: error: octo/demo: create the release v1.1.0"
        )
        assert gh.releases == {}
    else:
        assert github_release(capsys, repo)[0] == 0
        outputs(tmp_path)
        with monkeypatch.context() as patched:
            for key, value in plan.get("env", {}).items():
                patched.setenv(key, value)
            code, _, err = publish_release(capsys, repo, local_index)
        assert code == 1
        # the chain's progress lines come first; the failure is one last line
        assert err.splitlines()[-1].startswith("releasegate: error: ")
        assert "Traceback" not in err
        assert len(gh.releases) == 1
        (release,) = gh.releases.values()
        assert release["draft"] is not plan.get("published", False)
    assert len(on_index(local_index, name)) == (2 if plan.get("uploaded") else 0)
    assert_invariant(gh, local_index, name)
    assert PENDING in gh.labels_of(number)

    # the next run of the workflow: the release job reports the draft, the publish job resumes
    code, _, err = github_release(capsys, repo)
    assert (code, err) == (0, "")
    assert_invariant(gh, local_index, name)
    if plan.get("published"):
        # a published release whose PR is still pending only needs its label
        assert outputs(tmp_path)["releases_created"] == "false"
        assert gh.labels_of(number) == [TAGGED]
    else:
        assert outputs(tmp_path)["releases_created"] == "true"
        code, out, err = publish_release(capsys, repo, local_index)
        assert code == 0, err
        already = 2 if plan.get("uploaded") else 0
        assert f"v1.1.0: on the index: {2 - already} uploaded, {already} already there" in out
    assert_released(gh, local_index, name, number, origin)
    assert_invariant(gh, local_index, name)


def test_publish_release_rerun_after_a_failed_relabel_only_relabels(
    tmp_path: Path, gh: FakeGitHub, local_index: Index, capsys: pytest.CaptureFixture[str]
):
    """A published release with its PR still pending: publish-release relabels, builds nothing."""
    name = "txn-relabel-only"
    repo, origin, number = merged_release(tmp_path, gh, name)
    assert github_release(capsys, repo)[0] == 0
    gh.fail_next("POST", f"/issues/{number}/labels", 500, times=4)
    code, _, err = publish_release(capsys, repo, local_index)
    assert code == 1, err
    assert gh.labels_of(number) == [PENDING]
    assert_invariant(gh, local_index, name)
    code, out, err = publish_release(capsys, repo, local_index)
    assert (code, err) == (0, "")
    assert out == f"v1.1.0: published before; nothing to upload\nPR #{number}: relabelled\n"
    assert_released(gh, local_index, name, number, origin)
    assert len(gh.calls("PATCH", "/releases/")) == 1
    assert len(gh.comments[number]) == 1


def test_publish_release_refuses_without_the_option(
    tmp_path: Path, gh: FakeGitHub, local_index: Index, capsys: pytest.CaptureFixture[str]
):
    """With draft-until-published off, publish-release says so instead of uploading nothing."""
    repo, _, number = merged_release(tmp_path, gh, "txn-off", extra="")
    code, _, err = publish_release(capsys, repo, local_index)
    assert code == 2
    assert err == (
        "releasegate: error: pyproject.toml: tool.releasegate.draft-until-published is off, so "
        "github-release publishes the release itself; set it to true, or run "
        "`releasegate release` in the publish job\n"
    )
    assert gh.labels_of(number) == [PENDING]


def test_publish_release_needs_the_tag_and_the_draft(
    tmp_path: Path, gh: FakeGitHub, local_index: Index, capsys: pytest.CaptureFixture[str]
):
    """Without github-release's tag or draft, publish-release stops in one line, uploads nothing."""
    name = "txn-early"
    repo, _, _ = merged_release(tmp_path, gh, name)
    code, _, err = publish_release(capsys, repo, local_index)
    assert code == 1
    assert err == (
        "releasegate: error: tag v1.1.0: not in "
        f"{repo}; run `releasegate github-release` first (it pushes the tag and creates the "
        "draft), then fetch the tags\n"
    )
    git(repo, "tag", "v1.1.0")
    code, _, err = publish_release(capsys, repo, local_index)
    assert code == 1
    assert err == (
        "releasegate: error: v1.1.0: no GitHub release for the tag; run `releasegate "
        "github-release` first (it pushes the tag and creates the draft)\n"
    )
    assert on_index(local_index, name) == []


def test_draft_exists_already_is_reported_not_recreated(
    tmp_path: Path, gh: FakeGitHub, local_index: Index, capsys: pytest.CaptureFixture[str]
):
    """A re-run of github-release over its own tag and draft creates nothing, reports the draft."""
    repo, _, number = merged_release(tmp_path, gh, "txn-resume")
    assert github_release(capsys, repo)[0] == 0
    first = outputs(tmp_path)
    code, out, _ = github_release(capsys, repo)
    assert code == 0
    again = outputs(tmp_path)
    assert again["releases_created"] == "true"
    assert (again["tag_name"], again["id"]) == (first["tag_name"], first["id"])
    assert "GitHub draft release: exists" in out
    assert len(gh.calls("POST", "/releases")) == 1
    assert gh.labels_of(number) == [PENDING]


def test_dry_run_changes_nothing(
    tmp_path: Path, gh: FakeGitHub, local_index: Index, capsys: pytest.CaptureFixture[str]
):
    """publish-release --dry-run builds and checks, then says what it would do."""
    repo, _, number = merged_release(tmp_path, gh, "txn-dry")
    assert github_release(capsys, repo)[0] == 0
    code, out, err = publish_release(capsys, repo, local_index, "--dry-run")
    assert code == 0, err
    assert (
        "v1.1.0: would upload txn_dry-1.1.0-py3-none-any.whl, txn_dry-1.1.0.tar.gz and publish "
        "the draft\n"
    ) in out
    assert f"PR #{number}: would relabel" in out
    (release,) = gh.releases.values()
    assert release["draft"] is True
    assert gh.labels_of(number) == [PENDING]
    assert on_index(local_index, "txn-dry") == []


# each state github-release's resume logic tells apart, set up directly on the stand-in


@pytest.mark.parametrize(
    ("tagged", "release", "created", "labels", "status"),
    [
        # nothing yet: tag, push, create the draft; the PR stays pending
        (False, None, "true", [PENDING], "created"),
        # the tag was pushed, the draft never made (the API failed): make it
        (True, None, "true", [PENDING], "created"),
        # tag and draft there (the publish job failed): report the draft again, create nothing
        (True, "draft", "true", [PENDING], "exists"),
        # published, PR still pending (died before relabelling): relabel, report nothing
        (True, "published", "false", [TAGGED], None),
    ],
    ids=["fresh", "tag-only", "draft", "published-pending"],
)
def test_github_release_resumes_each_state(  # noqa: PLR0917 - one parameter per table column
    tmp_path: Path,
    gh: FakeGitHub,
    capsys: pytest.CaptureFixture[str],
    tagged: bool,
    release: str | None,
    created: str,
    labels: list[str],
    status: str | None,
):
    """github-release picks up from whatever state an earlier run left."""
    repo, origin, number = merged_release(tmp_path, gh, "txn-states")
    head = git(repo, "rev-parse", "HEAD")
    if tagged:
        git(repo, "tag", "v1.1.0")
        git(repo, "push", "-q", "origin", "v1.1.0")
    if release is not None:
        gh.add_release("v1.1.0", sha=head, name="v1.1.0", draft=release == "draft")
    code, out, err = github_release(capsys, repo)
    assert (code, err) == (0, "")
    assert outputs(tmp_path)["releases_created"] == created
    assert gh.labels_of(number) == labels
    (made,) = gh.releases.values()
    assert made["tag_name"] == "v1.1.0"
    assert made["draft"] is (release != "published")
    assert git(origin, "rev-parse", "v1.1.0^{commit}") == head
    if status is not None:
        assert f"GitHub draft release: {status}" in out
    else:
        assert out == f"PR #{number}: relabelled\n"


def test_publish_release_leaves_a_pr_merged_after_the_checkout_to_its_own_run(
    tmp_path: Path, gh: FakeGitHub, local_index: Index, capsys: pytest.CaptureFixture[str]
):
    """A release PR merged after the checked-out commit is not this run's: noted, not touched."""
    name = "txn-later"
    repo, origin, number = merged_release(tmp_path, gh, name)
    assert github_release(capsys, repo)[0] == 0
    body = gh.pulls[number]["body"].replace("1.1.0", "1.2.0")
    later = gh.add_pull(
        title="chore(main): release 1.2.0",
        body=body,
        labels=(PENDING,),
        merged_sha="f" * 40,  # merged on GitHub, not in this checkout yet
    )["number"]
    code, out, err = publish_release(capsys, repo, local_index)
    assert code == 0, err
    head = git(repo, "rev-parse", "HEAD")[:12]
    assert err.startswith(
        f"releasegate: note: PR #{later} was merged after {head}; the workflow run of its merge "
        "publishes it\n"
    )
    assert f"PR #{number}: relabelled" in out
    assert_released(gh, local_index, name, number, origin)
    assert gh.labels_of(later) == [PENDING]
