"""`releasegate release-pr`: arguments, the readable summary and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import pytest
from tests.builders import CHORE, FEATURE, FIX, git_env, widget_spec

from releasegate.commands.release_pr import parse_date, render_outcomes
from releasegate.engine.repository import Repository
from releasegate.forge.release_branch import BranchResult, Published

if TYPE_CHECKING:
    from pathlib import Path

    from tests.builders import Cli, Git, MakeRepo

SPEC: dict[str, Any] = widget_spec(FEATURE, FIX, CHORE)


@pytest.fixture
def repo(make_repo: MakeRepo) -> Path:
    """A python package released as v1.2.3 with a feature, a fix and a chore since."""
    return make_repo(SPEC)


def test_text_summary_names_versions_reasons_and_files(repo: Path, cli: Cli):
    """Without --json the dry run explains each package and lists the PR's files."""
    code, out, _ = cli("release-pr", "--dry-run", "-C", repo, "--github-repo", "o/r")
    assert code == 0
    assert (
        out.splitlines()[0]
        == "root package: 1.2.3 -> 1.3.0 (1 feat, 1 fix; 3 commit(s) since v1.2.3)"
    )
    assert "Release PR: chore(main): release 1.3.0" in out
    assert "    created  CHANGELOG.md" in out
    assert "    updated  pyproject.toml" in out


def test_json_is_one_document(repo: Path, cli: Cli):
    """--json prints exactly one JSON document with the PR and its files."""
    run = cli(
        "release-pr", "--dry-run", "--json", "-C", repo, "--github-repo", "o/r",
        "--date", "2025-01-15",
    )  # fmt: skip
    assert run.code == 0, run.err
    (pr,) = run.json()["pullRequests"]
    assert pr["version"] == "1.3.0"
    assert "(2025-01-15)" in pr["body"]
    assert [u["path"] for u in pr["updates"]][:2] == ["CHANGELOG.md", "pyproject.toml"]


def test_nothing_to_release(make_repo: MakeRepo, cli: Cli):
    """Only hidden commit types since the release: no PR, an empty list and exit 0."""
    steps = [*SPEC["steps"][:1], {"commit": "chore: tidy", "files": {"widget/z.py": "Z = 1\n"}}]
    repo = make_repo({**SPEC, "steps": steps}, "quiet")
    code, out, _ = cli("release-pr", "--dry-run", "--json", "-C", repo, "--github-repo", "o/r")
    assert code == 0
    assert json.loads(out) == {"pullRequests": []}
    code, out, _ = cli("release-pr", "--dry-run", "-C", repo, "--github-repo", "o/r")
    assert "1 commit(s) since v1.2.3, none user-facing" in out
    assert "Nothing to release." in out


def test_the_summary_counts_every_commit_read(make_repo: MakeRepo, cli: Cli):
    """Commits that do not parse count too, as doctor counts them (click: 76 read, 1 parsed)."""
    steps = [
        *SPEC["steps"][:1],
        {"commit": "chore: tidy", "files": {"widget/z.py": "Z = 1\n"}},
        {"commit": "Add a FAQ entry", "files": {"widget/y.py": "Y = 1\n"}},
        {"commit": "Fix a typo", "files": {"widget/y.py": "Y = 2\n"}},
    ]
    repo = make_repo({**SPEC, "steps": steps}, "unparsed")
    code, out, _ = cli("release-pr", "--dry-run", "-C", repo, "--github-repo", "o/r")
    assert code == 0
    assert "(3 commit(s) since v1.2.3, 1 conventional, none user-facing)" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["release-pr", "--dry-run", "--github-repo", "o/r", "--date", "soon"], "--date: 'soon'"),
        (
            ["release-pr", "--dry-run", "--github-repo", "nope"],
            "--github-repo: 'nope' is not OWNER/NAME",
        ),
        (
            ["release-pr", "--dry-run", "--github-repo", "o/r", "--branch", "dev"],
            "branch 'dev' not found",
        ),
        (
            ["release-pr", "--dry-run", "--github-repo", "o/r", "--config", "x.json"],
            "x.json: not found on branch 'main'",
        ),
        (["release-pr", "--dry-run", "--bogus"], "unrecognized arguments: --bogus"),
    ],
)
def test_bad_input_is_one_line_exit_2(repo: Path, cli: Cli, argv: list[str], message: str):
    """Bad input: exit 2 and one line on stderr naming the problem, no traceback."""
    code, out, err = cli(*argv, "-C", repo)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert message in err


