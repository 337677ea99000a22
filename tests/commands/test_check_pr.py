"""`releasegate check-pr` on real repositories: the gate, the preview, the summary, the comment."""

from __future__ import annotations

import json
import subprocess
from typing import TYPE_CHECKING, Any

import pytest
from tests._github_server import READ_ONLY_TOKEN, TOKEN, FakeGitHub, github_in_env
from tests.builders import EPOCH, Canary
from tests.oracle.repo import build_repo, git_env

from releasegate.commands._pr_report import MARKER

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from tests.builders import Cli, CliRun

FORMAT = "'<type>[scope][!]: <subject>'"
TYPES = "feat, fix, perf, deps, revert, docs, style, chore, refactor, test, build, ci"
API = '"""widget."""\n\n__version__ = "1.2.3"\n\n\ndef parse(text):\n    return text\n'


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No user git config, no Actions variables, no token; a job summary file to append to."""
    for key, value in git_env().items():
        monkeypatch.setenv(key, value)
    for name in (
        "GITHUB_TOKEN", "GH_TOKEN", "GITHUB_API_URL", "GITHUB_REPOSITORY", "GITHUB_ACTIONS",
        "GITHUB_EVENT_PATH", "GITHUB_REF", "GITHUB_REF_NAME", "GITHUB_REF_TYPE",
    ):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    monkeypatch.setenv("RELEASEGATE_RETRY_DELAY", "0.001")


def sh(repo: Path, *args: str, when: int = EPOCH) -> str:
    """Run git in ``repo`` (commits dated ``when``) and return its stripped output."""
    return subprocess.run(
        ["git", "-C", str(repo), *args],
        check=True,
        env=git_env(when),
        capture_output=True,
        text=True,
    ).stdout.strip()


def pr_checkout(tmp_path: Path, *commits: tuple[str, dict[str, str]], table: str = "") -> Path:
    """``widget`` 1.2.3 on ``origin/main``, checked out on a PR branch with ``commits``."""
    spec: dict[str, Any] = {
        "files": {
            "pyproject.toml": f'[project]\nname = "widget"\nversion = "1.2.3"\n{table}',
            "src/widget/__init__.py": API,
        },
        "config": {"packages": {".": {"release-type": "python"}}},
        "manifest": {".": "1.2.3"},
        "steps": [{"tag": "v1.2.3"}],
    }
    work = build_repo(spec, tmp_path / "work")
    origin = tmp_path / "origin.git"
    sh(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    sh(work, "remote", "add", "origin", str(origin))
    sh(work, "push", "-q", "origin", "main", "--tags")
    sh(work, "fetch", "-q", "origin")
    sh(work, "checkout", "-q", "-b", "topic")
    for hours, (message, files) in enumerate(commits, start=1):
        for name, text in files.items():
            (work / name).parent.mkdir(parents=True, exist_ok=True)
            (work / name).write_text(text, encoding="utf-8")
        sh(work, "add", "-A")
        # later than the release, as a PR's commits are (the history is walked by date)
        sh(work, "commit", "-q", "--allow-empty", "-m", message, when=EPOCH + 3600 * hours)
    return work


ADD_X = ("feat(api): add x", {"src/widget/x.py": "def x():\n    return 1\n"})
WIP = ("WIP", {"src/widget/y.py": "Y = 1\n"})


def event(
    tmp_path: Path, title: str, *, number: int = 7, head: str | None = None, **allow: bool
) -> Path:
    """A pull_request event payload, its base repository allowing the ``allow`` merges."""
    repo = {"full_name": "octo/demo", **{f"allow_{k}": v for k, v in allow.items()}}
    payload = {
        "action": "synchronize",
        "number": number,
        "pull_request": {
            "number": number,
            "title": title,
            "base": {"ref": "main", "sha": "0" * 40, "repo": repo},
            "head": {"ref": "topic", "label": "octo:topic", "sha": head},
        },
    }
    path = tmp_path / "event.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def check_pr(cli: Cli, work: Path, *args: str) -> CliRun:
    """Run check-pr in-process in ``work`` for octo/demo."""
    return cli("check-pr", "-C", work, "--github-repo", "octo/demo", *args)


def problem_lines(out: str) -> list[str]:
    """The report's problem lines: those before its first blank line, when it has problems."""
    head, blank, _ = out.partition("\n\n")
    return head.splitlines() if blank and not head.startswith("checked ") else []


