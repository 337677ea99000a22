"""strict: which unchanged files are errors, and the one-line message for each."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from releasegate.engine.updaters.changelog import Changelog
from releasegate.engine.updaters.generic import Generic
from releasegate.engine.updaters.generic_json import GenericJson
from releasegate.engine.updaters.generic_toml import GenericToml
from releasegate.engine.updaters.generic_xml import GenericXml
from releasegate.engine.updaters.generic_yaml import GenericYaml
from releasegate.engine.updaters.pyproject_toml import PyProjectToml
from releasegate.engine.updaters.python_file_with_version import PythonFileWithVersion
from releasegate.engine.updaters.setup_cfg import SetupCfg
from releasegate.engine.updaters.setup_py import SetupPy
from releasegate.engine.updaters.strict import unchanged_error
from releasegate.engine.updaters.uv_lock import UvLock
from releasegate.engine.version import Version

if TYPE_CHECKING:
    from releasegate.engine.updaters import Updater

V = Version(1, 1, 0)


@pytest.mark.parametrize(
    ("updaters", "original", "message"),
    [
        (
            (GenericJson("$.nope", V),),
            '{"version": "1.0.0"}\n',
            "f: jsonpath '$.nope' matched no version; fix the jsonpath",
        ),
        (
            (GenericYaml("$.nope", V),),
            "version: 1.0.0\n",
            "f: jsonpath '$.nope' matched no version",
        ),
        (
            (GenericToml("$.nope", V),),
            'version = "1.0.0"\n',
            "f: jsonpath '$.nope' matched no version",
        ),
        (
            (GenericXml("/a/nope", V),),
            "<a><version>1.0.0</version></a>\n",
            "f: xpath '/a/nope' matched no version",
        ),
        (
            (Generic(version=V),),
            'v = "1.0.0"\n',
            "f: no line marked x-release-please-version holds a version",
        ),
        ((SetupCfg(V),), "[metadata]\nversion = attr: x.v\n", "f: no 'version = X.Y.Z' to update"),
        ((SetupPy(V),), "setup(version=v())\n", "f: no version='X.Y.Z' to update"),
        (
            (UvLock(V, package="x"),),
            "version = 1\n",
            "f: no entry with a version for package 'x'; run 'uv lock'",
        ),
        (
            (PythonFileWithVersion(V, structured=True),),
            "x = (\n",
            "f: cannot parse the version file: not valid Python (line 1)",
        ),
        (
            (GenericJson("$.nope", V), Generic(version=V)),
            '{"version": "1.0.0"}\n',
            (
                "f: jsonpath '$.nope' matched no version and no line marked x-release-please-version "
                "holds a version; fix the jsonpath of this extra-files entry or add the marker comment"
            ),
        ),
    ],
    ids=[
        "json",
        "yaml",
        "toml",
        "xml",
        "generic",
        "setup-cfg",
        "setup-py",
        "uv-lock",
        "python",
        "chain",
    ],
)
def test_unmatched_is_an_error(updaters: tuple[Updater, ...], original: str, message: str):
    """A version updater that matches nothing gives one line: the file, what, and the fix."""
    error = unchanged_error("f", original, updaters)
    assert error is not None
    assert str(error).startswith(message)
    assert str(error).endswith(", or set strict = false in [tool.releasegate]")
    assert "\n" not in str(error)


@pytest.mark.parametrize(
    ("updaters", "original"),
    [
        ((GenericJson("$.version", V),), '{"version": "1.0.0"}\n'),
        ((GenericJson("$.version", V),), '{"version": "1.1.0"}\n'),  # release-as the current one
        ((PyProjectToml(V),), '[project]\nversion = "1.1.0"\n'),
        ((Changelog(V, changelog_entry="## 1.1.0"), Generic(version=V)), "# Changelog\n"),
        ((), "x"),
    ],
    ids=["matched", "already-current", "pyproject-current", "changelog", "no-updaters"],
)
def test_matched_or_not_a_version_file_passes(updaters: tuple[Updater, ...], original: str):
    """A file whose updater reacts to the version, or a changelog, is no strict error."""
    assert unchanged_error("f", original, updaters) is None


@pytest.mark.parametrize(
    ("original", "error"),
    [
        # a module that happens to be called version.py and holds no version: not a version file
        ('"""The Version type."""\n\nclass Version:\n    pass\n', False),
        # it assigns __version__ but not as a literal the updater can write: strict says so
        ("__version__ = compute()\n", True),
        ('__version__: str = get("x")\n', True),
        ("VERSION = get()\n", True),
        # unreadable Python is reported, not guessed about
        ("def (:\n", True),
    ],
)
def test_python_file_found_by_name_only(original: str, error: bool):
    """A version.py found by name is checked only when it assigns __version__ (or won't parse)."""
    updater = PythonFileWithVersion(version=Version(1, 2, 3), structured=True)
    found = unchanged_error("pkg/version.py", original, [updater], required=False)
    assert (found is not None) is error
    assert unchanged_error("pkg/version.py", original, [updater], required=True) is not None


@pytest.mark.parametrize(
    ("path", "updater", "original", "error"),
    [
        # tool settings only (launchdarkly's setup.cfg): no version stated, not a version file
        ("setup.cfg", SetupCfg(V), "[pycodestyle]\nignore = E252,E501,W503\n", False),
        (
            "setup.cfg",
            SetupCfg(V),
            "[metadata]\nname = x\n\n[flake8]\nmax-line-length = 99\n",
            False,
        ),
        # the version lives in another file setuptools reads
        ("setup.cfg", SetupCfg(V), "[metadata]\nversion = attr: pkg.__version__\n", False),
        ("setup.cfg", SetupCfg(V), "[metadata]\nversion = file: VERSION.txt\n", False),
        # a version the updater cannot write is still reported
        ("setup.cfg", SetupCfg(V), "[metadata]\nversion = 1.0\n", True),
        ("setup.cfg", SetupCfg(V), "[metadata\nversion = 1.0\n", True),
        # setup() alone: the version is in setup.cfg or pyproject.toml
        ("setup.py", SetupPy(V), "from setuptools import setup\n\nsetup()\n", False),
        ("setup.py", SetupPy(V), "setup(name='x', version=get_version())\n", False),
        (
            "setup.py",
            SetupPy(V),
            "from pkg import __version__\nsetup(version=__version__)\n",
            False,
        ),
        # a literal the updater does not recognise is reported
        ("setup.py", SetupPy(V), "__version__ = '1.0.0'\nsetup(version=__version__)\n", True),
        ("setup.py", SetupPy(V), "setup(version='1.0')\n", True),
        ("setup.py", SetupPy(V), "setup(\n", True),
    ],
    ids=[
        "cfg-tool-settings",
        "cfg-metadata-no-version",
        "cfg-attr",
        "cfg-file",
        "cfg-short-version",
        "cfg-unreadable",
        "py-bare-setup",
        "py-computed",
        "py-imported",
        "py-dunder-literal",
        "py-short-version",
        "py-unparsable",
    ],
)
def test_setup_file_found_by_name_only(path: str, updater: Updater, original: str, error: bool):
    """setup.cfg and setup.py are version files for strict only when they state a version."""
    found = unchanged_error(path, original, [updater], required=False)
    assert (found is not None) is error
