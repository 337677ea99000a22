"""``releasegate init`` at the root of a monorepo: one setup, a release package per member."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import tomlkit
from tests._monorepo import make_monorepo, member_files
from tests.builders import git

if TYPE_CHECKING:
    from pathlib import Path

    from tests.builders import Cli

_SCHEMA = "https://raw.githubusercontent.com/googleapis/release-please/main/schemas/config.json"
_MEMBERS = ("app", "core", "ext")


def _init(cli: Cli, root: Path, *flags: str) -> str:
    """Run ``releasegate init root *flags`` in-process; return its stdout."""
    run = cli("init", root, *flags)
    assert run.code == 0, run.err
    return run.out


def _json(root: Path, path: str) -> Any:
    return json.loads((root / path).read_text(encoding="utf-8"))


def _toml(root: Path, path: str) -> Any:
    return tomlkit.parse((root / path).read_text(encoding="utf-8")).unwrap()


def _snapshot(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in root.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


def test_workspace_gets_a_package_per_member_and_the_plugin(tmp_path: Path, cli: Cli) -> None:
    """Config, manifest, [tool.releasegate] and each member's test group; no extra-files."""
    root = make_monorepo(tmp_path, tags=["core-v1.0.0", "ext-v1.0.0", "app-v1.0.0"])
    out = _init(cli, root)
    config = _json(root, ".release-please-config.json")
    assert {k: v for k, v in config.items() if k != "changelog-sections"} == {
        "$schema": _SCHEMA,
        "release-type": "python",
        "include-component-in-tag": True,
        "packages": {f"packages/{n}": {"package-name": n, "component": n} for n in _MEMBERS},
    }
    assert _json(root, ".release-please-manifest.json") == {
        f"packages/{n}": "1.0.0" for n in _MEMBERS
    }
    pyproject = _toml(root, "pyproject.toml")
    assert pyproject["tool"]["releasegate"] == {
        "version-scheme": "pep440",
        "plugins": ["uv-workspace"],
        "update-lockfile": True,
        "strict": True,
        "draft-until-published": True,
    }
    assert "test" not in pyproject["dependency-groups"]  # the virtual root has no tests
    assert pyproject["dependency-groups"]["typecheck"] == ["mypy>=1.13"]
    for name in _MEMBERS:
        groups = _toml(root, f"packages/{name}/pyproject.toml")["dependency-groups"]
        assert groups == {"test": ["pytest>=8.3", "coverage[toml]>=7.6"]}
    noxfile = (root / "noxfile.py").read_text(encoding="utf-8")
    assert '    Package("packages/core", "core", extras=(), tests=("pytest",)),\n' in noxfile
    assert "WORKSPACE = True\n" in noxfile
    release = (root / ".github/workflows/release-please.yml").read_text(encoding="utf-8")
    assert "      url: ${{ github.server_url }}/${{ github.repository }}/releases\n" in release
    assert out.startswith(
        "uv workspace: 3 packages, Python 3.10, 3.11, 3.12, 3.13\n"
        "  app 1.0.0 in packages/app, tests: tests (pytest)\n"
    )
    assert "  PyPI project names: app, core, ext (one publisher each)\n" in out
    assert "Then: uv lock && uv run nox -s lint tests build\n" in out


def test_second_init_changes_nothing(tmp_path: Path, cli: Cli) -> None:
    """Running init again on the workspace it set up writes nothing."""
    root = make_monorepo(tmp_path)
    _init(cli, root)
    first = _snapshot(root)
    out = _init(cli, root)
    assert _snapshot(root) == first
    assert "created" not in out
    assert "updated" not in out


def test_dry_run_writes_nothing(tmp_path: Path, cli: Cli) -> None:
    """--dry-run lists the member files it would update and leaves the tree as it was."""
    root = make_monorepo(tmp_path)
    before = _snapshot(root)
    out = _init(cli, root, "--dry-run")
    assert _snapshot(root) == before
    assert "  would update  packages/ext/pyproject.toml  (test dependency group)\n" in out


def test_projects_side_by_side_get_a_package_each(tmp_path: Path, cli: Cli) -> None:
    """Without a workspace: a package per project, no plugin, a root pyproject for the tools."""
    root = make_monorepo(tmp_path, {"alpha": (), "beta": ("alpha>=1.0",)}, workspace=False)
    out = _init(cli, root)
    config = _json(root, ".release-please-config.json")
    assert config["packages"] == {
        f"packages/{n}": {"package-name": n, "component": n} for n in ("alpha", "beta")
    }
    assert config["include-component-in-tag"] is True
    assert _json(root, ".release-please-manifest.json") == {
        "packages/alpha": "1.0.0",
        "packages/beta": "1.0.0",
    }
    own = _toml(root, "pyproject.toml")["tool"]["releasegate"]
    assert "plugins" not in own
    assert "update-lockfile" not in own
    assert "WORKSPACE = False\n" in (root / "noxfile.py").read_text(encoding="utf-8")
    assert out.startswith("monorepo (projects side by side): 2 packages")
    assert "note: the projects are no uv workspace: uv.lock pins the tools only" in out


def test_existing_component_tags_keep_their_format(tmp_path: Path, cli: Cli) -> None:
    """Tags like python-sdk-contrib's core/v1.0.0 set tag-separator, so the next tags match."""
    root = make_monorepo(tmp_path, tags=["core/v1.0.0", "ext/v1.0.0", "app/v1.0.0"])
    out = _init(cli, root)
    assert _json(root, ".release-please-config.json")["tag-separator"] == "/"
    assert "no tag" not in out


