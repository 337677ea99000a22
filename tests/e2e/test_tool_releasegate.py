"""``[tool.releasegate]`` end to end: real git repos through ``release-pr --dry-run --json``.

Each option is switched on in the committed ``pyproject.toml`` of a repository built by
``build_repo``; ``uv.lock`` files come from the real ``uv`` and are checked with ``uv lock
--check`` on the release branch; the PEP 440 wheel is built with the release chain's build.
"""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from tests._monorepo import locked as monorepo_locked
from tests._monorepo import run_uv
from tests.oracle.repo import build_repo, git_env

from releasegate.chain.build import build

if TYPE_CHECKING:
    from tests.builders import Cli

REPO_ROOT = Path(__file__).resolve().parents[2]


def pyproject(name: str, version: str, table: str = "", extra: str = "") -> str:
    """A hatchling pyproject.toml with an optional ``[tool.releasegate]`` body."""
    text = (
        '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n'
        f'[project]\nname = "{name}"\nversion = "{version}"\nrequires-python = ">=3.10"\n'
        f"{extra}"
    )
    return f"{text}\n[tool.releasegate]\n{table}" if table else text


def release_pr(cli: Cli, repo: Path, *extra: str) -> tuple[int, dict[str, Any], str]:
    """Run ``release-pr --dry-run --json`` in-process: exit code, the JSON document, stderr."""
    argv = ("release-pr", "--dry-run", "--json", "-C", repo, "--github-repo", "o/r")
    run = cli(*argv, "--date", "2024-06-01", *extra)
    return run.code, (run.json() if run.code == 0 else {}), run.err


def files(doc: dict[str, Any]) -> dict[str, str]:
    """The single PR's updated files, path → content."""
    (pr,) = doc["pullRequests"]
    return {u["path"]: u["content"] for u in pr["updates"]}


def apply_release(repo: Path, doc: dict[str, Any]) -> None:
    """Check out the release branch: write the PR's files and commit them."""
    env = git_env()
    subprocess.run(["git", "checkout", "-q", "-b", "release"], cwd=repo, env=env, check=True)
    for path, content in files(doc).items():
        (repo / path).parent.mkdir(parents=True, exist_ok=True)
        (repo / path).write_text(content, encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=repo, env=env, check=True)
    subprocess.run(["git", "commit", "-qm", "chore: release"], cwd=repo, env=env, check=True)


def locked(tmp_path: Path, tree: dict[str, str]) -> dict[str, str]:
    """``tree`` plus the ``uv.lock`` the real uv writes for it."""
    return {**tree, **monorepo_locked(tmp_path / "scratch", tmp_path / "uv-cache", {"files": tree})}


# --- version-scheme = "pep440" ------------------------------------------------------------------

PEP440 = 'version-scheme = "pep440"\n'
PRERELEASE = {"versioning": "prerelease", "prerelease": True}