# -- the gate ------------------------------------------------------------------------------


def test_a_title_that_is_no_conventional_commit_fails_in_one_line(tmp_path: Path, cli: Cli):
    """``update stuff`` is one line naming the title and the fix with the config's types."""
    work = pr_checkout(tmp_path, ADD_X)
    code, out, err = check_pr(cli, work, "--title", "update stuff")
    assert code == 1
    assert problem_lines(out) == [
        f"PR title 'update stuff': not a conventional commit; write {FORMAT} with a type of {TYPES}"
    ]
    assert "error" not in err


def test_a_conventional_title_passes_and_previews_the_minor_release(tmp_path: Path, cli: Cli):
    """``feat(api): add x`` passes; merging it would release widget 1.3.0, a minor."""
    work = pr_checkout(tmp_path, ADD_X)
    code, out, _ = check_pr(cli, work, "--title", "feat(api): add x")
    assert code == 0
    assert problem_lines(out) == []
    assert "  widget 1.2.3 -> 1.3.0 (minor: feat(api): add x)\n" in out
    assert "checked the PR title and 1 commit(s): merges by squash, merge, rebase" in out


@pytest.mark.parametrize(
    ("allow", "code"),
    [
        ({"squash_merge": False, "merge_commit": True, "rebase_merge": False}, 1),
        ({"squash_merge": False, "merge_commit": False, "rebase_merge": True}, 1),
        ({"squash_merge": True, "merge_commit": False, "rebase_merge": False}, 0),
    ],
    ids=["merge-commits", "rebase", "squash-only"],
)
def test_wip_commit_fails_when_commits_land_and_passes_when_only_the_title_does(
    tmp_path: Path,
    cli: Cli,
    in_actions: None,
    allow: dict[str, bool],
    code: int,
):
    """The repository's merge settings, from the event, decide whether commits count."""
    work = pr_checkout(tmp_path, ADD_X, WIP)
    event(tmp_path, "feat(api): add x", head=sh(work, "rev-parse", "HEAD"), **allow)
    result, out, _ = check_pr(cli, work)
    assert result == code, out
    assert "(from the pull_request event)" in out
    wip = sh(work, "rev-parse", "--short=7", "HEAD")
    fix = f"write {FORMAT} with a type of {TYPES}; reword it (git rebase -i origin/main)"
    expected = [f"commit {wip} 'WIP': not a conventional commit; {fix}"]
    assert problem_lines(out) == (expected if code else [])


@pytest.fixture
def in_actions(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """GITHUB_EVENT_PATH points at the test's event.json (written by the test)."""
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(tmp_path / "event.json"))
    monkeypatch.setenv("GITHUB_ACTIONS", "true")


def test_the_flag_overrides_the_repository_settings(tmp_path: Path, cli: Cli, in_actions: None):
    """--merge-method squash checks only the title, whatever the repository allows."""
    work = pr_checkout(tmp_path, ADD_X, WIP)
    event(tmp_path, "feat(api): add x", head=sh(work, "rev-parse", "HEAD"), squash_merge=True,
          merge_commit=True, rebase_merge=True)  # fmt: skip
    assert check_pr(cli, work)[0] == 1
    code, out, _ = check_pr(cli, work, "--merge-method", "squash")
    assert code == 0, out
    assert "checked the PR title: merges by squash (from --merge-method)" in out


@pytest.mark.parametrize(("title_setting", "code"), [("COMMIT_OR_PR_TITLE", 1), ("PR_TITLE", 0)])
def test_a_single_commit_squash_proposes_that_commits_message(
    tmp_path: Path,
    cli: Cli,
    in_actions: None,
    title_setting: str,
    code: int,
):
    """GitHub proposes a one-commit PR's own message for the squash unless set to PR_TITLE."""
    work = pr_checkout(tmp_path, WIP)
    path = event(tmp_path, "feat: y", head=sh(work, "rev-parse", "HEAD"), squash_merge=True,
                 merge_commit=False, rebase_merge=False)  # fmt: skip
    payload = json.loads(path.read_text(encoding="utf-8"))
    payload["pull_request"]["base"]["repo"]["squash_merge_commit_title"] = title_setting
    path.write_text(json.dumps(payload), encoding="utf-8")
    assert check_pr(cli, work)[0] == code


