"""Shallow clones (actions/checkout's default): the same plan as a full clone, or one clear line."""

from __future__ import annotations

import json
import subprocess
from typing import TYPE_CHECKING

import pytest
from tests.builders import plan_main
from tests.oracle.repo import build_repo, git_env

from releasegate.errors import ShallowHistoryError
from releasegate.forge import git_write

if TYPE_CHECKING:
    from pathlib import Path

    from tests.builders import Cli, CliRun

# A release, then one feature and eleven fixes: the full history says 3.3.1 -> 3.4.0.
SPEC = {
    "files": {"pyproject.toml": '[project]\nname = "widget"\nversion = "3.3.1"\n'},
    "config": {"packages": {".": {"release-type": "python"}}},
    "manifest": {".": "3.3.1"},
    "steps": [
        {"commit": "fix: before the release", "files": {"old.py": "O = 1\n"}},
        {"tag": "v3.3.1"},
        {"commit": "feat: streaming", "files": {"api.py": "X = 1\n"}},
        *({"commit": f"fix: bug {i}", "files": {f"f{i}.py": f"F = {i}\n"}} for i in range(11)),
    ],
}


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No user git config, no GitHub Actions variables, no token."""
    for key, value in git_env().items():
        monkeypatch.setenv(key, value)
    for name in (
        "GITHUB_TOKEN", "GH_TOKEN", "GITHUB_REPOSITORY", "GITHUB_ACTIONS",
        "GITHUB_REF", "GITHUB_REF_NAME", "GITHUB_REF_TYPE",
    ):  # fmt: skip
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's full repository, as a remote would hold it."""
    return build_repo(SPEC, tmp_path_factory.mktemp("shallow") / "origin")


def clone(origin: Path, dest: Path, *args: str) -> Path:
    """``git clone`` over file:// (so --depth applies) into ``dest``."""
    subprocess.run(
        ["git", "clone", "-q", *args, f"file://{origin}", str(dest)],
        check=True,
        env=git_env(),
        capture_output=True,
    )
    return dest


def sh(repo: Path, *args: str) -> str:
    """Run git in ``repo`` and return its stripped output."""
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, env=git_env(), capture_output=True, text=True
    ).stdout.strip()


def dry_run(cli: Cli, repo: Path, *extra: str) -> CliRun:
    """`release-pr --dry-run` in ``repo`` for o/r on 2025-01-15, ``extra`` flags added."""
    argv: tuple[str | Path, ...] = (
        "release-pr",
        "--dry-run",
        "-C",
        repo,
        "--github-repo",
        "o/r",
        *extra,
    )
    return cli(*argv, "--date", "2025-01-15")


def test_the_engine_refuses_a_cut_history(origin: Path, tmp_path: Path) -> None:
    """plan_release on a depth-1 clone raises ShallowHistoryError; it never fetches."""
    repo = clone(origin, tmp_path / "d1", "--depth", "1", "--no-tags")
    with pytest.raises(ShallowHistoryError, match=r"fetch-depth: 0") as info:
        plan_main(repo)
    assert "\n" not in str(info.value)
    assert sh(repo, "rev-parse", "--is-shallow-repository") == "true"


@pytest.mark.parametrize(
    "args",
    [
        ("--depth", "1", "--no-tags"),  # actions/checkout's default
        ("--depth", "1"),
        ("--depth", "5"),
        ("--depth", "5", "--no-tags"),
    ],
    ids=["depth1-no-tags", "depth1", "depth5", "depth5-no-tags"],
)
@pytest.mark.parametrize("as_json", [True, False], ids=["json", "text"])
def test_shallow_clone_gives_the_full_plan(
    origin: Path,
    tmp_path: Path,
    cli: Cli,
    args: tuple[str, ...],
    *,
    as_json: bool,
) -> None:
    """A shallow clone fetches what it lacks and prints exactly the full clone's plan."""
    extra = ("--json",) if as_json else ()
    full = clone(origin, tmp_path / "full")
    expected = dry_run(cli, full, *extra)
    assert expected[0] == 0
    if not as_json:
        assert expected[1].startswith("root package: 3.3.1 -> 3.4.0 (1 feat, 11 fix; ")
    shallow = clone(origin, tmp_path / "shallow", *args)
    assert dry_run(cli, shallow, *extra) == expected


