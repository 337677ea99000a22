"""``init`` next to an existing setup: it keeps, integrates or refuses, never half-fits."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import tomlkit
import yaml
from tests._shapes import make_shape
from tests.builders import git

from releasegate.cli import main

_HATCH = '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n'
_PROJECT = _HATCH + '[project]\nname = "shape"\nversion = "1.0.0"\nrequires-python = ">=3.10"\n'
_RP_ACTION = (
    "name: Release\non:\n  push:\n    branches: [main]\njobs:\n  release-please:\n"
    "    runs-on: ubuntu-latest\n    steps:\n"
    "      - uses: googleapis/release-please-action@v4\n        id: release\n"
    "  pypi:\n    needs: release-please\n    runs-on: ubuntu-latest\n"
    "    environment: release-pypi\n    permissions:\n      id-token: write\n    steps:\n"
    "      - uses: pypa/gh-action-pypi-publish@release/v1\n"
)


def _repo(root: Path, files: dict[str, str]) -> Path:
    for rel, text in {"pyproject.toml": _PROJECT, "shape/__init__.py": "", **files}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "feat: first")
    git(root, "remote", "add", "origin", "https://github.com/acme/shape.git")
    return root


def _init(root: Path, *flags: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["init", str(root), *flags]) == 0
    return capsys.readouterr().out


def _options(root: Path) -> dict[str, object]:
    data = tomlkit.parse((root / "pyproject.toml").read_text(encoding="utf-8")).unwrap()
    options: dict[str, object] = data["tool"]["releasegate"]
    return options


def _snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): p.read_text(encoding="utf-8")
        for p in root.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


@pytest.mark.parametrize("flag", ["--release-workflow=replace", "--force"])
def test_release_please_action_workflow_is_replaced_in_place(
    tmp_path: Path, flag: str, capsys: pytest.CaptureFixture[str]
):
    """Replacing keeps the file name and the publish environment the trusted publisher names."""
    root = _repo(tmp_path, {".github/workflows/release.yml": _RP_ACTION})
    out = _init(root, flag, capsys=capsys)
    assert "updated    .github/workflows/release.yml  (replaces release-please-action" in out
    assert "in its environment 'release-pypi'" in out
    assert "  Workflow name:     release.yml\n  Environment name:  release-pypi\n" in out
    assert not (root / ".github/workflows/release-please.yml").exists()
    release = yaml.safe_load((root / ".github/workflows/release.yml").read_text("utf-8"))
    assert release["jobs"]["publish"]["environment"]["name"] == "release-pypi"
    assert _options(root)["draft-until-published"] is True
    before = _snapshot(root)
    out = _init(root, capsys=capsys)  # no flag needed any more: the workflow is releasegate's
    assert _snapshot(root) == before
    assert "unchanged  .github/workflows/release.yml" in out
    assert "  Environment name:  release-pypi\n" in out


def test_release_please_action_workflow_can_be_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    """Kept: no second Release workflow, no draft-until-published, no trusted publisher."""
    root = _repo(tmp_path, {".github/workflows/release.yml": _RP_ACTION})
    out = _init(root, "--release-workflow", "keep", capsys=capsys)
    assert "kept       .github/workflows/release.yml  (runs release-please-action)" in out
    assert sorted(p.name for p in (root / ".github/workflows").iterdir()) == [
        "ci.yml",
        "release.yml",
    ]
    assert (root / ".github/workflows/release.yml").read_text(encoding="utf-8") == _RP_ACTION
    assert "draft-until-published" not in _options(root)
    assert "trusted publisher" not in out


# Stainless's SDKs (anthropic-sdk-python, openai-python, groq-python): release-please run by
# Stainless's service on push and on a schedule, uploading through a script of the repository.
_STAINLESS = (
    "name: Create releases\non:\n  schedule:\n    - cron: '0 5 * * *'\n  push:\n"
    "    branches:\n      - main\njobs:\n  release:\n    runs-on: ubuntu-latest\n"
    "    environment: production-release\n    permissions:\n      contents: read\n"
    "      id-token: write\n    steps:\n      - uses: actions/checkout@v6\n"
    "      - uses: stainless-api/trigger-release-please@v1\n        id: release\n"
    "        with:\n          stainless-api-key: ${{ secrets.STAINLESS_API_KEY }}\n"
    "      - name: Publish to PyPI\n        if: ${{ steps.release.outputs.releases_created }}\n"
    "        run: |\n          bash ./bin/publish-pypi\n"
)
_PUBLISH_SCRIPT = (
    "#!/usr/bin/env bash\nset -eux\nrm -rf dist\nuv build\nuv publish --token=$PYPI_TOKEN\n"
)


def test_another_release_tool_is_refused_like_release_please_action(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    """Stainless's release-please workflow releases too: init names it and writes nothing."""
    root = _repo(
        tmp_path,
        {".github/workflows/create-releases.yml": _STAINLESS, "bin/publish-pypi": _PUBLISH_SCRIPT},
    )
    before = _snapshot(root)
    assert main(["init", str(root)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        "releasegate: error: .github/workflows/create-releases.yml: already releases with "
        "stainless-api/trigger-release-please, and a second Release workflow would release "
        "each version twice; pass --release-workflow replace to put releasegate's Release "
        "workflow in its place, or --release-workflow keep to keep it"
    )
    assert _snapshot(root) == before


def test_another_release_tool_is_replaced_with_its_script_upload_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    """Replaced in place: the upload its script made moves to publish-release, same environment."""
    root = _repo(
        tmp_path,
        {".github/workflows/create-releases.yml": _STAINLESS, "bin/publish-pypi": _PUBLISH_SCRIPT},
    )
    out = _init(root, "--release-workflow=replace", capsys=capsys)
    assert (
        "updated    .github/workflows/create-releases.yml  (replaces "
        "stainless-api/trigger-release-please (jobs release); publishing moves to releasegate "
        "publish-release (trusted publishing), in its environment 'production-release')"
    ) in out
    assert not (root / ".github/workflows/release-please.yml").exists()
    release = yaml.safe_load((root / ".github/workflows/create-releases.yml").read_text("utf-8"))
    assert release["jobs"]["publish"]["environment"]["name"] == "production-release"


def test_kept_ci_is_called_with_the_permissions_it_asks_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    """workflow_call is added, the gates job grants its jobs' permissions; both linters pass."""
    ci = (
        "name: CI\non:\n  pull_request:\npermissions:\n  contents: read\njobs:\n  test:\n"
        "    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n"
        "      checks: write\n    steps:\n      - run: echo ${{ secrets.CODECOV_TOKEN }}\n"
    )
    root = _repo(tmp_path, {".github/workflows/ci.yml": ci})
    out = _init(root, capsys=capsys)
    assert "CODECOV_TOKEN" in out
    text = (root / ".github/workflows/ci.yml").read_text(encoding="utf-8")
    assert text == ci.replace("  pull_request:\n", "  pull_request:\n  workflow_call:\n")
    release = yaml.safe_load((root / ".github/workflows/release-please.yml").read_text("utf-8"))
    assert release["jobs"]["gates"]["permissions"] == {"checks": "write", "contents": "read"}
    bin_dir = Path(sys.executable).parent
    if (bin_dir / "actionlint").is_file():
        lint = subprocess.run(
            [str(bin_dir / "actionlint")], cwd=root, capture_output=True, text=True, check=False
        )
        assert lint.returncode == 0, lint.stdout


def test_kept_ci_that_cannot_be_edited_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    """An on: form the edit does not handle stops init; nothing is written."""
    root = _repo(tmp_path, {".github/workflows/ci.yml": "on: {pull_request: {}}\njobs: {}\n"})
    assert main(["init", str(root)]) == 2
    err = capsys.readouterr().err
    assert err == (
        "releasegate: error: .github/workflows/ci.yml: the Release workflow calls it, but init "
        "cannot add 'workflow_call' to its 'on:' safely; add 'workflow_call:' under 'on:' "
        "yourself, or pass --force to replace it with releasegate's ci.yml\n"
    )
    assert git(root, "status", "--porcelain") == ""


def test_next_steps_name_the_kept_noxfiles_sessions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    """With its own noxfile (and CI) kept, init never prints 'nox -s lint tests'."""
    noxfile = (
        'import nox\n\n@nox.session(name="test-pydantic-v1")\ndef t(session):\n'
        '    session.install("-r", "requirements-dev.lock")\n\n@nox.session\n'
        "def docs(session):\n    pass\n"
    )
    ci = "on: [push]\njobs: {}\n"
    root = _repo(tmp_path, {"noxfile.py": noxfile, ".github/workflows/ci.yml": ci})
    out = _init(root, capsys=capsys)
    assert "nox -s lint" not in out
    assert "Then: uv lock && uv run invoke release --dry-run\n" in out
    assert "your noxfile.py is kept; its sessions: test-pydantic-v1, docs" in out
    out = _init(root, "--noxfile", "noxfile_gates.py", capsys=capsys)
    assert "Then: uv lock && uv run nox --noxfile noxfile_gates.py -s lint tests" in out
    assert (root / "noxfile.py").read_text(encoding="utf-8") == noxfile


@pytest.mark.parametrize("name", ["ci/noxfile.py", "gates.txt"])
def test_noxfile_must_be_a_file_name_in_the_root(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
):
    """--noxfile takes a Python file name at the root (nox runs it from there)."""
    root = _repo(tmp_path, {})
    assert main(["init", str(root), "--noxfile", name]) == 2
    assert capsys.readouterr().err.startswith(f"releasegate: error: --noxfile: {name!r}")


@pytest.mark.parametrize(
    ("files", "strict", "note"),
    [
        # launchdarkly: setup.cfg holds only tool settings; strict can be on
        ({"setup.cfg": "[pycodestyle]\nignore = E252\n"}, True, None),
        # hatch reads the version from a file whose version is computed: strict would stop
        ({"pyproject.toml": _HATCH + '[project]\nname = "shape"\ndynamic = ["version"]\n'
          '[tool.hatch.version]\npath = "shape/about.py"\n',
          "shape/about.py": "__version__ = compute()\n"},
         False,
         ("note: strict stays off: a release PR would stop on shape/about.py: no __version__ or "
         "VERSION = '…' string assignment to update")),
    ],
    ids=["tool-settings-cfg", "computed-version"],
)  # fmt: skip
def test_strict_only_when_the_release_pr_would_pass(
    tmp_path: Path,
    files: dict[str, str],
    strict: bool,
    note: str | None,
    capsys: pytest.CaptureFixture[str],
):
    """Init turns strict on only when the next release PR finds every version it must change."""
    root = _repo(tmp_path, files)
    out = _init(root, capsys=capsys)
    assert ("strict" in _options(root)) is strict
    if note:
        assert note in out


def test_lockfile_option_needs_a_project_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """Poetry metadata alone leaves uv.lock without the project's entry: no update-lockfile."""
    root = make_shape(tmp_path, "poetry")
    _init(root, capsys=capsys)
    assert "update-lockfile" not in _options(root)
    assert _options(root)["strict"] is True


def test_old_python_floor_is_said_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """requires-python below 3.10: the marker is explained once."""
    pyproject = _PROJECT.replace(">=3.10", ">=3.8")
    root = _repo(tmp_path, {"pyproject.toml": pyproject})
    out = _init(root, capsys=capsys)
    [line] = [ln for ln in out.splitlines() if "requires-python reaches below 3.10" in ln]
    assert "python_version >= '3.10'" in line


def test_tools_run_on_python_3_10_when_the_project_may_pick_an_older_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    """A .python-version of 3.9 picks a Python without nox or releasegate: uv is told another."""
    pyproject = _PROJECT.replace(">=3.10", ">=3.9")
    root = _repo(tmp_path, {"pyproject.toml": pyproject, ".python-version": "3.9.18\n"})
    out = _init(root, capsys=capsys)
    assert "Then: uv lock && uv run --python '>=3.10' nox -s lint tests && uv run --python " in out
    workflows = root / ".github" / "workflows"
    steps = [
        step["run"]
        for name in ("ci.yml", "release-please.yml")
        for job in yaml.safe_load((workflows / name).read_text("utf-8"))["jobs"].values()
        for step in job.get("steps", ())
        if str(step.get("run", "")).startswith("uv ")
    ]
    assert len(steps) >= 8
    assert all(run.startswith("uv run --locked --python '>=3.10' --only-group ") for run in steps)


def test_next_steps_run_the_tool_groups_alone_beside_uv_conflicts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    """The dev group lacks the tool groups there: the next steps name them as CI does."""
    pyproject = _PROJECT + (
        '\n[dependency-groups]\nv1 = ["pydantic<2"]\nv2 = ["pydantic>=2"]\n\n'
        '[tool.uv]\nconflicts = [[{ group = "v1" }, { group = "v2" }]]\n'
    )
    root = _repo(tmp_path, {"pyproject.toml": pyproject})
    out = _init(root, capsys=capsys)
    assert (
        "Then: uv lock && uv run --only-group nox nox -s lint tests && "
        "uv run --only-group release invoke release --dry-run\n"
    ) in out


@pytest.mark.parametrize(
    ("shape", "install"), [("flat", False), ("setuptools", True), ("poetry", True)]
)
def test_project_without_a_project_table_is_installed_by_the_session(
    tmp_path: Path, shape: str, install: bool, capsys: pytest.CaptureFixture[str]
):
    """The session pip-installs a project that uv sync cannot (no [project] table)."""
    root = make_shape(tmp_path, shape)
    out = _init(root, capsys=capsys)
    assert f"INSTALL_PROJECT = {install}\n" in (root / "noxfile.py").read_text("utf-8")
    assert ("no [project] table" in out) is install


def test_a_project_without_a_project_table_is_locked_and_tested_on_one_python(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    """The lock holds one Python: .python-version names it, and every session runs on it."""
    root = make_shape(tmp_path, "poetry")  # python = "^3.10", classifiers: 3.11
    out = _init(root, capsys=capsys)
    assert "created    .python-version  (the one Python uv locks for" in out
    assert (root / ".python-version").read_text("utf-8") == "3.11\n"
    noxfile = (root / "noxfile.py").read_text("utf-8")
    assert 'PYTHONS = ["3.11"]\n' in noxfile
    assert 'TOOLS_PYTHON = "3.11"\n' in noxfile
    assert noxfile.count("@nox.session(python=TOOLS_PYTHON)") == 3


def test_manifest_holds_three_release_numbers(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """A version such as 25.0 (packaging's) is written as release-please reads it: 25.0.0."""
    root = _repo(tmp_path, {"pyproject.toml": _PROJECT.replace('"1.0.0"', '"25.0"')})
    out = _init(root, capsys=capsys)
    manifest = (root / ".release-please-manifest.json").read_text(encoding="utf-8")
    assert manifest == '{\n  ".": "25.0.0"\n}\n'
    assert "no tag v25.0.0: tag the commit that released 25.0" in out
    assert _options(root)["strict"] is True


def test_tags_without_v_are_kept_that_way(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """A project that tags 23.2.0 (attrs) gets include-v-in-tag false, not a second tag."""
    root = _repo(tmp_path, {})
    git(root, "tag", "1.0.0")
    out = _init(root, capsys=capsys)
    config = (root / ".release-please-config.json").read_text(encoding="utf-8")
    assert '"include-v-in-tag": false' in config
    assert "no tag" not in out


def test_a_development_version_starts_from_the_last_release_tag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    """Click keeps 8.5.0.dev on main after tagging 8.4.2: the manifest starts at 8.4.2."""
    root = _repo(tmp_path, {})
    git(root, "tag", "1.2.0")  # the release, tagged without v
    pyproject = (root / "pyproject.toml").read_text("utf-8").replace("1.0.0", "1.3.0.dev0")
    (root / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    git(root, "commit", "-qam", "Start 1.3.0")
    git(root, "tag", "2.0.0", "--no-contains", "HEAD")  # not on the branch: never a candidate
    git(root, "commit", "-q", "--allow-empty", "-m", "fix: a bug")
    out = _init(root, capsys=capsys)
    assert (
        "note: 1.3.0.dev0 is a development version (pyproject.toml): the manifest starts from "
        "the last release, 1.2.0 (tag 1.2.0), and the first release PR writes the next version "
        "over it\n"
    ) in out
    assert json.loads((root / ".release-please-manifest.json").read_text("utf-8")) == {".": "1.2.0"}
    config = json.loads((root / ".release-please-config.json").read_text("utf-8"))
    assert config["include-v-in-tag"] is False
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "chore: adopt releasegate")
    assert main(["release-pr", "--dry-run", "--json", "-C", str(root)]) == 0
    (pr,) = json.loads(capsys.readouterr().out)["pullRequests"]
    assert pr["version"] == "1.2.1"
    [pyproject_update] = [u for u in pr["updates"] if u["path"] == "pyproject.toml"]
    assert 'version = "1.2.1"' in pyproject_update["content"]
    main(["doctor", "--no-index", "--json", "-C", str(root)])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert {f["code"] for f in findings if f["check"] == "versions"} == {"development-version"}
    # uv lock is the user's next step, not init's
    assert [f["code"] for f in findings if f["level"] == "problem"] == ["no-lock"]


def test_dynamic_version_is_not_locked(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """hatch-vcs: uv.lock records no version, so update-lockfile stays off (strict would stop)."""
    root = make_shape(tmp_path, "dynamic")
    _init(root, capsys=capsys)
    assert "update-lockfile" not in _options(root)


@pytest.mark.parametrize(
    ("trigger", "workflow", "note"),
    [
        # attrs publishes on 'release: published': it would never run
        ("release:\n    types: [published]", "pypi-package.yml", "publishes on 'release:' events"),
        # click publishes on every tag push: tags made with GITHUB_TOKEN start no workflow
        ("push:\n    tags: ['*']", "publish.yaml", "publishes on tag pushes, which the "),
    ],
    ids=["release-event", "tag-push"],
)
def test_a_publish_workflow_that_would_not_run_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], trigger: str, workflow: str, note: str
):
    """A publish workflow that a release made with GITHUB_TOKEN would not start is named."""
    publish = (
        f"on:\n  {trigger}\njobs:\n  up:\n    runs-on: x\n    steps:\n"
        "      - uses: pypa/gh-action-pypi-publish@release/v1\n"
    )
    root = _repo(tmp_path, {f".github/workflows/{workflow}": publish})
    out = _init(root, capsys=capsys)
    assert f"note: .github/workflows/{workflow} {note}" in out


def test_an_ignored_lock_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """An ignored uv.lock (launchdarkly ignores it) is named: the locked gates need it."""
    root = _repo(tmp_path, {".gitignore": "# libraries do not commit it\nuv.lock\n"})
    out = _init(root, capsys=capsys)
    assert "note: git ignores uv.lock (.gitignore)" in out


def test_a_test_script_the_kept_ci_runs_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    """The anthropic SDK's CI runs ./scripts/test, which starts a mock API server pytest alone lacks."""
    ci = (
        "on: [push, pull_request]\njobs:\n  test:\n    runs-on: x\n    steps:\n"
        "      - run: ./scripts/bootstrap\n      - run: ./scripts/test\n"
    )
    root = _repo(tmp_path, {".github/workflows/ci.yml": ci})
    out = _init(root, capsys=capsys)
    [note] = [line for line in out.splitlines() if "scripts/test" in line]
    assert note.startswith("note: .github/workflows/ci.yml runs the tests with scripts/test, ")
    assert "start it before 'nox -s tests'" in note


@pytest.mark.parametrize(
    ("files", "paths"),
    [
        ({}, '["noxfile.py", "tasks.py"]'),
        ({"ruff.toml": "line-length = 100\n"}, '["."]'),
        ({".pre-commit-config.yaml": "repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n"},
         '["."]'),
    ],
    ids=["no-ruff", "ruff-toml", "ruff-pre-commit"],
)  # fmt: skip
def test_ruff_lints_the_code_of_projects_that_use_it(
    tmp_path: Path, files: dict[str, str], paths: str, capsys: pytest.CaptureFixture[str]
):
    """Without ruff settings, ruff checks the written files only, and a note says how to widen."""
    root = _repo(tmp_path, files)
    out = _init(root, capsys=capsys)
    assert f"LINT_PATHS = {paths}\n" in (root / "noxfile.py").read_text("utf-8")
    assert ("the lint session runs ruff on noxfile.py and tasks.py only" in out) is (
        paths != '["."]'
    )


def test_another_tools_lock_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """Rich's poetry.lock pins pygments 2.19.2; uv lock takes the newest: a note says so."""
    root = _repo(tmp_path, {"poetry.lock": "# a lock uv does not read\n"})
    out = _init(root, capsys=capsys)
    assert "note: poetry.lock pins the versions your tests pass with today" in out