# -- the preview is release-pr's plan of the merged branch ---------------------------------


def release_pr_versions(cli: Cli, repo: Path) -> list[str | None]:
    """release-pr --dry-run's versions for ``repo``'s main."""
    run = cli("release-pr", "-C", repo, "--dry-run", "--json", "--branch", "main",
              "--github-repo", "octo/demo")  # fmt: skip
    assert run.code == 0, run.err
    return [pr["version"] for pr in run.json()["pullRequests"]]


@pytest.mark.parametrize("method", ["squash", "merge"])
def test_the_preview_equals_release_pr_on_the_merged_branch(tmp_path: Path, cli: Cli, method: str):
    """Merge the PR for real, run release-pr --dry-run: the same versions as the preview."""
    fix = ("fix: close files", {"src/widget/io.py": "def close():\n    return None\n"})
    work = pr_checkout(tmp_path, fix, ADD_X)
    code, out, _ = check_pr(cli, work, "--title", "fix!: rework io", "--merge-method", method,
                            "--json")  # fmt: skip
    assert code == 0
    preview = json.loads(out)["preview"]
    assert preview["mergeMethod"] == method
    predicted = [p["nextVersion"] for p in preview["packages"]]
    merged = tmp_path / "merged"
    sh(tmp_path, "clone", "-q", "-b", "main", str(work), str(merged))
    later = EPOCH + 86400
    if method == "squash":
        sh(merged, "merge", "--squash", "origin/topic")
        sh(merged, "commit", "-q", "-m", "fix!: rework io", when=later)
    else:
        sh(merged, "merge", "--no-ff", "-q", "-m", "Merge pull request #7 from octo/topic",
           "origin/topic", when=later)  # fmt: skip
    assert release_pr_versions(cli, merged) == predicted
    assert predicted == (["2.0.0"] if method == "squash" else ["1.3.0"])


def test_json_is_one_document(tmp_path: Path, cli: Cli):
    """--json: the verdicts, the methods, the preview and the problems in one document."""
    work = pr_checkout(tmp_path, ADD_X, WIP)
    code, out, _ = check_pr(cli, work, "--title", "update stuff", "--json")
    assert code == 1
    doc = json.loads(out)
    assert doc["ok"] is False
    assert doc["mergeMethods"] == ["squash", "merge", "rebase"]
    assert [(c["what"], c["ok"]) for c in doc["checked"]] == [
        ("title", False), ("commit", True), ("commit", False)
    ]  # fmt: skip
    assert len(doc["problems"]) == 2
    (package,) = doc["preview"]["packages"]
    assert (package["name"], package["currentVersion"], package["nextVersion"]) == (
        "widget", "1.2.3", None
    )  # fmt: skip


def test_nothing_to_release_says_why(tmp_path: Path, cli: Cli):
    """A docs-only PR: merging releases nothing, and the reason is the planner's."""
    work = pr_checkout(tmp_path, ("chore: tidy", {"NOTES.md": "x\n"}))
    code, out, _ = check_pr(cli, work, "--title", "chore: tidy")
    assert code == 0
    assert "would release nothing:\n  widget 1.2.3: nothing to release (" in out


# -- api-check: the PR's own breaks ---------------------------------------------------------


def test_the_prs_own_undeclared_break_is_shown(tmp_path: Path, cli: Cli):
    """api-check on: a ``fix:`` PR removing a public function shows the break it hides."""
    removal = (
        "fix: tidy up",
        {"src/widget/__init__.py": '"""widget."""\n\n__version__ = "1.2.3"\n'},
    )
    work = pr_checkout(tmp_path, removal, table='\n[tool.releasegate]\napi-check = "report"\n')
    code, out, _ = check_pr(cli, work, "--title", "fix: tidy up", "--merge-method", "squash")
    assert code == 0  # shown, not a gate failure
    assert "Public API breaks in widget that the PR's texts do not declare (they need 2.0.0)" in out
    assert "  `widget.parse`: removed (src/widget/__init__.py:6 in main)" in out
    code, out, _ = check_pr(cli, work, "--title", "fix!: drop parse", "--merge-method", "squash")
    assert "(declared by the PR)" in out


