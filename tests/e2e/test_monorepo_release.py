"""Issue 17's acceptance: monorepo releases carried through to the index, in dependency order.

The whole cycle through the real CLI: ``release-pr`` opens the PR(s) on the GitHub stand-in and
pushes the branch to a bare origin, a squash merge moves ``main`` on the origin, then the
Release workflow's two jobs run as CI runs them: ``github-release`` (tags and draft releases,
PRs left pending), and ``publish-release`` on a checkout of ``main``, which builds every
released package from its release commit, uploads it to a real pypiserver started for the test
and publishes its draft. A uv workspace (combined PR) and two projects side by side (separate
PRs); faults between the two uploads are finished by the next run.
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
from tests._index_server import Index, running_index
from tests._monorepo import locked, monorepo_spec, run_uv, workspace_spec
from tests.builders import add_bare_origin, git, git_env
from tests.oracle.repo import build_repo

from releasegate.cli import main

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from tests.builders import Canary

PENDING = "autorelease: pending"
TAGGED = "autorelease: tagged"
WORKSPACE = 'plugins = ["uv-workspace"]\nupdate-lockfile = true\ndraft-until-published = true\n'
FEAT_CORE = {"commit": "feat: core grows", "files": {"packages/core/src/core/more.py": "X = 1\n"}}


@pytest.fixture
def gh(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, canary_secret: Canary
) -> Iterator[FakeGitHub]:
    """The GitHub stand-in for octo/demo (serving origin.git), its token a canary, as in Actions."""
    for key, value in git_env().items():
        monkeypatch.setenv(key, value)
    for name in ("GH_TOKEN", "GITHUB_REF_NAME", "GITHUB_ACTIONS", "SOURCE_DATE_EPOCH",
                 "SIGSTORE_IDENTITY_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_URL"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("RELEASEGATE_RETRY_DELAY", "0.001")
    monkeypatch.setenv("GITHUB_OUTPUT", str(tmp_path / "outputs.txt"))
    origin = tmp_path / "origin.git"
    with github_in_env(monkeypatch, token=canary_secret.value, git_dir=origin) as server:
        yield server


@pytest.fixture
def index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Index]:
    """A pypiserver of the test's own (the packages are called core, ext, app)."""
    with running_index(tmp_path / "index", password="monorepo-upload-pw") as server:
        monkeypatch.setenv("TWINE_USERNAME", server.username)
        monkeypatch.setenv("TWINE_PASSWORD", server.password)
        yield server


class Workflow:
    """The repository, its origin and the commands the Release workflow runs, in-process."""

    def __init__(self, tmp_path: Path, spec: dict[str, Any], capsys: Any, index: Index) -> None:
        self.tmp_path = tmp_path
        self.work = build_repo(spec, tmp_path / "work")
        self.origin = add_bare_origin(self.work, tmp_path / "origin.git")
        self.capsys = capsys
        self.index = index
        self.merges = 0
        self.texts: list[str] = []

    def cli(self, *argv: str) -> tuple[int, str, str]:
        """Run the CLI in-process on the clone; return exit code, stdout and stderr."""
        code = main([argv[0], "-C", str(self.work), *argv[1:]])
        out, err = self.capsys.readouterr()
        self.texts += [out, err]
        return code, out, err

    def release_pr(self) -> str:
        """The release job's release-pr step; its stderr (warnings)."""
        code, _, err = self.cli("release-pr", "--date", "2025-01-15")
        assert code == 0, err
        return err

    def squash_merge(self, gh: FakeGitHub, number: int) -> str:
        """GitHub's squash merge of PR ``number`` into main; the clone pulls it as CI checks out."""
        self.merges += 1
        scratch = self.tmp_path / f"merge{self.merges}"
        branch = gh.pulls[number]["head"]["ref"]
        git(self.tmp_path, "clone", "-q", str(self.origin), str(scratch))
        git(scratch, "merge", "-q", "--squash", f"origin/{branch}")
        title = git(scratch, "log", "-1", "--format=%s", f"origin/{branch}")
        git(scratch, "commit", "-q", "-m", f"{title} (#{number})")
        git(scratch, "push", "-q", "origin", "main")
        merged = git(scratch, "rev-parse", "HEAD")
        gh.merge(number, merged)
        git(self.work, "pull", "-q", "--ff-only", "origin", "main")
        return merged

    def github_release(self) -> dict[str, Any]:
        """The release job's github-release step; its --json document."""
        code, out, err = self.cli("github-release", "--branch", "main", "--json")
        assert (code, err) == (0, ""), err
        document: dict[str, Any] = json.loads(out)
        return document

    def publish_argv(self) -> list[str]:
        """The publish job's step, unsigned, to the test's index, as one JSON document."""
        return ["publish-release", "--branch", "main", "--no-sign", "--json",
                "--repository-url", self.index.url]  # fmt: skip

    def publish_release(self) -> dict[str, Any]:
        """Run the publish step; its JSON document (it must succeed)."""
        code, out, err = self.cli(*self.publish_argv())
        assert code == 0, err
        document: dict[str, Any] = json.loads(out)
        return document

    def on_index(self) -> list[str]:
        """The index's files, in the order they arrived."""
        files = sorted(self.index.packages.iterdir(), key=lambda p: p.stat().st_mtime_ns)
        return [p.name for p in files]


