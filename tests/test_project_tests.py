"""A project's own test requirements, found where real projects keep them."""

from __future__ import annotations

import pytest

from releasegate._requirement_files import poetry_requirement, split_requirement_lines
from releasegate.project_tests import detect_test_requirements

_PROJECT = '[project]\nname = "shape"\nversion = "1.0"\ndependencies = ["pydantic>=2"]\n'


@pytest.mark.parametrize(
    ("files", "groups", "extras", "requirements"),
    [
        # PEP 735 groups: referenced, "tests" before "dev"; init's own dev group is not one
        ({"pyproject.toml": _PROJECT + '[dependency-groups]\ndev = ["mock", "aiohttp"]\n'},
         ("dev",), (), ()),
        ({"pyproject.toml": _PROJECT + '[dependency-groups]\ntests = ["x"]\ndev = ["y"]\n'},
         ("tests",), (), ()),
        ({"pyproject.toml": _PROJECT + '[dependency-groups]\ndev = [{include-group = "lint"}]\n'},
         (), (), ()),
        # extras: test, tests, testing and test-*; dev only when there is none of those
        ({"pyproject.toml": _PROJECT + '[project.optional-dependencies]\n'
          'tests = ["shape[tests-no-zope]", "zope.interface"]\n"tests-no-zope" = ["hypothesis"]\n'
          'docs = ["sphinx"]\n'},
         (), ("tests", "tests-no-zope"), ()),
        ({"pyproject.toml": _PROJECT + '[project.optional-dependencies]\ndev = ["pytest"]\n'},
         (), ("dev",), ()),
        ({"pyproject.toml": _PROJECT + '[project.optional-dependencies]\n'
          '"test-filesource" = ["pyyaml"]\nasync = ["aiohttp"]\n'},
         (), ("test-filesource",), ()),
        # a tool's own dev dependencies, copied
        ({"pyproject.toml": _PROJECT + '[tool.rye]\ndev-dependencies = ["respx", "pytest"]\n'},
         (), (), ("respx", "pytest")),
        ({"pyproject.toml": '[tool.poetry]\nname = "shape"\n\n'
          '[tool.poetry.group.dev.dependencies]\npytest = "^7.2"\npython = "^3.8"\n'},
         (), (), ("pytest>=7.2,<8.0",)),
        ({"pyproject.toml": _PROJECT + '[tool.pdm.dev-dependencies]\ntest = ["pytest-mock"]\n'},
         (), (), ("pytest-mock",)),
        ({"pyproject.toml": _PROJECT + '[tool.hatch.envs.default]\ndependencies = ["pytest"]\n'
          'features = ["fast"]\n'},
         (), ("fast",), ("pytest",)),
        # tox: deps with -r files read, factor lines left out, extras; runtime deps left out
        ({"pyproject.toml": _PROJECT,
          "tox.ini": "[testenv]\ndeps =\n    -r{toxinidir}/requirements/test.txt\n"
          "    py38: mock\n    pydantic<2\nextras = tests\n",
          "requirements/test.txt": "pytest>=7\n-c constraints.txt\n"},
         (), ("tests",), ("pytest>=7",)),
        # an existing noxfile's test session
        ({"pyproject.toml": _PROJECT,
          "noxfile.py": 'import nox\nDEPS = ["pytest", "freezegun"]\n\n'
          '@nox.session(name="tests")\ndef t(session):\n'
          '    session.install(*DEPS, "-e", ".[speedups]")\n'},
         (), ("speedups",), ("pytest", "freezegun")),
        # requirement files named for tests or development (not docs, not runtime pins)
        ({"pyproject.toml": _PROJECT,
          "requirements.txt": "requests==2.31\n",
          "test-requirements.txt": "-r requirements-dev.txt\nmock>=4 --hash=sha256:00\n",
          "requirements-dev.txt": "-e .\nflake8\n",
          "requirements/docs.txt": "sphinx\n"},
         (), (), ("flake8", "mock>=4")),
    ],
    ids=[
        "group-dev", "group-tests-first", "init-dev-group", "extras-tests", "extra-dev",
        "extra-test-prefix", "rye", "poetry-group", "pdm", "hatch-env", "tox", "noxfile",
        "requirement-files",
    ],
)  # fmt: skip
def test_finds_the_test_requirements(tmp_path, files, groups, extras, requirements):
    """Each place a project keeps its test requirements is read, the first one that has any."""
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    found = detect_test_requirements(tmp_path)
    assert (found.groups, found.extras, found.requirements) == (groups, extras, requirements)


