"""The test builders themselves: isolated git, tiny projects, origins, commits and canaries."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from tests.builders import EPOCH, IDENTITY, Canary, conventional_commit

from releasegate._redact import redact
from releasegate.engine.commits import Commit, parse_conventional_commits

if TYPE_CHECKING:
    from pathlib import Path

    from tests.builders import BareOrigin, Git, MakeRepo, TinyProject


def test_git_ignores_the_users_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, git: Git
) -> None:
    """The user's identity, config and GIT_* variables never reach the test's git."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".gitconfig").write_text("[user]\n\tname = Intruder\n[tag]\n\tgpgSign = true\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Intruder")
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "commit", "-q", "--allow-empty", "-m", "chore: x")
    git(repo, "tag", "-a", "-m", "t", "v1")
    name, email = IDENTITY
    assert git(repo, "log", "-1", "--format=%an <%ae>|%cn <%ce>|%at|%ct") == (
        f"{name} <{email}>|{name} <{email}>|{EPOCH}|{EPOCH}"
    )


def test_git_failure_names_the_command(tmp_path: Path, git: Git) -> None:
    """A failing git command raises with the command and git's own message."""
    with pytest.raises(RuntimeError, match=r"^git rev-parse HEAD failed in .*: fatal: not a git"):
        git(tmp_path, "rev-parse", "HEAD")


def test_tiny_project_is_committed_and_tagged(tiny_project: TinyProject, git: Git) -> None:
    """A tiny project is one commit on main, tagged as asked, with nothing left uncommitted."""
    project = tiny_project("tiny", name="tiny-thing", tag="v1.0.0")
    assert git(project, "log", "--format=%s") == "feat: tiny"
    assert git(project, "branch", "--show-current") == "main"
    assert git(project, "tag") == "v1.0.0"
    assert git(project, "status", "--porcelain") == ""
    assert (project / "src" / "tiny_thing" / "__init__.py").is_file()
    assert 'version = "1.0.0"' in (project / "pyproject.toml").read_text()


def test_tiny_project_uncommitted(tiny_project: TinyProject, tmp_path: Path) -> None:
    """With commit=False the files are written and no repository is made."""
    project = tiny_project(readme=("README.rst", "x\n"), manifest=None, commit=False)
    assert project == tmp_path
    assert (project / "README.rst").read_text() == "x\n"
    assert not (project / ".git").exists()
    assert not (project / ".release-please-manifest.json").exists()


def test_make_repo_builds_the_spec(make_repo: MakeRepo, git: Git, tmp_path: Path) -> None:
    """A spec becomes a repository under tmp_path, one commit per step after the initial one."""
    repo = make_repo({"files": {"a.txt": "a\n"}, "steps": [{"tag": "v1"}, {"commit": "fix: b"}]})
    assert repo == tmp_path / "repo"
    assert git(repo, "log", "--format=%s").splitlines() == ["fix: b", "chore: initial commit"]
    assert git(repo, "describe", "--tags", "HEAD~1") == "v1"


def test_make_repo_checks_out_every_step(make_repo: MakeRepo, git: Git) -> None:
    """Files, deletions, dates and tags land as step-by-step commits would leave them."""
    spec = {
        "files": {"./a.txt": "a\n", "gone.txt": ["x", "y"]},
        "steps": [
            {"commit": "feat: b\n\nbody", "files": {"d//b.txt": "b\n"}, "delete": ["./gone.txt"]},
            {"commit": "fix: c", "author_date": "2024-06-01T10:00:00Z"},
            {"tag": "v1", "ref": "HEAD~1"},
            {"tag": "v2", "annotated": True, "message": "release 2\n\n"},
        ],
    }
    repo = make_repo(spec)
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == ""
    assert sorted(p.name for p in repo.rglob("*.txt")) == ["a.txt", "b.txt"]
    assert git(repo, "log", "--format=%s|%at|%ct").splitlines() == [
        "fix: c|1717236000|1704067320",
        "feat: b|1704067260|1704067260",
        "chore: initial commit|1704067200|1704067200",
    ]
    assert git(repo, "log", "-1", "--format=%B", "HEAD~1") == "feat: b\n\nbody"
    assert git(repo, "rev-parse", "v1") == git(repo, "rev-parse", "HEAD~1")
    assert git(repo, "cat-file", "-p", "v2").endswith("+0000\n\nrelease 2")


@pytest.mark.parametrize(
    ("step", "error"),
    [
        ({"tag": "v0", "ref": "HEAD~1"}, RuntimeError),  # there is only the initial commit
        ({"tag": "v0", "ref": "main"}, ValueError),  # only HEAD-relative refs are understood
        ({"commit": "chore: x", "files": {".gitignore": "*.log\n"}}, ValueError),
    ],
    ids=["past-the-root", "branch-ref", "gitignore"],
)
def test_make_repo_refuses_what_it_cannot_build(
    make_repo: MakeRepo, step: dict[str, Any], error: type[Exception]
) -> None:
    """A spec the builder would get wrong fails instead of giving another repository."""
    with pytest.raises(error, match="build_repo: "):
        make_repo({"steps": [step]})


def test_bare_origin_holds_branches_and_tags(
    tiny_project: TinyProject, bare_origin: BareOrigin, git: Git
) -> None:
    """The origin is outside the work tree and holds main (tracked) and the tags."""
    project = tiny_project(tag="v1.0.0")
    origin = bare_origin(project)
    assert not origin.is_relative_to(project)
    assert git(origin, "rev-parse", "main") == git(project, "rev-parse", "main")
    assert git(origin, "tag") == "v1.0.0"
    assert git(project, "rev-parse", "--abbrev-ref", "main@{upstream}") == "origin/main"
    assert git(project, "status", "--porcelain") == ""


@pytest.mark.parametrize(
    ("message", "options"),
    [
        ("fix: change", {}),
        ("feat(api): change", {"type_": "feat", "scope": "api"}),
        ("refactor!: drop it", {"type_": "refactor", "breaking": True, "description": "drop it"}),
        ("fix: change\n\nRelease-As: 2.0.0", {"release_as": "2.0.0"}),
        (
            "feat!: change\n\nRelease-As: 3.0.0",
            {"type_": "feat", "breaking": True, "release_as": "3.0.0"},
        ),
    ],
)
def test_conventional_commit_is_what_the_parser_makes(
    message: str, options: dict[str, str | bool]
) -> None:
    """The factory's commit equals the parser's for the same message, notes included."""
    parsed = parse_conventional_commits([Commit("0a1b2c3d4e", message, ("src/pkg/mod.py",))])
    # a Release-As footer also reads as a commit of its own, which the parser puts first
    assert parsed[-1] == conventional_commit(**options)  # type: ignore[arg-type] # kwargs table


def test_canary(canary_secret: Canary) -> None:
    """A canary is registered for redaction, and found wherever it leaks."""
    assert redact(f"token {canary_secret.value}") == "token ***"
    canary_secret.assert_absent("clean", b"also clean")
    with pytest.raises(AssertionError, match="canary leaked in text 1"):
        canary_secret.assert_absent("clean", f"x={canary_secret.value}".encode())
    assert redact(Canary.new(register=False).value).startswith("canary-")