@pytest.mark.parametrize(
    ("current", "tag", "package", "commit", "expected"),
    [
        # prerelease numbering: a → a0 → a1, as release-please's -a → -a.1
        ("1.0.0", "v1.0.0", {**PRERELEASE, "prerelease-type": "a"}, "feat!: x", "2.0.0a0"),
        ("2.0.0a0", "v2.0.0a0", {**PRERELEASE, "prerelease-type": "a"}, "fix: x", "2.0.0a1"),
        ("1.0.0rc1", "v1.0.0rc1", {**PRERELEASE, "prerelease-type": "rc"}, "fix: x", "1.0.0rc2"),
        # the manifest may hold either form
        (
            "1.0.0-rc.1",
            "v1.0.0-rc.1",
            {**PRERELEASE, "prerelease-type": "rc"},
            "fix: x",
            "1.0.0rc2",
        ),
        (
            "1.0.0-beta",
            "v1.0.0-beta",
            {**PRERELEASE, "prerelease-type": "beta"},
            "fix: x",
            "1.0.0b1",
        ),
        # prerelease off: the suffix is dropped
        ("1.0.0rc2", "v1.0.0rc2", {"versioning": "prerelease"}, "fix: x", "1.0.0"),
        # release-as, in the config and as a footer
        ("1.0.0", "v1.0.0", {"release-as": "2.0.0rc1"}, "fix: x", "2.0.0rc1"),
        ("1.0.0", "v1.0.0", {}, "fix: x\n\nRelease-As: 1.0.0.post1", "1.0.0.post1"),
        ("1.0.0.post1", "v1.0.0.post1", {}, "feat: x", "1.1.0"),
        # the pre-1.0 rules
        ("0.3.0", "v0.3.0", {"bump-minor-pre-major": True}, "feat!: x", "0.4.0"),
        ("0.3.0", "v0.3.0", {"bump-patch-for-minor-pre-major": True}, "feat: x", "0.3.1"),
    ],
    ids=lambda value: value if isinstance(value, str) and "\n" not in value else None,
)
def test_pep440_versions(
    tmp_path: Path,
    cli: Cli,
    *,
    current: str,
    tag: str,
    package: dict[str, Any],
    commit: str,
    expected: str,
):
    """Under version-scheme = "pep440" every written version and tag is PEP 440."""
    spec = {
        "files": {
            "pyproject.toml": pyproject("demo-pkg", current, PEP440),
            "src/demo_pkg/__init__.py": f'__version__: str = "{current}"\n',
        },
        "config": {"packages": {".": {"release-type": "python", **package}}},
        "manifest": {".": current},
        "steps": [{"tag": tag}, {"commit": commit, "files": {"src/demo_pkg/a.py": "A = 1\n"}}],
    }
    code, doc, err = release_pr(cli, build_repo(spec, tmp_path / "repo"))
    assert code == 0, err
    (pr,) = doc["pullRequests"]
    assert pr["version"] == expected
    assert pr["title"] == f"chore(main): release {expected}"
    assert f"compare/{tag}...v{expected})" in pr["body"]
    changed = files(doc)
    assert f'version = "{expected}"' in changed["pyproject.toml"]
    assert changed["src/demo_pkg/__init__.py"] == f'__version__: str = "{expected}"\n'
    assert json.loads(changed[".release-please-manifest.json"]) == {".": expected}


def test_pep440_wheel_version_matches_tag(tmp_path: Path, cli: Cli):
    """The wheel built from the release branch carries the version the tag names."""
    spec = {
        "files": {
            "pyproject.toml": pyproject("demo-pkg", "1.0.0", PEP440),
            "README.md": "demo\n",
            "src/demo_pkg/__init__.py": '__version__ = "1.0.0"\n',
        },
        "config": {
            "packages": {".": {"release-type": "python", **PRERELEASE, "prerelease-type": "rc"}}
        },
        "manifest": {".": "1.0.0"},
        "steps": [
            {"tag": "v1.0.0"},
            {"commit": "feat: x", "files": {"src/demo_pkg/a.py": "A = 1\n"}},
        ],
    }
    repo = build_repo(spec, tmp_path / "repo")
    code, doc, err = release_pr(cli, repo)
    assert code == 0, err
    tag = re.search(r"\.\.\.(v[^)]+)\)", doc["pullRequests"][0]["body"])
    assert tag is not None
    assert tag[1] == "v1.1.0rc0"
    apply_release(repo, doc)
    result = build(repo, log=False)
    (wheel,) = (p for p in result.files if p.suffix == ".whl")
    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read("demo_pkg-1.1.0rc0.dist-info/METADATA").decode()
    assert "\nVersion: 1.1.0rc0\n" in metadata
    assert f"v{wheel.name.split('-')[1]}" == tag[1]


def test_pep440_unknown_prerelease_type_is_one_line(tmp_path: Path, cli: Cli):
    """A prerelease-type PEP 440 cannot spell stops the run with exit 2 and the fix."""
    spec = {
        "files": {"pyproject.toml": pyproject("demo", "1.0.0", PEP440)},
        "config": {
            "packages": {
                ".": {"release-type": "python", **PRERELEASE, "prerelease-type": "nightly"}
            }
        },
        "manifest": {".": "1.0.0"},
        "steps": [{"tag": "v1.0.0"}, {"commit": "fix: x"}],
    }
    code, _, err = release_pr(cli, build_repo(spec, tmp_path / "repo"))
    assert code == 2
    assert err == (
        "releasegate: error: packages['.']: the next version 1.0.1-nightly is not a PEP 440 "
        "version; set prerelease-type to a, b or rc (version-scheme is pep440)\n"
    )


# --- Python version files, by structure ---------------------------------------------------------


