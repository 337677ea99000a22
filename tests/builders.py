"""Builders for tests: an isolated git, tiny real projects, bare origins, commits and canaries.

Plain functions, importable outside pytest (the oracle harness runs as ``python -m``);
``tests/conftest.py`` hands them to tests as fixtures, bound to the test's ``tmp_path``. The
``Protocol`` classes below are those fixtures' types, for annotating test parameters::

    def test_tag(tiny_project: TinyProject, git: Git) -> None:
        project = tiny_project(tag="v1.0.0")
        assert git(project, "tag") == "v1.0.0"

Git always runs isolated: no user or system configuration, one fixed identity, commits and tags
dated :data:`EPOCH` unless told otherwise, ``LC_ALL=C`` and ``TZ=UTC``.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from releasegate._redact import register_secret
from releasegate.cli import main
from releasegate.engine.commits import CommitNote, ConventionalCommit
from releasegate.engine.plan import ReleasePlan, plan_release
from releasegate.engine.repository import Repository

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    import pytest
    from tests.oracle.repo import RepoSpec

__all__ = [
    "BROKEN_README_RST",
    "CHORE",
    "EPOCH",
    "FEATURE",
    "FIX",
    "IDENTITY",
    "README_RST",
    "BareOrigin",
    "Canary",
    "Cli",
    "CliRun",
    "Git",
    "MakeCommit",
    "MakeRepo",
    "TinyProject",
    "add_bare_origin",
    "conventional_commit",
    "git",
    "git_env",
    "make_project",
    "run_cli",
    "widget_spec",
]

EPOCH = 1_704_067_200  # 2024-01-01T00:00:00Z: the date of every commit and tag by default
IDENTITY = ("Release Tester", "tester@example.com")  # author and committer; golden shas hang on it


# git


def git_env(when: int | None = EPOCH, author_when: int | None = None) -> dict[str, str]:
    """Return the environment tests run git in: ``os.environ`` minus ``GIT_*``, isolated.

    No user or system configuration, :data:`IDENTITY` as author and committer, ``LC_ALL=C`` and
    ``TZ=UTC``. Commits and tags are dated ``when`` (epoch seconds; default :data:`EPOCH`), the
    author date ``author_when`` if given; ``when=None`` leaves both dates to the clock.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    name, email = IDENTITY
    env.update(
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_SYSTEM=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME=name,
        GIT_AUTHOR_EMAIL=email,
        GIT_COMMITTER_NAME=name,
        GIT_COMMITTER_EMAIL=email,
        LC_ALL="C",
        TZ="UTC",
    )
    if when is not None:
        env["GIT_COMMITTER_DATE"] = f"{when} +0000"
        env["GIT_AUTHOR_DATE"] = f"{when if author_when is None else author_when} +0000"
    return env


def git(
    root: Path, *args: str, stdin: str | None = None, env: Mapping[str, str] | None = None
) -> str:
    """Run ``git *args`` in ``root`` (in :func:`git_env` unless ``env`` is given).

    Returns stdout without its trailing newlines. Raises RuntimeError, with git's stderr, when
    git fails.
    """
    result = subprocess.run(
        ["git", *args],
        cwd=root,
        env=git_env() if env is None else dict(env),
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed in {root}: {result.stderr.strip()}")
    return result.stdout.rstrip("\n")


def add_bare_origin(repo: Path, origin: Path, *, push: bool = True, remote: str = "origin") -> Path:
    """Create a bare repository at ``origin`` and add it to ``repo`` as ``remote``; return it.

    The bare repository's default branch is ``repo``'s current one. With ``push``, every branch
    (each tracking its pushed copy) and every tag is pushed.
    """
    branch = git(repo, "symbolic-ref", "--short", "HEAD")
    origin.parent.mkdir(parents=True, exist_ok=True)
    git(origin.parent, "init", "-q", "--bare", "-b", branch, str(origin))
    git(repo, "remote", "add", remote, str(origin))
    if push:
        git(repo, "push", "-q", "-u", remote, "--all")
        git(repo, "push", "-q", remote, "--tags")
    return origin


# a tiny real project

# reStructuredText that docutils rejects: an unterminated inline literal
BROKEN_README_RST = "tiny\n====\n\nBroken ``literal that never ends.\n"
README_RST = "tiny\n====\n\nA tiny project used by releasegate's tests.\n"
_README_MD = ("README.md", "# tiny\n\nA tiny project.\n")
_PYPROJECT = """\
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "{name}"
version = "{version}"
description = "A tiny project."
readme = "{readme_name}"
requires-python = ">=3.10"
license = "MIT"
{extra}"""


def make_project(
    root: Path,
    *,
    name: str = "tiny-pkg",
    version: str = "1.0.0",
    manifest: str | None = "1.0.0",
    readme: tuple[str, str] = _README_MD,
    files: Mapping[str, str] | None = None,
    extra: str = "",
    tag: str | None = None,
    commit: bool = True,
) -> Path:
    """Write a tiny hatchling project into ``root`` and commit it on ``main``; return ``root``.

    It has a pyproject.toml (``extra`` appended to it), the ``readme`` as (file name, text), a
    LICENSE, ``src/<module>/__init__.py``, ``tests/test_tiny.py`` and, unless ``manifest`` is
    None, a ``.release-please-manifest.json`` giving ``"."`` that version. ``files`` (path →
    text) are written last and may replace any of these. ``tag`` tags the commit; without
    ``commit`` there is no repository at all.
    """
    module = name.replace("-", "_")
    contents = {
        "pyproject.toml": _PYPROJECT.format(
            name=name, version=version, readme_name=readme[0], extra=extra
        ),
        readme[0]: readme[1],
        "LICENSE": "MIT License\n\nCopyright (c) 2025 tiny\n",
        f"src/{module}/__init__.py": '"""tiny."""\n',
        "tests/test_tiny.py": "def test_nothing():\n    assert True\n",
    }
    if manifest is not None:
        contents[".release-please-manifest.json"] = f'{{".": "{manifest}"}}\n'
    contents.update(files or {})
    for rel, text in contents.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if commit:
        git(root, "init", "-q", "-b", "main")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "feat: tiny")
        if tag is not None:
            git(root, "tag", tag)
    elif tag is not None:
        raise ValueError("make_project: a tag needs a commit; drop tag= or commit=False")
    return root