def test_deep_enough_clone_fetches_tags_only(origin: Path, tmp_path: Path, cli: Cli) -> None:
    """When the release is within the clone's depth, only tags are fetched: it stays shallow."""
    expected = dry_run(cli, clone(origin, tmp_path / "full"), "--json")
    shallow = clone(origin, tmp_path / "shallow", "--depth", "13")  # the release is the boundary
    assert dry_run(cli, shallow, "--json") == expected
    assert sh(shallow, "rev-parse", "--is-shallow-repository") == "true"
    assert sh(shallow, "rev-list", "--count", "HEAD") == "13"


@pytest.mark.parametrize("how", ["removed", "unreachable"])
def test_no_remote_to_fetch_from_is_one_line(
    origin: Path, tmp_path: Path, cli: Cli, how: str
) -> None:
    """Without a reachable origin a shallow clone stops with one line naming fetch-depth: 0."""
    shallow = clone(origin, tmp_path / "shallow", "--depth", "1", "--no-tags")
    if how == "removed":
        sh(shallow, "remote", "remove", "origin")
    else:
        sh(shallow, "remote", "set-url", "origin", f"file://{tmp_path}/gone.git")
    code, out, err = dry_run(cli, shallow)
    assert (code, out) == (1, "")
    assert len(err.splitlines()) == 1
    assert err.startswith(f"releasegate: error: {shallow}: shallow clone: ")
    assert "fetch-depth: 0" in err
    assert sh(shallow, "rev-parse", "--is-shallow-repository") == "true"


@pytest.mark.parametrize(
    ("env", "branch"),
    [
        ({"GITHUB_REF_TYPE": "branch", "GITHUB_REF_NAME": "main", "GITHUB_REF": "refs/heads/main"}, "main"),
        ({"GITHUB_REF_TYPE": "tag", "GITHUB_REF_NAME": "v1.0.0", "GITHUB_REF": "refs/tags/v1.0.0"}, "main"),
        ({}, "main"),
    ],
    ids=["branch-push", "tag-push", "no-actions"],
)  # fmt: skip
def test_detached_head_takes_the_pushed_branch_else_the_default(
    origin: Path,
    tmp_path: Path,
    cli: Cli,
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
    *,
    branch: str,
) -> None:
    """A detached HEAD targets the branch a push names in GITHUB_REF_NAME, else origin's default."""
    repo = clone(origin, tmp_path / "ci", "--depth", "1", "--no-tags")
    sh(repo, "checkout", "-q", "--detach")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    code, out, err = dry_run(cli, repo, "--json")
    assert code == 0, err
    (pr,) = json.loads(out)["pullRequests"]
    assert (pr["baseBranchName"], pr["version"]) == (branch, "3.4.0")


def test_detached_head_without_a_default_branch_is_one_line(
    origin: Path, tmp_path: Path, cli: Cli
) -> None:
    """Detached, outside Actions, with no origin to name its default branch: pass --branch."""
    repo = clone(origin, tmp_path / "ci")
    sh(repo, "checkout", "-q", "--detach")
    sh(repo, "remote", "remove", "origin")
    code, out, err = dry_run(cli, repo)
    assert (code, out) == (2, "")
    assert err == (
        f"releasegate: error: {repo}: HEAD is detached and origin's default branch is unknown; "
        "pass --branch NAME\n"
    )


def test_fetch_history_unshallows(origin: Path, tmp_path: Path) -> None:
    """With no depth given, fetch_history brings the whole history and the tags."""
    repo = clone(origin, tmp_path / "d1", "--depth", "1", "--no-tags")
    git_write.fetch_tags(repo)
    git_write.fetch_history(repo, "main")
    assert sh(repo, "rev-parse", "--is-shallow-repository") == "false"
    assert sh(repo, "tag", "--list") == "v3.3.1"
    assert sh(repo, "rev-list", "--count", "HEAD") == sh(origin, "rev-list", "--count", "HEAD")
