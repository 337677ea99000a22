"""A tiny real project for chain tests: hatchling, README, LICENSE, tests, manifest, git commit."""

from __future__ import annotations

import os
import subprocess
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["BROKEN_README_RST", "GIT_ENV", "git", "make_project"]

GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Test Author",
    "GIT_AUTHOR_EMAIL": "author@example.org",
    "GIT_AUTHOR_DATE": "2025-01-15T12:00:00Z",
    "GIT_COMMITTER_NAME": "Test Committer",
    "GIT_COMMITTER_EMAIL": "committer@example.org",
    "GIT_COMMITTER_DATE": "2025-01-15T12:00:00Z",
}
# reStructuredText that docutils rejects: an unterminated inline literal
BROKEN_README_RST = "tiny\n====\n\nBroken ``literal that never ends.\n"
PYPROJECT = """\
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


def git(root: Path, *args: str) -> str:
    """Run git in ``root`` without any global configuration; return its stdout."""
    return subprocess.run(
        ["git", *args],
        cwd=root,
        env={**os.environ, **GIT_ENV},
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def make_project(
    root: Path,
    *,
    name: str = "tiny-pkg",
    version: str = "1.0.0",
    manifest: str | None = "1.0.0",
    readme: tuple[str, str] = ("README.md", "# tiny\n\nA tiny project.\n"),
    files: dict[str, str] | None = None,
    extra: str = "",
    tag: str | None = None,
) -> Path:
    """Write a tiny hatchling project into ``root``, commit it (and tag it); return ``root``."""
    module = name.replace("-", "_")
    contents = {
        "pyproject.toml": PYPROJECT.format(
            name=name, version=version, readme_name=readme[0], extra=extra
        ),
        readme[0]: readme[1],
        "LICENSE": "MIT License\n\nCopyright (c) 2025 tiny\n",
        f"src/{module}/__init__.py": '"""tiny."""\n',
        "tests/test_tiny.py": "def test_nothing():\n    assert True\n",
        **(files or {}),
    }
    if manifest is not None:
        contents[".release-please-manifest.json"] = f'{{".": "{manifest}"}}\n'
    for rel, text in contents.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "feat: tiny")
    if tag is not None:
        git(root, "tag", tag)
    return root