@pytest.mark.parametrize(
    ("extra_files", "path", "before", "after"),
    [
        (
            {},
            "src/demo/__init__.py",
            '__version__: str = "1.0.0"\n',
            '__version__: str = "1.1.0"\n',
        ),
        (
            {},
            "src/demo/__init__.py",
            "__version__ = '1.0.0'  # keep\n",
            "__version__ = '1.1.0'  # keep\n",
        ),
        (
            {},
            "demo/version.py",
            'x = 1\n__version__: "str" = """1.0.0"""\n',
            'x = 1\n__version__: "str" = """1.1.0"""\n',
        ),
        (
            {},
            "src/demo/_version.py",
            '__version__ = version = "1.0.0.dev0"\n__version__ = "1.0.0"\n',
            '__version__ = version = "1.0.0.dev0"\n__version__ = "1.1.0"\n',
        ),
        (
            {"tool": '[tool.hatch.version]\npath = "src/demo/__about__.py"\n'},
            "src/demo/__about__.py",
            'VERSION = "1.0.0"\n',
            'VERSION = "1.1.0"\n',
        ),
        (
            {"tool": '[tool.setuptools.dynamic]\nversion = {attr = "demo.meta.RELEASE"}\n'},
            "src/demo/meta.py",
            'RELEASE: str = (\n    "1.0.0"\n)\n',
            'RELEASE: str = (\n    "1.1.0"\n)\n',
        ),
    ],
    ids=[
        "annotated",
        "single-quotes",
        "version.py",
        "_version.py",
        "hatch-path",
        "setuptools-attr",
    ],
)
@pytest.mark.parametrize("table", [PEP440, "strict = true\n"])
def test_python_version_files_by_structure(
    tmp_path: Path,
    cli: Cli,
    *,
    extra_files: dict[str, str],
    path: str,
    before: str,
    after: str,
    table: str,
):
    """__version__ (or the attribute the build backend reads) is replaced, nothing else moves."""
    spec = {
        "files": {
            "pyproject.toml": pyproject("demo", "1.0.0", table, extra_files.get("tool", "")),
            path: before,
        },
        "config": {"packages": {".": {"release-type": "python"}}},
        "manifest": {".": "1.0.0"},
        "steps": [{"tag": "v1.0.0"}, {"commit": "feat: x", "files": {"demo/a.py": "A = 1\n"}}],
    }
    code, doc, err = release_pr(cli, build_repo(spec, tmp_path / "repo"))
    assert code == 0, err
    assert files(doc)[path] == after


def test_every_option_off_keeps_release_please_output(tmp_path: Path, cli: Cli):
    """Without [tool.releasegate] an annotated __version__ stays as release-please leaves it."""
    spec = {
        "files": {
            "pyproject.toml": pyproject("demo", "1.0.0"),
            "src/demo/__init__.py": '__version__: str = "1.0.0"\n',
            "src/demo/_version.py": '__version__ = "1.0.0"\n',
        },
        "config": {"packages": {".": {"release-type": "python"}}},
        "manifest": {".": "1.0.0"},
        "steps": [{"tag": "v1.0.0"}, {"commit": "feat: x"}],
    }
    code, doc, err = release_pr(cli, build_repo(spec, tmp_path / "repo"))
    assert code == 0, err
    assert sorted(files(doc)) == [".release-please-manifest.json", "CHANGELOG.md", "pyproject.toml"]


# --- update-lockfile = true ---------------------------------------------------------------------


def test_uv_lock_single_project(tmp_path: Path, cli: Cli):
    """The project's own uv.lock entry follows pyproject.toml; uv lock --check passes."""
    tree = locked(
        tmp_path, {"pyproject.toml": pyproject("My_App", "1.0.0", "update-lockfile = true\n")}
    )
    spec = {
        "files": tree,
        "config": {"packages": {".": {"release-type": "python"}}},
        "manifest": {".": "1.0.0"},
        "steps": [{"tag": "v1.0.0"}, {"commit": "feat: x"}],
    }
    repo = build_repo(spec, tmp_path / "repo")
    code, doc, err = release_pr(cli, repo)
    assert code == 0, err
    assert 'name = "my-app"\nversion = "1.1.0"\n' in files(doc)["uv.lock"]
    apply_release(repo, doc)
    result = run_uv(repo, tmp_path / "uv-cache", "lock", "--check")
    assert result.returncode == 0, result.stderr