def released(document: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(name, version, status) of each package of a publish-release document, in its order."""
    return [(p["name"], p["version"], p["status"]) for p in document["packages"]]


def names_on_index(workflow: Workflow) -> list[str]:
    """The project of each file on the index, in upload order."""
    return [name.split("-")[0] for name in workflow.on_index()]


def workspace_workflow(tmp_path: Path, capsys: Any, index: Index) -> Workflow:
    """The acceptance workspace (core; ext pins core == 1.0.0; app takes ext 1.x), uv-locked."""
    lock = locked(tmp_path / "scratch", tmp_path / "uv-cache", workspace_spec(settings=WORKSPACE))
    spec = workspace_spec(settings=WORKSPACE, lock=lock, steps=[FEAT_CORE])
    return Workflow(tmp_path, spec, capsys, index)


def test_workspace_cycle_publishes_core_then_ext(
    tmp_path: Path,
    gh: FakeGitHub,
    index: Index,
    capsys: pytest.CaptureFixture[str],
    canary_secret: Canary,
):
    """A feat in core: one PR releasing core 1.1.0 and ext 1.0.1, uploaded in that order, no app."""
    flow = workspace_workflow(tmp_path, capsys, index)
    flow.release_pr()
    (pull,) = gh.pulls.values()
    number = pull["number"]
    assert pull["title"] == "chore: release main"
    merged = flow.squash_merge(gh, number)
    ext = git(flow.work, "show", f"{merged}:packages/ext/pyproject.toml")
    assert '    "core == 1.1.0",\n' in ext
    check = run_uv(flow.work, tmp_path / "uv-cache", "lock", "--check")
    assert check.returncode == 0, check.stderr

    document = flow.github_release()
    assert [(r["tag"], r["releaseStatus"]) for r in document["releases"]] == [
        ("core-v1.1.0", "created"),
        ("ext-v1.0.1", "created"),
    ]
    assert all(r["draft"] for r in gh.releases.values())
    assert gh.labels_of(number) == [PENDING]

    document = flow.publish_release()
    assert released(document) == [("core", "1.1.0", "published"), ("ext", "1.0.1", "published")]
    assert [p["uploaded"] for p in document["packages"]] == [
        ["core-1.1.0-py3-none-any.whl", "core-1.1.0.tar.gz"],
        ["ext-1.0.1-py3-none-any.whl", "ext-1.0.1.tar.gz"],
    ]
    assert document["relabelled"] == [number]
    assert names_on_index(flow) == ["core", "core", "ext", "ext"]
    assert not any(r["draft"] for r in gh.releases.values())
    assert gh.labels_of(number) == [TAGGED]
    # the wheel the index has for ext requires the core the index has
    assert "Requires-Dist: core==1.1.0" in _metadata(index, "ext-1.0.1-py3-none-any.whl")
    # the user's clone is untouched: nothing built in it, nothing left behind
    assert git(flow.work, "status", "--porcelain") == ""
    assert git(flow.work, "rev-parse", "HEAD") == merged
    # nothing is left to do
    code, out, _ = flow.cli(*flow.publish_argv())
    assert (code, json.loads(out)["packages"]) == (0, [])
    canary_secret.assert_absent(*flow.texts)


def _metadata(index: Index, wheel: str) -> str:
    import zipfile  # noqa: PLC0415 - only this helper reads wheels

    with zipfile.ZipFile(index.packages / wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        return archive.read(name).decode()


def _kill_after_core(flow: Workflow) -> dict[str, Any]:
    """Run the publish step as its own process; SIGKILL it once core's files are on the index."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "releasegate", flow.publish_argv()[0], "-C", str(flow.work),
         *flow.publish_argv()[1:]],
        env=dict(os.environ), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 300
        while proc.poll() is None and time.monotonic() < deadline:
            if names_on_index(flow).count("core") == 2:
                break
            time.sleep(0.02)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
    return {"killed": True}