@pytest.mark.parametrize(
    ("files", "plugins"),
    [
        ({"pyproject.toml": '[tool.pytest.ini_options]\nasyncio_mode = "auto"\n'
          'addopts = "--cov=x -n auto"\n'},
         ["pytest-asyncio", "pytest-cov", "pytest-xdist"]),
        ({"pyproject.toml": "[tool.pytest]\nrequired_plugins = ['pytest-timeout>=2']\n"},
         ["pytest-timeout>=2"]),
        ({"pytest.ini": "[pytest]\naddopts = -p xdist --reruns 2\n"},
         ["pytest-xdist", "pytest-rerunfailures"]),
        ({"setup.cfg": "[tool:pytest]\nenv =\n    A=1\n"}, ["pytest-env"]),
        ({"tests/test_a.py": "import pytest\n\n@pytest.mark.asyncio\nasync def test_a(): ...\n",
          "tests/conftest.py": "def test_m(mocker): ...\n"},
         ["pytest-asyncio", "pytest-mock"]),
        # already provided by the project's group: nothing added
        ({"pyproject.toml": '[dependency-groups]\ndev = ["pytest-asyncio"]\n'
          '[tool.pytest.ini_options]\nasyncio_mode = "strict"\n'},
         []),
    ],
    ids=["ini-options", "required-plugins", "pytest-ini", "setup-cfg", "test-code", "provided"],
)  # fmt: skip
def test_adds_the_pytest_plugins_the_config_uses(tmp_path, files, plugins):
    """A plugin the pytest config or the tests use is added unless something provides it."""
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    found = detect_test_requirements(tmp_path, tests_dir="tests")
    assert sorted(found.requirements) == sorted(plugins)
    assert all(any(p.split(">")[0] in s for s in found.sources) for p in plugins)


@pytest.mark.parametrize(
    ("lines", "requirements", "extras"),
    [
        (["pytest>=7  # runner", "", "# comment"], ["pytest>=7"], []),
        (["-e .[tests,speedups]", "file:.", "./"], [], ["tests", "speedups"]),
        (["--index-url https://x", "-c c.txt", "./local/pkg", "pkg @ https://x/p.whl"], [], []),
        (["mock>=4 --hash=sha256:00"], ["mock>=4"], []),
        (['mock; python_version < "3.3"'], ['mock; python_version < "3.3"'], []),
    ],
    ids=["plain", "self", "options-and-urls", "hashes", "markers"],
)
def test_requirement_lines(lines, requirements, extras):
    """Requirement-file lines become requirements and the project's own extras."""
    parsed = split_requirement_lines(lines)
    assert (parsed.requirements, parsed.extras) == (requirements, extras)


@pytest.mark.parametrize(
    ("name", "spec", "requirement"),
    [
        ("pytest", "^7.2", "pytest>=7.2,<8.0"),
        ("pytest", "^0.2.3", "pytest>=0.2.3,<0.3.0"),
        ("pytest", "~1.2.3", "pytest>=1.2.3,<1.3.0"),
        ("pytest", "~1", "pytest>=1,<2.0"),
        ("pytest", "1.2.3", "pytest==1.2.3"),
        ("pytest", "*", "pytest"),
        ("pytest", ">=6,<8", "pytest>=6,<8"),
        ("black", {"version": "^23", "extras": ["d"]}, "black[d]>=23,<24.0"),
        ("mine", {"path": "../mine"}, None),
        ("python", "^3.8", None),
    ],
)
def test_poetry_constraints(name, spec, requirement):
    """Poetry's caret, tilde and exact constraints become PEP 440 specifiers."""
    assert poetry_requirement(name, spec) == requirement