# -- GitHub: job summary and the one comment -----------------------------------------------


@pytest.fixture
def gh(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGitHub]:
    """The local GitHub stand-in, with the environment pointing at it."""
    with github_in_env(monkeypatch) as server:
        yield server


def test_the_comment_is_created_once_and_updated_in_place(
    tmp_path: Path, cli: Cli, gh: FakeGitHub, in_actions: None
):
    """One marked comment: created, then edited by later runs; other comments are left alone."""
    work = pr_checkout(tmp_path, ADD_X)
    number = gh.add_pull(title="feat(api): add x", head="topic")["number"]
    gh.add_comment(number, "looks good")
    event(tmp_path, "feat(api): add x", number=number, head=sh(work, "rev-parse", "HEAD"))
    runs = [check_pr(cli, work, "--comment")]
    event(tmp_path, "update stuff", number=number, head=sh(work, "rev-parse", "HEAD"))
    runs.append(check_pr(cli, work, "--comment"))
    runs.append(check_pr(cli, work, "--comment"))  # the same report: nothing to change
    assert [code for code, _, _ in runs] == [0, 1, 1]
    bodies = gh.comments[number]
    assert bodies[0] == "looks good"
    (ours,) = [b for b in bodies if MARKER in b]
    assert "PR title `update stuff`: not a conventional commit" in ours
    assert len(gh.calls("POST", f"/issues/{number}/comments")) == 1
    assert len(gh.calls("PATCH", "/issues/comments/")) == 1
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    Canary(TOKEN).assert_absent(summary, *bodies, *(text for run in runs for text in run[1:]))


def test_a_read_only_token_gets_the_summary_only(
    tmp_path: Path,
    cli: Cli,
    gh: FakeGitHub,
    in_actions: None,
    monkeypatch: pytest.MonkeyPatch,
):
    """A fork's read-only token: no comment, no error, the report in the job summary."""
    monkeypatch.setenv("GITHUB_TOKEN", READ_ONLY_TOKEN)
    work = pr_checkout(tmp_path, ADD_X)
    number = gh.add_pull(title="feat(api): add x", head="topic")["number"]
    event(tmp_path, "feat(api): add x", number=number, head=sh(work, "rev-parse", "HEAD"))
    code, _, err = check_pr(cli, work, "--comment")
    assert code == 0
    assert "error" not in err
    assert "may not comment on pull request" in err
    assert number not in gh.comments
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "| widget | 1.2.3 → **1.3.0** (minor) | `feat(api): add x` |" in summary


def test_merge_settings_are_read_from_the_api_without_an_event(
    tmp_path: Path, cli: Cli, gh: FakeGitHub
):
    """No event payload, a token: the repository's settings come from GET /repos/{o}/{r}."""
    gh.repository.update(allow_squash_merge=True, allow_merge_commit=False,
                         allow_rebase_merge=False)  # fmt: skip
    work = pr_checkout(tmp_path, ADD_X, WIP)
    code, out, _ = check_pr(cli, work, "--title", "feat(api): add x")
    assert code == 0, out
    assert "merges by squash (from the repository settings)" in out
    assert gh.calls("GET", "")[0].path == "/repos/octo/demo"


def test_a_shallow_clone_is_one_line_naming_fetch_depth(tmp_path: Path, cli: Cli):
    """actions/checkout's default depth of 1 lacks the history: exit 2, one line, the fix."""
    work = pr_checkout(tmp_path, ADD_X)
    shallow = tmp_path / "shallow"
    sh(tmp_path, "clone", "-q", "--depth", "1", "-b", "topic", f"file://{work}", str(shallow))
    code, out, err = check_pr(cli, shallow, "--title", "feat: x")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "fetch-depth: 0" in err