# commits


def conventional_commit(
    type_: str = "fix",
    *,
    breaking: bool = False,
    release_as: str | None = None,
    scope: str | None = None,
    description: str = "change",
    sha: str = "0a1b2c3d4e",
    files: tuple[str, ...] = ("src/pkg/mod.py",),
) -> ConventionalCommit:
    """Return the ConventionalCommit the parser makes of ``type_(scope)!: description``.

    ``breaking`` adds the ``!`` and the BREAKING CHANGE note the parser derives from it;
    ``release_as`` adds a ``Release-As:`` footer's note, taken verbatim (even when it is no
    version, so tests can feed the strategies what a user may write).
    """
    notes: list[CommitNote] = []
    if breaking:
        notes.append(CommitNote("BREAKING CHANGE", description))
    if release_as is not None:
        notes.append(CommitNote("RELEASE AS", release_as))
    header = f"{type_}{'' if scope is None else f'({scope})'}{'!' if breaking else ''}"
    return ConventionalCommit(
        sha=sha,
        message=f"{header}: {description}",
        files=files,
        type=type_,
        scope=scope,
        bare_message=description,
        notes=tuple(notes),
        breaking=breaking,
    )


# secrets


@dataclass(frozen=True, slots=True)
class Canary:
    """A random token standing in for a secret; tests check it never shows up in output."""

    value: str

    @classmethod
    def new(cls, prefix: str = "canary", *, register: bool = True) -> Canary:
        """Return a fresh canary, registered with ``releasegate._redact`` unless told not to.

        Leave it unregistered to prove the code under test registers the secret itself.
        """
        value = f"{prefix}-{secrets.token_hex(8)}"
        if register:
            register_secret(value)
        return cls(value)

    def assert_absent(self, *texts: str | bytes) -> None:
        """Raise AssertionError, naming the text and showing the spot, if any holds the canary."""
        for index, text in enumerate(texts):
            found = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
            at = found.find(self.value)
            if at >= 0:
                context = found[max(0, at - 40) : at + len(self.value) + 40]
                raise AssertionError(f"canary leaked in text {index}: ...{context!r}...")


# the CLI, in-process


class CliRun(NamedTuple):
    """What one in-process ``releasegate`` run gave back: exit code, stdout and stderr."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        """Stdout read as the one JSON document ``--json`` prints (ValueError when it is not)."""
        return json.loads(self.out)


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str | os.PathLike[str]) -> CliRun:
    """Run ``releasegate *argv`` through ``cli.main`` in this process; return what it printed.

    Output printed before the call is dropped, so ``out`` and ``err`` are this run's alone.
    Paths may be passed as they are: ``run_cli(capsys, "doctor", "-C", tmp_path)``.
    """
    capsys.readouterr()
    code = main([os.fspath(arg) for arg in argv])
    out, err = capsys.readouterr()
    return CliRun(code, out, err)


# the types of the fixtures in tests/conftest.py


class Cli(Protocol):
    """The ``cli`` fixture: :func:`run_cli` bound to the test's ``capsys``."""

    def __call__(self, *argv: str | os.PathLike[str]) -> CliRun:
        """Run ``releasegate *argv`` in-process and return its exit code, stdout and stderr."""