def test_invalid_config_names_file_line_and_column(make_repo: MakeRepo, cli: Cli):
    """A config with a JSON syntax error is reported with file:line:col."""
    spec = {
        **SPEC,
        "config": None,
        "files": {**SPEC["files"], "release-please-config.json": '{\n  "packages": {},\n}\n'},
    }
    repo = make_repo(spec, "bad")
    code, _, err = cli("release-pr", "--dry-run", "-C", repo, "--github-repo", "o/r")
    assert code == 2
    assert err == (
        "releasegate: error: release-please-config.json:2:17: trailing comma in object; "
        "remove the ',' before '}'\n"
    )


def test_console_script_runs(repo: Path):
    """`python -m releasegate` runs the same command in a real process."""
    result = subprocess.run(
        [sys.executable, "-m", "releasegate", "release-pr", "--dry-run", "--json", "-C", repo],
        capture_output=True, text=True, env={**git_env(), "GITHUB_REPOSITORY": "acme/widget"},
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "https://github.com/acme/widget/compare/v1.2.3...v1.3.0" in result.stdout


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-01-15", datetime(2025, 1, 15, tzinfo=timezone.utc)),
        ("2025-01-15T12:00:00Z", datetime(2025, 1, 15, 12, tzinfo=timezone.utc)),
        ("2025-01-15T23:30:00-02:00", datetime(2025, 1, 16, 1, 30, tzinfo=timezone.utc)),
    ],
)
def test_parse_date(text: str, expected: datetime):
    """--date takes a day or an ISO 8601 timestamp, normalised to UTC."""
    assert parse_date(text) == expected


def test_local_path_origin_makes_no_github_links(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli, *, git: Git
) -> None:
    """An origin that is a local path is no GitHub repository: one line, exit 2, no links made.

    Issue 15 item 12: ``release-pr`` linked to github.com/<parent folder>/origin-x.
    """
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)
    origin = tmp_path / "work" / "origin-x.git"
    git(repo, "remote", "add", "origin", str(origin))
    code, out, err = cli("release-pr", "--dry-run", "-C", repo)
    assert (code, out) == (2, "")
    assert err == (
        "releasegate: error: cannot tell the GitHub repository: no --github-repo, no "
        f"GITHUB_REPOSITORY and origin {str(origin)!r} is not on GitHub (https://github.com); "
        "pass --github-repo OWNER/NAME\n"
    )


LINK = "https://ghe.example.com/octo/demo/compare/main...rp--main?expand=1"


@pytest.mark.parametrize(
    ("page", "line"),
    [
        ("https://ghe.example.com/octo/demo", f"No GITHUB_TOKEN: open the release PR at {LINK}"),
        (None, ("No GITHUB_TOKEN, and origin is not octo/demo on GitHub: no link to a release "
                "PR from rp--main into main")),
    ],
    ids=["origin-on-github", "origin-elsewhere"],
)  # fmt: skip
def test_pushed_branch_without_token_links_only_to_github(page: str | None, line: str) -> None:
    """The compare link points at origin's GitHub page; an origin elsewhere gets one line instead."""
    pushed = Published(BranchResult("rp--main", "main", "abc123", "pushed"), None)
    text = render_outcomes([pushed], Repository("octo", "demo"), page)
    assert text == f"\nRelease branch rp--main: pushed at abc123\n{line}\n"


def test_uncommitted_config_is_reported_not_read(repo: Path, cli: Cli):
    """A work-tree config that differs from the branch gets a warning; the committed one is used."""
    (repo / "release-please-config.json").write_text('{"packages": {".": {}}}\n')
    code, out, err = cli("release-pr", "--dry-run", "--json", "-C", repo, "--github-repo", "o/r")
    assert code == 0
    assert json.loads(out)["pullRequests"][0]["version"] == "1.3.0"
    assert err == (
        "releasegate: warning: release-please-config.json: the work tree differs from branch "
        "'main'; the committed version is used, as release-please would; commit your changes "
        "to plan with them\n"
        "releasegate: note: no GITHUB_TOKEN: merged pull requests were not read, so "
        "BEGIN_COMMIT_OVERRIDE blocks in their bodies are not applied\n"
    )
