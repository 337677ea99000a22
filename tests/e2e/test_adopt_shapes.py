"""Slow: init on the project shapes that broke in issue 15, then everything a maintainer runs.

Each shape reproduces what a real project had (named beside it) in a temporary git repository
tagged at its last release. After ``releasegate init`` (with the flag the shape needs), the
test runs, as the maintainer would: ``uv lock``; ``nox -s lint tests-3.X`` (ruff with the
project's own settings, actionlint, zizmor, ``uv lock --check``, and the project's own tests,
counted from pytest's JUnit report); then, after a ``fix:`` commit, ``releasegate doctor``,
``releasegate release-pr --dry-run`` and ``invoke release --dry-run`` (its index lookup goes
to the session's local pypiserver: tests reach only 127.0.0.1).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import pytest
from tests._adoption import junit_result, lock_and_commit, require_tools, run_tool
from tests.builders import git

from releasegate.cli import main

if TYPE_CHECKING:
    from pathlib import Path

    from tests._index_server import Index

# The project's tests run on the Python running this test, which every shape supports.
SESSION = f"tests-{sys.version_info[0]}.{sys.version_info[1]}"

_HATCH = '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n'
_CHECKOUT = "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2"
_SETUP_PYTHON = "actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065 # v5.6.0"
_TEST = '"""Tests."""\n\n\ndef test_answer():\n    """The answer."""\n    assert 6 * 7 == 42\n'


def _project(name: str, extra: str = "", *, python: str = ">=3.10") -> str:
    return (
        f'{_HATCH}[project]\nname = "{name}"\nversion = "1.0.0"\ndescription = "A shape."\n'
        f'readme = "README.md"\nrequires-python = "{python}"\n{extra}'
    )


SHAPES: dict[str, dict[str, str]] = {
    # launchdarkly/python-server-sdk: setup.cfg holds [pycodestyle] only
    "setup-cfg-tool-settings": {
        "pyproject.toml": _project("cfgtools"),
        "setup.cfg": "[pycodestyle]\nignore = E252,E501,W503\n",
        "cfgtools/__init__.py": '"""Cfg tools."""\n',
        "tests/test_cfgtools.py": _TEST,
    },
    # open-feature/python-sdk: a dev group with pytest-asyncio, markers, --strict-markers
    "dev-group-asyncio": {
        "pyproject.toml": _project(
            "asyncshape",
            '\n[dependency-groups]\ndev = ["pytest>=8", "pytest-asyncio>=0.23"]\n\n'
            '[tool.pytest.ini_options]\naddopts = ["--strict-markers"]\n'
            'asyncio_default_fixture_loop_scope = "function"\n'
            'markers = ["slow: takes its time"]\n',
        ),
        "asyncshape/__init__.py": '"""Async shape."""\n',
        "tests/test_async.py": (
            '"""Async tests."""\n\nimport asyncio\n\nimport pytest\n\n\n'
            "@pytest.mark.asyncio\nasync def test_sleep():\n"
            '    """It awaits."""\n    await asyncio.sleep(0)\n\n\n'
            '@pytest.mark.slow\ndef test_marked():\n    """A registered marker."""\n'
        ),
    },
    # groq/groq-python: a hand-written ci.yml without workflow_call
    "kept-ci": {
        "pyproject.toml": _project("keptci"),
        "keptci/__init__.py": '"""Kept CI."""\n',
        "tests/test_keptci.py": _TEST,
        ".github/workflows/ci.yml": (
            "# Our own CI, kept by init.\nname: CI\n\non:\n  push:\n    branches: [main]\n"
            "  # and every pull request\n  pull_request:\n\npermissions:\n  contents: read\n\n"
            "jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
            f"      - uses: {_CHECKOUT}\n        with:\n          persist-credentials: false\n"
            f"      - uses: {_SETUP_PYTHON}\n        with:\n          python-version: '3.12'\n"
            "      - run: python -m pip install -e . pytest\n      - run: python -m pytest\n"
        ),
    },
    # open-feature/python-sdk: release-please-action, publishing in environment 'publish'
    "release-please-action": {
        "pyproject.toml": _project("rpaction"),
        "rpaction/__init__.py": '"""Released by release-please."""\n',
        "tests/test_rpaction.py": _TEST,
        "release-please-config.json": '{"packages": {".": {"release-type": "python"}}}\n',
        ".release-please-manifest.json": '{".": "1.0.0"}\n',
        ".github/workflows/release.yml": (
            "name: Release\n\non:\n  push:\n    branches: [main]\n\npermissions: {}\n\n"
            "jobs:\n  release-please:\n    runs-on: ubuntu-latest\n    permissions:\n"
            "      contents: write\n      pull-requests: write\n    outputs:\n"
            "      created: ${{ steps.release.outputs.release_created }}\n    steps:\n"
            "      - uses: googleapis/release-please-action@"
            "45996ed1f6d02564a971a2fa1b5860e934307cf7 # v5.0.0\n        id: release\n"
            "  publish:\n    needs: release-please\n"
            "    if: needs.release-please.outputs.created == 'true'\n"
            "    runs-on: ubuntu-latest\n    environment: publish\n    permissions:\n"
            f"      id-token: write\n    steps:\n      - uses: {_CHECKOUT}\n"
            "        with:\n          persist-credentials: false\n"
            "      - run: pipx run build\n      - uses: pypa/gh-action-pypi-publish@"
            "76f52bc884231f62b9a034ebfe128415bbaabdfc # v1.12.4\n"
        ),
    },
    # groq/groq-python: its own noxfile, whose sessions are not lint and tests
    "own-noxfile": {
        "pyproject.toml": _project("ownnox"),
        "ownnox/__init__.py": '"""Own noxfile."""\n',
        "requirements-test.txt": "pytest>=8\nhypothesis>=6  # property tests\n",
        "tests/test_ownnox.py": (
            '"""Property tests."""\n\nfrom hypothesis import given, strategies\n\n\n'
            "@given(strategies.integers())\ndef test_double(n):\n"
            '    """Doubling is adding."""\n    assert n * 2 == n + n\n'
        ),
        "noxfile.py": (
            '"""Our sessions."""\n\nimport nox\n\n\n@nox.session(name="test-unit")\n'
            "def test_unit(session: nox.Session) -> None:\n"
            '    """Unit tests."""\n    session.install("-r", "requirements-test.txt", "-e", ".")\n'
            '    session.run("pytest")\n\n\n@nox.session\n'
            'def style(session: nox.Session) -> None:\n    """Style."""\n'
            '    session.install("ruff")\n    session.run("ruff", "check")\n'
        ),
    },
    # open-feature/python-sdk and attrs: ruff selects PERF and T20 (and more) for everything
    "ruff-strict": {
        "pyproject.toml": _project(
            "ruffshape",
            "\n[tool.ruff]\nline-length = 79\n\n[tool.ruff.lint]\n"
            'select = ["E", "F", "W", "I", "D", "PERF", "T20", "CPY", "Q"]\n\n'
            "[tool.ruff.lint.isort]\nforce-single-line = true\nlines-between-types = 1\n\n"
            '[tool.ruff.lint.pydocstyle]\nconvention = "google"\n\n'
            '[tool.ruff.lint.flake8-quotes]\ninline-quotes = "single"\n\n'
            "[tool.ruff.format]\nquote-style = 'single'\n",
        ),
        "ruffshape/__init__.py": '# Copyright (c) 2024 Ruff Shape\n"""Ruff shape."""\n',
        "tests/__init__.py": '# Copyright (c) 2024 Ruff Shape\n"""Tests."""\n',
        "tests/test_ruffshape.py": (
            '# Copyright (c) 2024 Ruff Shape\n"""Tests."""\n\n\n'
            'def test_answer():\n    """The answer."""\n    assert 6 * 7 == 42\n'
        ),
    },
    # anthropic-sdk-python: pydantic 1 and 2 in groups uv resolves apart ([tool.uv] conflicts);
    # sigstore in the release group needs pydantic 2, so dev cannot include it
    "uv-conflicts": {
        "pyproject.toml": _project(
            "forked",
            '\n[dependency-groups]\ndev = ["pytest>=8"]\npydantic-v1 = ["pydantic>=1.10,<2"]\n'
            'pydantic-v2 = ["pydantic>=2"]\n\n[tool.uv]\n'
            'conflicts = [[{ group = "pydantic-v1" }, { group = "pydantic-v2" }]]\n',
            python=">=3.9",
        ),
        "forked/__init__.py": '"""Forked."""\n',
        "tests/test_forked.py": _TEST,
    },
    # attrs 23.2.0: requires-python >= 3.8 and a tests extra
    "python-3.8": {
        "pyproject.toml": _project(
            "oldpy",
            'classifiers = ["Programming Language :: Python :: 3.8",'
            ' "Programming Language :: Python :: 3.10", "Programming Language :: Python :: 3.11",'
            ' "Programming Language :: Python :: 3.12"]\n\n'
            '[project.optional-dependencies]\ntests = ["pytest>=7", "hypothesis"]\n',
            python=">=3.8",
        ),
        "oldpy/__init__.py": '"""Old Pythons."""\n',
        "tests/test_oldpy.py": (
            '"""Tests."""\n\nfrom hypothesis import given, strategies\n\n\n'
            "@given(strategies.text())\ndef test_text(s):\n"
            '    """Text is text."""\n    assert isinstance(s, str)\n'
        ),
    },
}
# init's flags for a shape, and the pytest tests that must run in the tests session
_FLAGS = {
    "release-please-action": ["--release-workflow", "replace"],
    "own-noxfile": ["--noxfile", "noxfile_gates.py"],
}
_TESTS = {"dev-group-asyncio": 2}


def _make(root: Path, shape: str) -> Path:
    for rel, text in {**SHAPES[shape], "README.md": f"# {shape}\n\nA project.\n"}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "feat: first release")
    git(root, "tag", "v1.0.0")  # the release the manifest names
    git(root, "remote", "add", "origin", "https://github.com/acme/widget.git")
    return root


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_adopted_shape_is_green(
    tmp_path: Path, shape: str, capsys: pytest.CaptureFixture[str], local_index: Index
):
    """After init: uv lock, lint and the project's own tests, doctor, release-pr, release."""
    require_tools("uv", "nox", "invoke", "actionlint", "zizmor", "releasegate")
    root = _make(tmp_path / shape, shape)
    assert main(["init", str(root), *_FLAGS.get(shape, [])]) == 0
    capsys.readouterr()
    lock_and_commit(root)

    noxfile = "noxfile_gates.py" if shape == "own-noxfile" else "noxfile.py"
    report = tmp_path / "junit.xml"
    gates = run_tool(
        root, "nox", "-f", noxfile, "-s", "lint", SESSION, "--", f"--junitxml={report}"
    )
    assert gates.returncode == 0, gates.stdout[-4000:] + gates.stderr[-4000:]
    result = junit_result(report)
    assert result.tests >= _TESTS.get(shape, 1)
    assert result.failed == 0

    git(root, "commit", "-q", "--allow-empty", "-m", "fix: a bug")
    for argv in (
        ["releasegate", "doctor", "--no-index"],
        ["releasegate", "release-pr", "--dry-run"],
        # the dry run asks the index whether the version is there: the local one, not pypi.org
        ["invoke", "release", "--dry-run", "--repository-url", local_index.url],
    ):
        done = run_tool(root, *argv)
        assert done.returncode == 0, f"{argv}: {done.stdout[-3000:]}{done.stderr[-3000:]}"


@pytest.mark.parametrize(
    ("shape", "message"),
    [
        (
            "release-please-action",
            (
                ".github/workflows/release.yml: already releases with release-please-action, and a "
                "second Release workflow would release each version twice; pass --release-workflow "
                "replace"
            ),
        ),
        (
            "own-noxfile",
            (
                "noxfile.py: kept (it is not releasegate's), but it has no session lint, typecheck, "
                "ci_matrix, tests, build that the written ci.yml runs; pass --noxfile"
            ),
        ),
    ],
)
def test_conflicting_shape_is_refused_in_one_line(
    tmp_path: Path, shape: str, message: str, capsys: pytest.CaptureFixture[str]
):
    """Without the flag, init writes nothing and names the conflict and the flag, exit 2."""
    root = _make(tmp_path, shape)
    before = git(root, "status", "--porcelain")
    assert main(["init", str(root)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"releasegate: error: {message}")
    assert err.count("\n") == 1
    assert git(root, "status", "--porcelain") == before