def _fail_publishing_core(flow: Workflow, gh: FakeGitHub) -> dict[str, Any]:
    """Publishing core's draft fails (the API answers 500): core is up, ext never started."""
    gh.fail_next("PATCH", "/releases/", 500, times=4)
    code, out, err = flow.cli(*flow.publish_argv())
    assert (code, out) == (1, "")
    assert err.splitlines()[-1].startswith("releasegate: error: octo/demo: update release")
    assert "Traceback" not in err
    return {"killed": False}


@pytest.mark.parametrize("fault", ["killed", "api-500"])
def test_workspace_fault_between_uploads_is_finished_by_the_rerun(
    tmp_path: Path, gh: FakeGitHub, index: Index, capsys: pytest.CaptureFixture[str], fault: str
):
    """A publish job dying after core's upload: the re-run uploads ext, nothing twice."""
    flow = workspace_workflow(tmp_path, capsys, index)
    flow.release_pr()
    (number,) = gh.pulls
    flow.squash_merge(gh, number)
    flow.github_release()
    if fault == "killed":
        _kill_after_core(flow)
    else:
        _fail_publishing_core(flow, gh)
    assert names_on_index(flow) == ["core", "core"]
    drafts = {r["tag_name"]: r["draft"] for r in gh.releases.values()}
    assert drafts["ext-v1.0.1"] is True  # never published without its files
    assert gh.labels_of(number) == [PENDING]

    # the next run of the workflow: the release job reports the drafts, the publish job resumes
    document = flow.github_release()
    assert "ext-v1.0.1" in [r["tag"] for r in document["releases"]]
    document = flow.publish_release()
    core, ext = document["packages"]
    assert core["uploaded"] == []  # nothing twice: skipped as already there, or published before
    assert core["status"] in {"published", "published-before"}
    assert (ext["status"], len(ext["uploaded"])) == ("published", 2)
    assert names_on_index(flow) == ["core", "core", "ext", "ext"]
    assert not any(r["draft"] for r in gh.releases.values())
    assert gh.labels_of(number) == [TAGGED]


