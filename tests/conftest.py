"""The suite's builder fixtures: thin pytest bindings of the functions in ``tests/builders.py``.

Each fixture hands out a builder (a function), not a built thing, so a test makes exactly what it
needs where it needs it. Their types, for annotations, are in ``tests.builders``:

* ``git(root, *args, stdin=None, env=None) -> str``: git in the isolated environment.
* ``make_repo(spec, where="repo") -> Path``: a repository from a ``tests.oracle.repo`` spec.
* ``tiny_project(where=".", *, name, version, manifest, readme, files, extra, tag, commit)``:
  a tiny hatchling project, committed.
* ``bare_origin(repo, *, push=True, remote="origin") -> Path``: a bare ``origin`` for ``repo``.
* ``conventional_commit(type_="fix", *, breaking, release_as, scope, description, sha, files)``.
* ``canary_secret``: a registered random :class:`tests.builders.Canary`.
* ``cli(*argv) -> CliRun``: ``releasegate *argv`` in-process; ``(code, out, err)``, ``.json()``.
* ``local_index``: one pypiserver on 127.0.0.1 per worker process (``tests._index_server``).

``where`` is relative to the test's ``tmp_path`` (an absolute path is taken as is).

How the suite runs (``[tool.pytest.ini_options]`` in pyproject.toml):

* **In parallel.** pytest-xdist starts one worker per CPU and one more (``-n auto``, see
  :func:`pytest_xdist_auto_num_workers`). Each worker has its own ``tmp_path`` root, its own
  session fixtures (so its own index server on a free port) and its own environment
  (``monkeypatch`` changes stay in the worker). ``-n 0`` runs in one process, as before;
  ``PYTEST_XDIST_AUTO_NUM_WORKERS`` sets what ``auto`` means.
* **Loopback only.** pytest-socket lets a test connect to 127.0.0.1 and ::1 (and Unix
  sockets) only: any other address raises ``SocketConnectBlockedError``. It guards this
  process alone: git, uv, pip or twine started by a test are out of its reach, so uv, which
  resolves packages, runs offline (``UV_OFFLINE=1``; a cold cache skips its test, unless
  ``nox -s tests`` filled the cache first: ``tests/fill_uv_cache.py``). A test
  marked ``online`` runs only with ``RELEASEGATE_ONLINE_TESTS=1``, and then without the
  guard; that run lets uv go online too. The plugin ``tests._offline`` does both.
"""

from __future__ import annotations

import functools
import os
import secrets
from typing import TYPE_CHECKING, Any

import pytest
from tests import builders
from tests._index_server import Index, running_index
from tests.oracle.repo import RepoSpec, build_repo

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

# What may leave 127.0.0.1, and when: the online marker, uv's offline mode (tests._offline).
pytest_plugins = ["tests._offline"]


def pytest_xdist_auto_num_workers() -> int | None:
    """Say how many workers ``-n auto`` starts: one per CPU this process may use, and one more.

    The suite waits on servers and subprocesses a fifth of its time; the extra worker runs
    meanwhile (issue 19, on 2 CPUs: 165 s with 2 workers, 155 s with 3, 157 s with 4, which
    cost more CPU). ``PYTEST_XDIST_AUTO_NUM_WORKERS`` still decides when set (None: xdist's own
    hook reads it).
    """
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    usable = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    cpus = len(usable) if usable else (os.cpu_count() or 1)
    return cpus + 1


@pytest.fixture
def git() -> builders.Git:
    """Run git in a repository with no user configuration, a fixed identity and fixed dates."""
    return builders.git


@pytest.fixture
def make_repo(tmp_path: Path) -> builders.MakeRepo:
    """Build repositories from specs (``tests.oracle.repo``) under ``tmp_path``."""

    def make(spec: RepoSpec | dict[str, Any], where: str | Path = "repo") -> Path:
        return build_repo(spec, tmp_path / where)

    return make


@pytest.fixture
def tiny_project(tmp_path: Path) -> builders.TinyProject:
    """Write tiny real hatchling projects, committed, under ``tmp_path`` (in it by default)."""

    def make(where: str | Path = ".", **options: Any) -> Path:
        return builders.make_project(tmp_path / where, **options)

    return make


@pytest.fixture
def bare_origin(tmp_path_factory: pytest.TempPathFactory) -> builders.BareOrigin:
    """Give a repository a bare ``origin`` outside its work tree, for push tests."""

    def add(repo: Path, *, push: bool = True, remote: str = "origin") -> Path:
        origin = tmp_path_factory.mktemp("origin") / f"{remote}.git"
        return builders.add_bare_origin(repo, origin, push=push, remote=remote)

    return add


@pytest.fixture
def conventional_commit() -> builders.MakeCommit:
    """Make ConventionalCommits as the parser would, without git."""
    return builders.conventional_commit


@pytest.fixture
def canary_secret() -> builders.Canary:
    """A random token registered as a secret; ``assert_absent(*texts)`` checks it never leaks."""
    return builders.Canary.new()


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> builders.Cli:
    """Run ``releasegate`` in-process, capturing what that one run prints (``run_cli``)."""
    return functools.partial(builders.run_cli, capsys)


@pytest.fixture(scope="session")
def local_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Index]:
    """One pypiserver on 127.0.0.1 for the session; uploads need ``username``/``password``."""
    password = f"canary-pw-{secrets.token_hex(8)}"
    with running_index(tmp_path_factory.mktemp("index"), password=password) as index:
        yield index


@pytest.fixture(autouse=True)
def _no_ambient_github(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests reach GitHub only through a stand-in they start: no token or URL from outside.

    With a token, release-pr (even --dry-run) reads merged pull requests from GitHub; a
    GITHUB_TOKEN in the developer's or CI's environment must not send tests to api.github.com.
    """
    for name in ("GITHUB_TOKEN", "GH_TOKEN", "GITHUB_API_URL", "GITHUB_GRAPHQL_URL"):
        monkeypatch.delenv(name, raising=False)