def _version_in_file(path: str, name: str, module: str) -> dict[str, str]:
    """A member whose version hatch reads from ``src/<name>/<module>``."""
    files = member_files(path, name)
    files[f"{path}/pyproject.toml"] = (
        files[f"{path}/pyproject.toml"].replace('version = "1.0.0"', 'dynamic = ["version"]')
        + f'\n[tool.hatch.version]\npath = "src/{name}/{module}"\n'
    )
    files[f"{path}/src/{name}/{module}"] = '__version__ = "1.0.0"\n'
    files[f"{path}/src/{name}/__init__.py"] = (
        f'"""{name}."""\n\nfrom {name}.{module[:-3]} import __version__\n\n'
        '__all__ = ["__version__"]\n'
    )
    return files


def test_dynamic_member_is_refused_in_one_line(tmp_path: Path, cli: Cli) -> None:
    """The plugin cannot move a version the backend computes: init stops, writing nothing."""
    root = make_monorepo(tmp_path, files=_version_in_file("packages/core", "core", "_version.py"))
    run = cli("init", root)
    assert run.code == 2
    assert run.err == (
        "releasegate: error: core (packages/core/pyproject.toml): a dynamic version, which the "
        "uv-workspace plugin cannot move with a release of the workspace; write the version in "
        "[project] version, or add the member to [tool.uv.workspace] exclude, then run init "
        "again\n"
    )
    assert git(root, "status", "--porcelain") == ""


def test_projects_side_by_side_mark_a_version_file(tmp_path: Path, cli: Cli) -> None:
    """Without the plugin, a project's version file is an extra-file of its own package."""
    files = _version_in_file("packages/alpha", "alpha", "_version.py")
    root = make_monorepo(tmp_path, {"alpha": (), "beta": ()}, workspace=False, files=files)
    out = _init(cli, root)
    alpha = _json(root, ".release-please-config.json")["packages"]["packages/alpha"]
    assert alpha["extra-files"] == ["src/alpha/_version.py"]
    assert (root / "packages/alpha/src/alpha/_version.py").read_text(encoding="utf-8") == (
        '__version__ = "1.0.0"  # x-release-please-version\n'
    )
    assert "  updated    packages/alpha/src/alpha/_version.py  ('# x-release-please-version'" in out


def test_dynamic_member_outside_a_kept_config_is_not_refused(tmp_path: Path, cli: Cli) -> None:
    """A kept config that does not release the dynamic member is no reason to stop."""
    files = member_files("packages/app", "app")
    files["packages/app/pyproject.toml"] = (
        files["packages/app/pyproject.toml"].replace('version = "1.0.0"', 'dynamic = ["version"]')
        + '\n[tool.hatch.version]\npath = "src/app/__init__.py"\n'
    )
    files["release-please-config.json"] = json.dumps(
        {"packages": {"packages/core": {"release-type": "python", "component": "core"}}}
    )
    files[".release-please-manifest.json"] = '{"packages/core": "1.0.0"}\n'
    root = make_monorepo(tmp_path, files=files)
    out = _init(cli, root)
    assert "release-please-config.json has no package for app, ext: not released" in out


def test_ci_running_release_please_action_becomes_the_gates(tmp_path: Path, cli: Cli) -> None:
    """supabase-py's ci.yml tests and releases: --release-workflow replace splits the two."""
    ci = (
        "name: CI\non:\n  push:\n    branches: [main]\npermissions: {}\njobs:\n"
        "  release-please:\n    runs-on: ubuntu-latest\n    permissions:\n"
        "      contents: write\n    steps:\n      - uses: googleapis/release-please-action@"
        "45996ed1f6d02564a971a2fa1b5860e934307cf7 # v5.0.0\n"
    )
    root = make_monorepo(tmp_path, files={".github/workflows/ci.yml": ci})
    out = _init(cli, root, "--release-workflow", "replace")
    assert "  updated    .github/workflows/ci.yml  (replaced: the Release workflow calls it" in out
    assert (
        "  created    .github/workflows/release-please.yml  (replaces release-please-action" in out
    )
    assert "      - uses: ./.github/workflows/ci.yml" not in (
        root / ".github/workflows/ci.yml"
    ).read_text(encoding="utf-8")
    assert "  Workflow name:     release-please.yml\n" in out
    assert "the trusted publisher on PyPI must name workflow 'release-please.yml'" in out


def test_a_root_package_is_a_member_with_its_own_tests(tmp_path: Path, cli: Cli) -> None:
    """A workspace root with a [project] it builds is package '.'; its tests stop at its own."""
    files = member_files(".", "rootpkg", dependencies=("core>=1",))
    files["pyproject.toml"] += '\n[tool.uv.workspace]\nmembers = ["packages/*"]\n'
    files["tests/test_root.py"] = "def test_root():\n    assert True\n"
    root = make_monorepo(tmp_path, {"core": ()}, files=files)
    _init(cli, root)
    packages = _json(root, ".release-please-config.json")["packages"]
    assert packages["."] == {"package-name": "rootpkg", "component": "rootpkg"}
    noxfile = (root / "noxfile.py").read_text(encoding="utf-8")
    # pytest at the root would collect packages/core's tests too
    assert '    Package(".", "rootpkg", extras=(), tests=("pytest", "tests")),\n' in noxfile
    groups = _toml(root, "pyproject.toml")["dependency-groups"]
    assert groups["test"] == ["pytest>=8.3", "coverage[toml]>=7.6"]