class Git(Protocol):
    """The ``git`` fixture: :func:`git`."""

    def __call__(
        self, root: Path, *args: str, stdin: str | None = ..., env: Mapping[str, str] | None = ...
    ) -> str:
        """Run git in ``root`` in the isolated environment; return stdout."""


class MakeRepo(Protocol):
    """The ``make_repo`` fixture: ``tests.oracle.repo.build_repo`` into ``tmp_path / where``."""

    def __call__(self, spec: RepoSpec | dict[str, Any], where: str | Path = ...) -> Path:
        """Build the repository ``spec`` describes (a RepoSpec or its dict) and return it."""


class TinyProject(Protocol):
    """The ``tiny_project`` fixture: :func:`make_project` into ``tmp_path / where``."""

    def __call__(
        self,
        where: str | Path = ...,
        *,
        name: str = ...,
        version: str = ...,
        manifest: str | None = ...,
        readme: tuple[str, str] = ...,
        files: Mapping[str, str] | None = ...,
        extra: str = ...,
        tag: str | None = ...,
        commit: bool = ...,
    ) -> Path:
        """Write (and commit) a tiny project and return its root."""


class BareOrigin(Protocol):
    """The ``bare_origin`` fixture: :func:`add_bare_origin` with a fresh directory."""

    def __call__(self, repo: Path, *, push: bool = ..., remote: str = ...) -> Path:
        """Give ``repo`` a bare ``origin`` (pushed to by default) and return its path."""


class MakeCommit(Protocol):
    """The ``conventional_commit`` fixture: :func:`conventional_commit`."""

    def __call__(
        self,
        type_: str = ...,
        *,
        breaking: bool = ...,
        release_as: str | None = ...,
        scope: str | None = ...,
        description: str = ...,
        sha: str = ...,
        files: tuple[str, ...] = ...,
    ) -> ConventionalCommit:
        """Return a ConventionalCommit as the parser would make it."""


# A python package "widget" released as v1.2.3, and commits to follow it (the release PR tests).
FEATURE = {"commit": "feat: streaming", "files": {"widget/api.py": "X = 1\n"}}
FIX = {"commit": "fix(io): close files", "files": {"widget/io.py": "Y = 1\n"}}
CHORE = {"commit": "chore: tidy", "files": {"widget/z.py": "Z = 1\n"}}


def widget_spec(*steps: dict[str, Any]) -> dict[str, Any]:
    """A repo spec: package ``widget`` (pyproject and ``__version__``) at v1.2.3, then ``steps``."""
    return {
        "files": {
            "pyproject.toml": '[project]\nname = "widget"\nversion = "1.2.3"\n',
            "widget/__init__.py": '__version__ = "1.2.3"\n',
        },
        "config": {"packages": {".": {"release-type": "python"}}},
        "manifest": {".": "1.2.3"},
        "steps": [{"tag": "v1.2.3"}, *steps],
    }


PLAN_REPOSITORY = Repository("o", "r")
PLAN_DATE = datetime(2025, 1, 15, tzinfo=timezone.utc)


def plan_main(
    repo: Path,
    *,
    config_file: str | None = None,
    repository: Repository = PLAN_REPOSITORY,
    now: datetime = PLAN_DATE,
) -> ReleasePlan:
    """The release plan of ``repo``'s main branch, with the default manifest file."""
    return plan_release(
        repo,
        branch="main",
        config_file=config_file,
        manifest_file=".release-please-manifest.json",
        repository=repository,
        now=now,
    )


def parse_github_outputs(text: str) -> list[tuple[str, str]]:
    """Read a ``$GITHUB_OUTPUT`` file's ``name<<delimiter`` blocks back, in order."""
    lines = text.split("\n")
    pairs = []
    index = 0
    while index < len(lines) - 1:
        name, _, delimiter = lines[index].partition("<<")
        end = lines.index(delimiter, index + 1)
        pairs.append((name, "\n".join(lines[index + 1 : end])))
        index = end + 1
    return pairs


def read_github_outputs(path: Path) -> dict[str, str]:
    """The last value of each ``$GITHUB_OUTPUT`` entry in ``path`` ({} when there is none)."""
    if not path.exists():
        return {}
    return dict(parse_github_outputs(path.read_text(encoding="utf-8")))
