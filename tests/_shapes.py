"""Real Python project shapes for ``init`` and ``doctor``: each a git repo with one commit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.builders import git

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["SHAPES", "make_shape"]

_TEST = "def test_answer():\n    assert 6 * 7 == 42\n"
_HATCH = '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n'

SHAPES: dict[str, dict[str, str]] = {
    # [project] metadata, flat layout, version in pyproject.toml
    "flat": {
        "pyproject.toml": _HATCH + '[project]\nname = "flat-pkg"\nversion = "1.2.0"\n'
        'requires-python = ">=3.11"\nclassifiers = ["Programming Language :: Python :: 3.11"]\n'
        'readme = "README.md"\n',
        "README.md": "# flat\n\nA flat project.\n",
        "flat_pkg/__init__.py": '"""Flat."""\n',
        "tests/test_flat.py": _TEST,
    },
    # src layout, Pythons from requires-python only
    "src": {
        "pyproject.toml": _HATCH + '[project]\nname = "src-pkg"\nversion = "0.3.1"\n'
        'requires-python = ">=3.11,<3.12"\n',
        "src/src_pkg/__init__.py": '"""Src."""\n',
        "tests/test_src.py": _TEST,
    },
    # poetry metadata
    "poetry": {
        "pyproject.toml": '[build-system]\nrequires = ["poetry-core"]\n'
        'build-backend = "poetry.core.masonry.api"\n\n'
        '[tool.poetry]\nname = "poet"\nversion = "2.0.0"\ndescription = "x"\nauthors = []\n'
        'readme = "README.md"\nclassifiers = ["Programming Language :: Python :: 3.11"]\n\n'
        '[tool.poetry.dependencies]\npython = "^3.10"\n',
        "poet/__init__.py": "",
        "README.md": "# poet\n",
        "tests/test_poet.py": _TEST,
    },
    # version in the package's _version.py (hatch reads it from there)
    "version-file": {
        "pyproject.toml": _HATCH + '[project]\nname = "vfile"\ndynamic = ["version"]\n'
        'requires-python = ">=3.11"\nclassifiers = ["Programming Language :: Python :: 3.11"]\n\n'
        'readme = "README.md"\n\n[tool.hatch.version]\npath = "src/vfile/_version.py"\n',
        "README.md": "# vfile\n\nA project with a version file.\n",
        "src/vfile/__init__.py": 'from vfile._version import __version__\n\n__all__ = ["__version__"]\n',
        "src/vfile/_version.py": '__version__ = "0.4.0"\n',
        "tests/test_vfile.py": "import unittest\n\n\nclass T(unittest.TestCase):\n"
        "    def test_answer(self):\n        self.assertEqual(6 * 7, 42)\n",
    },
    # version from git tags (hatch-vcs)
    "dynamic": {
        "pyproject.toml": '[build-system]\nrequires = ["hatchling", "hatch-vcs"]\n'
        'build-backend = "hatchling.build"\n\n[project]\nname = "dyn"\ndynamic = ["version"]\n'
        'requires-python = ">=3.11"\n\n[tool.hatch.version]\nsource = "vcs"\n',
        "dyn/__init__.py": "",
    },
    # one distribution, two import packages
    "two-packages": {
        "pyproject.toml": _HATCH + '[project]\nname = "duo"\nversion = "1.0.0"\n'
        'requires-python = ">=3.11"\nclassifiers = ["Programming Language :: Python :: 3.11"]\n\n'
        '[tool.hatch.build.targets.wheel]\npackages = ["alpha", "beta"]\n',
        "alpha/__init__.py": "",
        "beta/__init__.py": "",
        "tests/test_duo.py": _TEST,
    },
    # a pyproject.toml full of comments
    "comments": {
        "pyproject.toml": "# The build\n" + _HATCH + "# Metadata, hand-kept\n[project]\n"
        'name = "chatty"  # the name\nversion = "0.9.0"  # bumped by the release PR\n'
        'requires-python = ">=3.11"  # 3.11 only\n'
        'classifiers = [\n    # the one we test\n    "Programming Language :: Python :: 3.11",\n]\n\n'
        '[dependency-groups]\n# ours\ntest = [\n    "pytest>=8",  # pinned low\n]\n',
        "chatty/__init__.py": "",
        "tests/test_chatty.py": _TEST,
    },
    # a project that already releases with release-please
    "release-please": {
        "pyproject.toml": _HATCH + '[project]\nname = "rp"\nversion = "3.1.0"\n'
        'requires-python = ">=3.11"\nclassifiers = ["Programming Language :: Python :: 3.11"]\n',
        "rp/__init__.py": "",
        "release-please-config.json": '{"packages": {".": {"release-type": "python"}}}\n',
        ".release-please-manifest.json": '{".": "3.1.0"}\n',
        ".github/workflows/ci.yml": "name: old CI\non: push\njobs: {}\n",
        "tests/test_rp.py": _TEST,
    },
    # setup.py only, the version in a single top-level module
    "module": {
        "setup.py": 'from setuptools import setup\n\nsetup(name="mod", py_modules=["mod"])\n',
        "mod.py": '__version__ = "0.2.0"\n',
        "test_mod.py": _TEST,
    },
    # setup.cfg metadata with setup.py
    "setuptools": {
        "setup.cfg": "[metadata]\nname = legacy\nversion = 5.0.1\nclassifiers =\n"
        "    Programming Language :: Python :: 3.11\n\n[options]\npackages = legacy\n",
        "setup.py": "from setuptools import setup\n\nsetup()\n",
        "legacy/__init__.py": "",
        "tests/test_legacy.py": _TEST,
    },
}


def make_shape(
    root: Path, shape: str, *, remote: str | None = "https://github.com/acme/widget.git"
) -> Path:
    """Write ``SHAPES[shape]`` into ``root`` as a git repo on ``main`` with one commit."""
    for rel, text in SHAPES[shape].items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "feat: first")
    if remote:
        git(root, "remote", "add", "origin", remote)
    if shape == "dynamic":
        git(root, "tag", "v0.7.0")
    return root