def test_uv_lock_without_the_option_fails_check(tmp_path: Path, cli: Cli):
    """release-please's behaviour (option off) leaves uv.lock behind: uv lock --check fails."""
    tree = locked(tmp_path, {"pyproject.toml": pyproject("my-app", "1.0.0")})
    spec = {
        "files": tree,
        "config": {"packages": {".": {"release-type": "python"}}},
        "manifest": {".": "1.0.0"},
        "steps": [{"tag": "v1.0.0"}, {"commit": "feat: x"}],
    }
    repo = build_repo(spec, tmp_path / "repo")
    code, doc, err = release_pr(cli, repo)
    assert code == 0, err
    assert "uv.lock" not in files(doc)
    apply_release(repo, doc)
    assert run_uv(repo, tmp_path / "uv-cache", "lock", "--check").returncode != 0


WORKSPACE_ROOT = (
    '[project]\nname = "Ws.Root"\nversion = "1.0.0"\nrequires-python = ">=3.10"\n'
    'dependencies = ["ws_lib"]\n\n'
    '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n'
    "[tool.uv.sources]\nws_lib = { workspace = true }\n\n"
    '[tool.uv.workspace]\nmembers = ["packages/*"]\n\n'
    '[tool.releasegate]\nupdate-lockfile = true\nversion-scheme = "pep440"\nstrict = true\n'
)


def test_uv_lock_workspace(tmp_path: Path, cli: Cli):
    """In a uv workspace each released member's entry is bumped; uv lock --check passes."""
    tree = locked(
        tmp_path,
        {
            "pyproject.toml": WORKSPACE_ROOT,
            "packages/lib/pyproject.toml": pyproject("ws_lib", "0.3.0a1"),
            "packages/tool/pyproject.toml": pyproject("ws-tool", "2.0.0"),
            "packages/virt/pyproject.toml": (
                '[project]\nname = "ws-virt"\nversion = "5.0.0"\nrequires-python = ">=3.10"\n'
                "[tool.uv]\npackage = false\n"
            ),
        },
    )
    assert 'source = { virtual = "packages/virt" }' in tree["uv.lock"]
    package = {"release-type": "python"}
    spec = {
        "files": tree,
        "config": {
            "packages": {
                ".": {**package, "component": "root", "exclude-paths": ["packages"]},
                "packages/lib": {
                    **package,
                    "component": "lib",
                    **PRERELEASE,
                    "prerelease-type": "a",
                },
                "packages/tool": {**package, "component": "tool"},
                "packages/virt": {**package, "component": "virt"},
            }
        },
        "manifest": {
            ".": "1.0.0",
            "packages/lib": "0.3.0a1",
            "packages/tool": "2.0.0",
            "packages/virt": "5.0.0",
        },
        "steps": [
            {"tag": "root-v1.0.0"},
            {"tag": "lib-v0.3.0a1"},
            {"tag": "tool-v2.0.0"},
            {"tag": "virt-v5.0.0"},
            {"commit": "fix: lib", "files": {"packages/lib/x.py": "X = 1\n"}},
            {"commit": "feat: virt", "files": {"packages/virt/x.py": "X = 1\n"}},
            {"commit": "feat: root", "files": {"src/x.py": "X = 1\n"}},
        ],
    }
    repo = build_repo(spec, tmp_path / "repo")
    code, doc, err = release_pr(cli, repo)
    assert code == 0, err
    lock = files(doc)["uv.lock"]
    assert 'name = "ws-root"\nversion = "1.1.0"\n' in lock
    assert 'name = "ws-lib"\nversion = "0.3.0a2"\n' in lock
    assert 'name = "ws-tool"\nversion = "2.0.0"\n' in lock  # not released
    assert 'name = "ws-virt"\nversion = "5.1.0"\n' in lock
    apply_release(repo, doc)
    result = run_uv(repo, tmp_path / "uv-cache", "lock", "--check")
    assert result.returncode == 0, result.stderr


# --- strict = true ------------------------------------------------------------------------------

STRICT = "strict = true\n"
BROKEN_TOML = '[project]\nname = "demo"\nversion = "1.0.0"\nbroken = \n'