def test_separate_prs_without_a_workspace(
    tmp_path: Path, gh: FakeGitHub, index: Index, capsys: pytest.CaptureFixture[str]
):
    """Two projects side by side, one PR each: each release reaches the index, from its commit."""
    spec = monorepo_spec(
        {"base": (), "plugin": ("base>=1.0",)},
        top={"separate-pull-requests": True},
        steps=[
            {"commit": "feat: base grows", "files": {"base/src/base/more.py": "X = 1\n"}},
            {"commit": "fix: plugin mends", "files": {"plugin/src/plugin/fix.py": "Y = 1\n"}},
        ],
    )
    flow = Workflow(tmp_path, spec, capsys, index)
    flow.release_pr()
    by_title = {p["title"]: n for n, p in gh.pulls.items()}
    base_pr = by_title.pop("chore(main): release base 1.1.0")
    plugin_pr = by_title.pop("chore(main): release plugin 1.0.1")
    assert by_title == {}

    # base's PR merged: the workflow releases and publishes base; plugin's PR waits for it
    first = flow.squash_merge(gh, base_pr)
    assert [r["tag"] for r in flow.github_release()["releases"]] == ["base-v1.1.0"]
    assert "is merged and tagged but still labelled" in flow.release_pr()
    document = flow.publish_release()
    assert released(document) == [("base", "1.1.0", "published")]
    assert document["packages"][0]["sha"] == first
    assert document["relabelled"] == [base_pr]
    assert names_on_index(flow) == ["base", "base"]

    # the next run rebuilds plugin's PR on the new main; merged, it is published the same way
    flow.release_pr()
    assert gh.pulls[plugin_pr]["state"] == "open"
    second = flow.squash_merge(gh, plugin_pr)
    assert [r["tag"] for r in flow.github_release()["releases"]] == ["plugin-v1.0.1"]
    document = flow.publish_release()
    assert released(document) == [("plugin", "1.0.1", "published")]
    assert document["packages"][0]["sha"] == second
    assert names_on_index(flow) == ["base", "base", "plugin", "plugin"]
    assert {r["tag_name"]: r["draft"] for r in gh.releases.values()} == {
        "base-v1.1.0": False,
        "plugin-v1.0.1": False,
    }
    assert gh.labels_of(base_pr) == gh.labels_of(plugin_pr) == [TAGGED]


def test_publish_order_follows_requirements_not_the_config(
    tmp_path: Path, gh: FakeGitHub, index: Index, capsys: pytest.CaptureFixture[str]
):
    """Projects side by side in one combined PR: the one required goes first, config order aside."""
    spec = monorepo_spec(
        {"plugin": ("base>=1.0",), "base": ()},
        steps=[
            {"commit": "fix: plugin mends", "files": {"plugin/src/plugin/fix.py": "Y = 1\n"}},
            {"commit": "fix: base mends", "files": {"base/src/base/fix.py": "X = 1\n"}},
        ],
    )
    flow = Workflow(tmp_path, spec, capsys, index)
    flow.release_pr()
    (number,) = gh.pulls
    flow.squash_merge(gh, number)
    assert [r["tag"] for r in flow.github_release()["releases"]] == [
        "plugin-v1.0.1",
        "base-v1.0.1",
    ]
    document = flow.publish_release()
    assert released(document) == [("base", "1.0.1", "published"), ("plugin", "1.0.1", "published")]
    assert names_on_index(flow) == ["base", "base", "plugin", "plugin"]


def test_a_package_that_is_no_python_project_is_published_without_upload(
    tmp_path: Path, gh: FakeGitHub, index: Index, capsys: pytest.CaptureFixture[str]
):
    """A release-type simple package beside a Python one: its release is published, no upload."""
    spec = monorepo_spec(
        {"widgets": ()},
        steps=[
            {"commit": "fix: widgets mend", "files": {"widgets/src/widgets/fix.py": "X = 1\n"}},
            {"commit": "fix: docs mend", "files": {"docs/index.md": "# fixed\n"}},
        ],
    )
    spec["files"]["docs/version.txt"] = "1.0.0\n"
    spec["config"]["packages"]["docs"] = {"release-type": "simple", "component": "docs"}
    spec["manifest"]["docs"] = "1.0.0"
    spec["steps"].insert(0, {"tag": "docs-v1.0.0"})
    flow = Workflow(tmp_path, spec, capsys, index)
    flow.release_pr()
    (number,) = gh.pulls
    flow.squash_merge(gh, number)
    flow.github_release()
    code, out, err = flow.cli(*[a for a in flow.publish_argv() if a != "--json"])
    assert code == 0, err
    assert out.splitlines() == [
        "widgets-v1.0.1: on the index: 2 uploaded, 0 already there (sha256 confirmed)",
        "widgets-v1.0.1: published https://github.com/octo/demo/releases/tag/widgets-v1.0.1",
        "docs-v1.0.1: no Python project at docs; nothing to upload",
        "docs-v1.0.1: published https://github.com/octo/demo/releases/tag/docs-v1.0.1",
        f"PR #{number}: relabelled",
    ]
    assert names_on_index(flow) == ["widgets", "widgets"]
