"""Builders for monorepos: a uv workspace of tiny hatchling members, or projects side by side.

Plain functions returning ``tests.oracle.repo`` specs (``build_repo`` turns them into real git
repositories). Every package is a real, buildable hatchling project with a README and a
LICENSE, so the release chain can build, check and upload it.
"""

from __future__ import annotations

import os
import subprocess
from typing import TYPE_CHECKING, Any

from packaging.requirements import Requirement
from tests.builders import git

from releasegate.chain._tools import uv_binary
from releasegate.errors import BuildError

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path

__all__ = [
    "locked",
    "make_monorepo",
    "member_files",
    "monorepo_spec",
    "run_uv",
    "workspace_spec",
]

# the acceptance workspace of issue 17: ext pins core exactly, app takes any ext 1.x
ACCEPTANCE = {"core": (), "ext": ("core == 1.0.0",), "app": ("ext >=1.0,<2",)}


def member_files(
    path: str,
    name: str,
    *,
    version: str = "1.0.0",
    dependencies: Sequence[str] = (),
    workspace: bool = True,
    extra: str = "",
) -> dict[str, str]:
    """The files of a tiny hatchling package ``name`` at ``path``.

    ``dependencies`` are PEP 508 strings; with ``workspace`` each one gets a
    ``{ workspace = true }`` source, as uv requires for a requirement on another member.
    """
    module = name.replace("-", "_")
    listed = "".join(f'    "{d}",\n' for d in dependencies)
    sources = ""
    if workspace and dependencies:
        names = dict.fromkeys(Requirement(d).name for d in dependencies)
        sources = "\n[tool.uv.sources]\n" + "".join(
            f"{n} = {{ workspace = true }}\n" for n in names
        )
    pyproject = (
        '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n'
        f'[project]\nname = "{name}"\nversion = "{version}"\ndescription = "A tiny {name}."\n'
        'readme = "README.md"\nrequires-python = ">=3.10"\nlicense = "MIT"\n'
        f"dependencies = [\n{listed}]\n{extra}{sources}"
    )
    prefix = "" if path == "." else f"{path}/"
    return {
        f"{prefix}pyproject.toml": pyproject,
        f"{prefix}README.md": f"# {name}\n\nA tiny package of a monorepo.\n",
        f"{prefix}LICENSE": "MIT License\n\nCopyright (c) 2025 tiny\n",
        f"{prefix}src/{module}/__init__.py": f'"""{name}."""\n\n__version__ = "{version}"\n',
    }


def workspace_spec(
    members: Mapping[str, Sequence[str]] = ACCEPTANCE,
    *,
    settings: str = 'plugins = ["uv-workspace"]\n',
    package: Mapping[str, Any] | None = None,
    top: Mapping[str, Any] | None = None,
    lock: Mapping[str, str] | None = None,
    steps: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """A uv workspace (a virtual root, members ``packages/<name>``), each member at 1.0.0.

    ``settings`` is the body of the root's ``[tool.releasegate]``; ``package`` extra options of
    every release-please package; ``top`` extra top-level config keys; ``lock`` a ``uv.lock``
    to commit (see :func:`locked`). The first steps tag each member's 1.0.0 release.
    """
    files: dict[str, str] = {
        "pyproject.toml": (
            f'[tool.uv.workspace]\nmembers = ["packages/*"]\n\n[tool.releasegate]\n{settings}'
        ),
    }
    for name, dependencies in members.items():
        files.update(member_files(f"packages/{name}", name, dependencies=dependencies))
    if lock is not None:
        files["uv.lock"] = lock["uv.lock"]
    config = {
        f"packages/{name}": {"release-type": "python", "component": name, **(package or {})}
        for name in members
    }
    return {
        "files": files,
        "config": {"packages": config, **(top or {})},
        "manifest": {f"packages/{name}": "1.0.0" for name in members},
        "steps": [*({"tag": f"{name}-v1.0.0"} for name in members), *steps],
    }


def monorepo_spec(
    projects: Mapping[str, Sequence[str]],
    *,
    settings: str = "draft-until-published = true\n",
    top: Mapping[str, Any] | None = None,
    steps: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """Projects side by side, each with its own ``pyproject.toml`` (no workspace), at 1.0.0.

    The root ``pyproject.toml`` holds only ``[tool.releasegate]`` (``settings``).
    """
    files: dict[str, str] = {"pyproject.toml": f"[tool.releasegate]\n{settings}"}
    for name, dependencies in projects.items():
        files.update(member_files(name, name, dependencies=dependencies, workspace=False))
    config = {name: {"release-type": "python", "component": name} for name in projects}
    return {
        "files": files,
        "config": {"packages": config, **(top or {})},
        "manifest": dict.fromkeys(projects, "1.0.0"),
        "steps": [*({"tag": f"{name}-v1.0.0"} for name in projects), *steps],
    }


def run_uv(project: Path, cache: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the real uv offline, with its own cache, in ``project``."""
    env = {
        **os.environ,
        "UV_CACHE_DIR": str(cache),
        "UV_OFFLINE": "1",
        "UV_PYTHON_DOWNLOADS": "never",
        "UV_NO_PROGRESS": "1",
    }
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        [uv_binary(BuildError), *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def locked(scratch: Path, cache: Path, spec: Mapping[str, Any]) -> dict[str, str]:
    """``{"uv.lock": ...}``: what the real ``uv lock`` writes for the files of ``spec``."""
    for path, content in spec["files"].items():
        (scratch / path).parent.mkdir(parents=True, exist_ok=True)
        (scratch / path).write_text(content, encoding="utf-8")
    result = run_uv(scratch, cache, "lock")
    if result.returncode != 0:
        raise RuntimeError(f"uv lock failed: {result.stderr.strip()}")
    return {"uv.lock": (scratch / "uv.lock").read_text(encoding="utf-8")}


def make_monorepo(
    root: Path,
    members: Mapping[str, Sequence[str]] = ACCEPTANCE,
    *,
    workspace: bool = True,
    files: Mapping[str, str] | None = None,
    tags: Sequence[str] = (),
) -> Path:
    """A git repository on ``main`` with packages at ``packages/<name>`` and one commit.

    A uv workspace with a virtual root, or (not ``workspace``) projects side by side without a
    root ``pyproject.toml``; each package has a test of its own. ``files`` adds or replaces files (the root ``pyproject.toml`` too); ``tags`` tag the commit.
    """
    written: dict[str, str] = {"README.md": "# monorepo\n"}
    if workspace:
        written["pyproject.toml"] = '[tool.uv.workspace]\nmembers = ["packages/*"]\n'
    for name, dependencies in members.items():
        path = f"packages/{name}"
        written.update(member_files(path, name, dependencies=dependencies, workspace=workspace))
        module = name.replace("-", "_")
        written[f"{path}/tests/test_{module}.py"] = (
            f'"""{name}\'s own test."""\n\nimport {module}\n\n\ndef test_version():\n'
            f'    """The version is the one released."""\n'
            f'    assert {module}.__version__ == "1.0.0"\n'
        )
    written.update(files or {})
    for rel, text in written.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "feat: first release")
    for tag in tags:
        git(root, "tag", tag)
    git(root, "remote", "add", "origin", "https://github.com/acme/monorepo.git")
    return root