@pytest.mark.parametrize(
    ("tree", "package", "message"),
    [
        (
            {
                "pyproject.toml": "[tool.releasegate]\nstrict = true\n",
                "sub/pyproject.toml": BROKEN_TOML,
            },
            {"sub": {"release-type": "python"}},
            "sub/pyproject.toml: cannot parse the version file (",
        ),
        (
            {
                "pyproject.toml": pyproject("demo", "1.0.0", STRICT),
                "demo/version.py": "VERSION = get()\n",
            },
            {".": {"release-type": "python"}},
            (
                "demo/version.py: no __version__ = '…' string assignment to update; write the version "
                "as a string literal there, or set strict = false in [tool.releasegate]"
            ),
        ),
        (
            {"pyproject.toml": pyproject("demo", "1.0.0", STRICT), "demo/__init__.py": "def f(:\n"},
            {".": {"release-type": "python"}},
            "demo/__init__.py: cannot parse the version file: not valid Python (line 1); fix its syntax",
        ),
        (
            {
                "pyproject.toml": pyproject("demo", "1.0.0", STRICT),
                "package.json": '{"version": "1.0.0"}\n',
            },
            {
                ".": {
                    "release-type": "python",
                    "extra-files": [{"type": "json", "path": "package.json", "jsonpath": "$.nope"}],
                }
            },
            (
                "package.json: jsonpath '$.nope' matched no version; fix the jsonpath of this "
                "extra-files entry, or set strict = false in [tool.releasegate]"
            ),
        ),
        (
            {
                "pyproject.toml": pyproject("demo", "1.0.0", STRICT),
                "pom.xml": "<project><version>1.0.0</version></project>\n",
            },
            {
                ".": {
                    "release-type": "python",
                    "extra-files": [{"type": "xml", "path": "pom.xml", "xpath": "/project/nope"}],
                }
            },
            "pom.xml: xpath '/project/nope' matched no version; fix the xpath",
        ),
        (
            {"pyproject.toml": pyproject("demo", "1.0.0", STRICT)},
            {".": {"release-type": "python", "extra-files": ["VERSION.json"]}},
            (
                "VERSION.json: the version file does not exist on the branch; commit it or fix its "
                "path in the config, or set strict = false in [tool.releasegate]"
            ),
        ),
    ],
    ids=[
        "unparsable-pyproject",
        "unrecognised-version-py",
        "invalid-python",
        "jsonpath",
        "xpath",
        "missing-extra-file",
    ],
)
def test_strict_failures_name_the_file_and_the_fix(
    tmp_path: Path,
    cli: Cli,
    tree: dict[str, str],
    package: dict[str, Any],
    message: str,
):
    """Under strict = true a file left unchanged is a one-line error (exit 2), nothing printed."""
    path = next(iter(package))
    if path != ".":
        package[path]["component"] = path
    spec = {
        "files": tree,
        "config": {"packages": package},
        "manifest": {path: "1.0.0"},
        "steps": [
            {"tag": "v1.0.0" if path == "." else f"{path}-v1.0.0"},
            {"commit": "fix: x", "files": {f"{path}/a.py": "A = 1\n"}},
        ],
    }
    repo = build_repo(spec, tmp_path / "repo")
    code, _, err = release_pr(cli, repo)
    assert code == 2
    assert err.startswith(f"releasegate: error: {message}")
    assert err.count("\n") == 1
    # without strict the same repository releases, skipping the file as release-please does
    pyproject_path = repo / "pyproject.toml"
    pyproject_path.write_text(pyproject_path.read_text().replace("strict = true", "strict = false"))
    env = git_env()
    subprocess.run(["git", "commit", "-qam", "chore: not strict"], cwd=repo, env=env, check=True)
    code, doc, err = release_pr(cli, repo)
    assert code == 0, err
    assert doc["pullRequests"]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            "strict = 'yes'\n",
            "pyproject.toml: tool.releasegate.strict: expected true or false, got 'yes'",
        ),
        (
            'version-scheme = "calver"\n',
            "pyproject.toml: tool.releasegate.version-scheme: expected 'semver' or 'pep440', got 'calver'",
        ),
        (
            "lockfile = true\n",
            "pyproject.toml: tool.releasegate: unknown option 'lockfile'; use one of api-check, draft-until-published, plugins, require-sdist-tests, strict, update-lockfile, version-scheme",
        ),
    ],
)
def test_bad_settings_are_one_line(tmp_path: Path, cli: Cli, table: str, message: str):
    """A wrong [tool.releasegate] option is a one-line ConfigError with exit 2."""
    spec = {
        "files": {"pyproject.toml": pyproject("demo", "1.0.0", table)},
        "config": {"packages": {".": {"release-type": "python"}}},
        "manifest": {".": "1.0.0"},
        "steps": [{"tag": "v1.0.0"}, {"commit": "fix: x"}],
    }
    code, _, err = release_pr(cli, build_repo(spec, tmp_path / "repo"))
    assert code == 2
    assert err == f"releasegate: error: {message}\n"
