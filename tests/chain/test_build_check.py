"""``chain.build`` and ``chain.check`` (and ``invoke build check``) on real tiny projects."""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from tests import builders
from tests.builders import BROKEN_README_RST, EPOCH, README_RST, Canary, TinyProject, git

from releasegate import chain
from releasegate.chain.build import source_date_epoch
from releasegate.errors import BuildError, CheckError

REPO = Path(__file__).resolve().parents[2]
BROKEN_README = ("README.rst", BROKEN_README_RST)
# a project whose version comes from its git tag, as hatch-vcs users write it
VCS_PYPROJECT = """\
[build-system]
requires = ["hatchling", "hatch-vcs"]
build-backend = "hatchling.build"

[project]
name = "vcs-tiny"
dynamic = ["version"]
description = "tiny"
requires-python = ">=3.10"
readme = "README.md"
license = "MIT"

[tool.hatch.version]
source = "vcs"
"""


@pytest.fixture
def make_project(tiny_project: TinyProject) -> TinyProject:
    """Write the tiny project ``tiny`` 0.1.0 with a README.rst, committed, under ``tmp_path``."""
    return functools.partial(
        tiny_project, name="tiny", version="0.1.0", manifest=None, readme=("README.rst", README_RST)
    )


@pytest.fixture(autouse=True)
def _no_outer_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    """Take build timestamps from the commit unless a test sets SOURCE_DATE_EPOCH."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def _invoke(
    project: Path, *tasks: str, pythonpath: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run this repository's tasks.py in ``project``, as ``invoke build check`` does."""
    env = {**os.environ, "PYTHONPATH": str(pythonpath)} if pythonpath else None
    return subprocess.run(
        [sys.executable, "-m", "invoke", "--search-root", str(REPO), *tasks],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _dists(project: Path) -> list[str]:
    """Return the names of the sdists and wheels in ``project``'s dist/, sorted."""
    return sorted(p.name for p in (project / "dist").glob("*") if p.suffix in {".gz", ".whl"})


# build


def test_build_gives_sdist_and_wheel(make_project: TinyProject) -> None:
    """A committed project builds into exactly one sdist and one wheel in dist/."""
    project = make_project()
    result = chain.build(project, log=False)
    assert result.dist_dir == project / "dist"
    assert _dists(project) == ["tiny-0.1.0-py3-none-any.whl", "tiny-0.1.0.tar.gz"]
    assert sorted(p.name for p in result.files) == _dists(project)
    assert result.source_date_epoch == EPOCH


def test_build_is_reproducible(make_project: TinyProject) -> None:
    """Building the same commit twice gives byte-identical files."""
    project = make_project()
    first = {p.name: p.read_bytes() for p in chain.build(project, log=False).files}
    second = {p.name: p.read_bytes() for p in chain.build(project, log=False).files}
    assert first == second


def test_build_replaces_dist(make_project: TinyProject) -> None:
    """Stale files in dist/ are gone after a build."""
    project = make_project()
    stale = project / "dist" / "tiny-0.0.1.tar.gz"
    stale.parent.mkdir()
    stale.write_bytes(b"old")
    chain.build(project, log=False)
    assert not stale.exists()


def test_build_logs_what_it_built(
    make_project: TinyProject, capsys: pytest.CaptureFixture[str]
) -> None:
    """With logging on, each built file is named on stderr, relative to the project."""
    project = make_project()
    chain.build(project)
    assert capsys.readouterr().err.splitlines() == [
        "built dist/tiny-0.1.0-py3-none-any.whl",
        "built dist/tiny-0.1.0.tar.gz",
    ]


def test_build_failure_keeps_previous_dist(make_project: TinyProject) -> None:
    """A backend failure raises one line from uv build and leaves the old dist/ alone."""
    project = make_project(extra='dynamic = ["version"]\n')
    old = project / "dist" / "tiny-0.0.1.tar.gz"
    old.parent.mkdir()
    old.write_bytes(b"old")
    with pytest.raises(BuildError) as info:
        chain.build(project, log=False)
    assert str(info.value).startswith("uv build failed (exit ")
    assert "\n" not in str(info.value)
    assert old.read_bytes() == b"old"


LEAKY_BACKEND = """\
import os
import sys


def build_sdist(sdist_directory, config_settings=None):
    sys.stderr.write(f"fetching https://ci:{os.environ['LEAKY_TOKEN']}@example.org/simple/\\n")
    sys.stderr.write(f"build failed with token {os.environ['LEAKY_TOKEN']}\\n")
    raise SystemExit(1)


build_wheel = build_sdist
"""


def test_build_failure_output_never_shows_a_secret(
    make_project: TinyProject,
    canary_secret: Canary,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A failed build's output and its error pass through redact, as every printed line does."""
    pyproject = (
        '[build-system]\nrequires = []\nbuild-backend = "leaky"\nbackend-path = ["."]\n\n'
        '[project]\nname = "tiny"\nversion = "0.1.0"\n'
    )
    files = {"pyproject.toml": pyproject, "leaky.py": LEAKY_BACKEND}
    project = make_project(files=files)
    monkeypatch.setenv("LEAKY_TOKEN", canary_secret.value)
    with pytest.raises(BuildError) as info:
        chain.build(project)
    err = capsys.readouterr().err
    assert "build failed with token ***" in err  # the backend's output is shown, masked
    assert "https://***@example.org/simple/" in err
    canary_secret.assert_absent(err, str(info.value))


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        # no pyproject.toml: nothing to build
        ("empty", "{root}: no pyproject.toml here; run from the project root or pass -C"),
        # a project that was never committed: there is no commit to build, whatever the epoch
        (
            "uncommitted",
            (
                "{root}: not a git checkout with a commit; releasegate builds only committed files: "
                "commit the project first"
            ),
        ),
        # a repository whose HEAD does not hold the project yet
        (
            "not-added",
            (
                "pyproject.toml: not committed; commit it (releasegate builds the commit "
                "at HEAD), then build"
            ),
        ),
    ],
)
def test_build_refuses_in_one_line(
    tmp_path: Path,
    make_project: TinyProject,
    monkeypatch: pytest.MonkeyPatch,
    setup: str,
    message: str,
) -> None:
    """Projects build cannot handle give a one-line BuildError saying what to do."""
    if setup == "uncommitted":
        make_project(commit=False)
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    elif setup == "not-added":
        make_project()
        git(tmp_path, "rm", "-q", "--cached", "pyproject.toml")
        git(tmp_path, "commit", "-q", "-m", "chore: forget it")
    with pytest.raises(BuildError) as info:
        chain.build(tmp_path, log=False)
    assert str(info.value) == message.format(root=tmp_path.resolve())


# build: the commit, never the work tree (issue 15)


def _wheel_text(wheel: Path) -> dict[str, str]:
    """Return member name → text of every file in a wheel."""
    with zipfile.ZipFile(wheel) as zf:
        return {n: zf.read(n).decode("utf-8", "replace") for n in zf.namelist()}


def test_build_leaves_uncommitted_changes_out(
    make_project: TinyProject, capsys: pytest.CaptureFixture[str]
) -> None:
    """An edit, an untracked module and a staged file stay out of dist/; one warning names them."""
    project = make_project()
    committed = {p.name: p.read_bytes() for p in chain.build(project, log=False).files}
    (project / "src/tiny/__init__.py").write_text('"""tiny."""\nEDITED = True\n', encoding="utf-8")
    (project / "src/tiny/extra.py").write_text("NEW = 1\n", encoding="utf-8")
    (project / "notes.txt").write_text("staged\n", encoding="utf-8")
    git(project, "add", "notes.txt")
    result = chain.build(project)
    assert {p.name: p.read_bytes() for p in result.files} == committed
    wheel = next(p for p in result.files if p.suffix == ".whl")
    assert not any("EDITED" in text for text in _wheel_text(wheel).values())
    assert result.left_out == ("notes.txt", "src/tiny/__init__.py", "src/tiny/extra.py")
    assert result.commit == git(project, "rev-parse", "HEAD").strip()
    assert capsys.readouterr().err.splitlines()[0] == (
        "warning: not in this build (uncommitted): notes.txt, src/tiny/__init__.py, "
        "src/tiny/extra.py; commit them to release them"
    )


def test_build_of_a_clean_tree_warns_nothing(
    make_project: TinyProject, capsys: pytest.CaptureFixture[str]
) -> None:
    """A clean work tree (dist/ of an earlier build aside) builds without a warning."""
    project = make_project()
    chain.build(project, log=False)
    result = chain.build(project)
    assert result.left_out == ()
    assert "warning" not in capsys.readouterr().err


def test_build_takes_the_version_from_the_tag_with_hatch_vcs(
    tiny_project: TinyProject, capsys: pytest.CaptureFixture[str]
) -> None:
    """A hatch-vcs project builds the tag's version from the export, not a '+dirty' one."""
    project = tiny_project(
        name="vcs-tiny",
        manifest="2.3.4",
        tag="v2.3.4",
        files={"pyproject.toml": VCS_PYPROJECT},
    )
    (project / "src/vcs_tiny/__init__.py").write_text("EDITED = 1\n", encoding="utf-8")
    result = chain.build(project)
    assert sorted(p.name for p in result.files) == [
        "vcs_tiny-2.3.4-py3-none-any.whl",
        "vcs_tiny-2.3.4.tar.gz",
    ]
    assert chain.check(project, log=False)
    wheel = next(p for p in result.files if p.suffix == ".whl")
    assert not any("EDITED" in text for text in _wheel_text(wheel).values())
    assert "src/vcs_tiny/__init__.py" in capsys.readouterr().err


def test_build_of_a_package_in_a_monorepo(
    tiny_project: TinyProject, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A package in a subfolder builds from the export of the whole repository's commit."""
    tiny_project("repo/packages/tiny", name="tiny", manifest=None, commit=False)
    repo = tmp_path / "repo"
    (repo / ".release-please-manifest.json").write_text('{"packages/tiny": "1.0.0"}\n')
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "feat: tiny")
    (repo / "README.md").write_text("edited at the top\n", encoding="utf-8")
    result = chain.build(repo / "packages/tiny")
    assert sorted(p.name for p in result.files) == [
        "tiny-1.0.0-py3-none-any.whl",
        "tiny-1.0.0.tar.gz",
    ]
    assert result.left_out == ("README.md",)
    assert chain.check(repo / "packages/tiny", log=False)


def _one_file_repo(root: Path, name: str, text: str) -> Path:
    """A repository on ``main`` with one commit of one file: a submodule's origin."""
    root.mkdir()
    (root / name).write_text(text, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", f"feat: {name}")
    return root


def test_build_checks_out_submodules_from_the_local_clone(
    make_project: TinyProject, tmp_path: Path
) -> None:
    """A submodule's committed files are in the build, taken from its checkout, not a remote."""
    library = _one_file_repo(tmp_path / "library", "data.txt", "vendored\n")
    project = make_project("project")
    git(
        project,
        "-c",
        "protocol.file.allow=always",
        "submodule",
        "add",
        "-q",
        str(library),
        "src/tiny/vendor",
    )
    git(project, "commit", "-q", "-m", "build: vendor the library")
    (project / "src/tiny/vendor/data.txt").write_text("edited\n", encoding="utf-8")
    shutil.rmtree(library)  # the submodule's origin is gone: only the local checkout has it
    wheel = next(p for p in chain.build(project, log=False).files if p.suffix == ".whl")
    assert _wheel_text(wheel)["tiny/vendor/data.txt"] == "vendored\n"


def test_build_leaves_a_submodule_that_is_not_checked_out_empty(
    make_project: TinyProject, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A submodule the user never checked out stays empty, as in CI's checkout; a note says so."""
    library = _one_file_repo(tmp_path / "spec", "spec.md", "the spec\n")
    project = make_project("project")
    git(project, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(library), "spec")
    git(project, "commit", "-q", "-m", "test: the spec's test cases")
    git(project, "submodule", "deinit", "-q", "--force", "spec")
    built = chain.build(project)
    assert len(built.files) == 2
    assert "note: submodule(s) not checked out here, built without them: spec" in (
        capsys.readouterr().err.splitlines()
    )


# source_date_epoch


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        # unset: the commit time of HEAD
        (None, EPOCH),
        # set: wins over the commit
        ("1700000000", 1700000000),
    ],
)
def test_source_date_epoch(
    make_project: TinyProject, monkeypatch: pytest.MonkeyPatch, env: str | None, expected: int
) -> None:
    """SOURCE_DATE_EPOCH comes from the environment if set, else from HEAD's commit time."""
    if env is not None:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", env)
    assert source_date_epoch(make_project()) == expected


def test_source_date_epoch_must_be_seconds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A SOURCE_DATE_EPOCH that is not a number is a one-line BuildError."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(BuildError, match=r"^SOURCE_DATE_EPOCH: expected whole seconds"):
        source_date_epoch(tmp_path)


# check


def test_check_passes_a_good_build(
    make_project: TinyProject, capsys: pytest.CaptureFixture[str]
) -> None:
    """A clean build passes twine and check-wheel-contents; sizes and digests are reported."""
    project = make_project()
    built = chain.build(project, log=False)
    checked = chain.check(project)
    assert [c.path for c in checked] == sorted(built.files)
    for entry in checked:
        assert entry.size == entry.path.stat().st_size
        assert entry.sha256 == hashlib.sha256(entry.path.read_bytes()).hexdigest()
    table = capsys.readouterr().err
    assert all(entry.sha256 in table for entry in checked)


def test_check_fails_on_broken_readme(
    make_project: TinyProject, capsys: pytest.CaptureFixture[str]
) -> None:
    """A README PyPI cannot render fails the check in one line naming file, line and fix."""
    project = make_project(readme=BROKEN_README)
    chain.build(project, log=False)
    with pytest.raises(CheckError) as info:
        chain.check(project)
    assert str(info.value) == (
        "dist/tiny-0.1.0-py3-none-any.whl: `long_description` has syntax errors in markup and "
        "would not be rendered on PyPI (line 4: Warning: Inline literal start-string without "
        "end-string) (and 1 more); fix the README (or its content type in pyproject.toml), then "
        "rebuild"
    )
    err = capsys.readouterr().err.splitlines()
    assert [line.split(":")[0] for line in err] == [
        "dist/tiny-0.1.0-py3-none-any.whl",
        "dist/tiny-0.1.0.tar.gz",
    ]


def test_check_fails_on_bad_wheel_contents(
    make_project: TinyProject, capsys: pytest.CaptureFixture[str]
) -> None:
    """A wheel with a 'tests' package at the top level fails check-wheel-contents (W005)."""
    extra = '\n[tool.hatch.build.targets.wheel]\npackages = ["src/tiny", "tests"]\n'
    project = make_project(extra=extra, files={"tests/__init__.py": ""})
    chain.build(project, log=False)
    with pytest.raises(CheckError) as info:
        chain.check(project)
    assert str(info.value).startswith(
        "dist/tiny-0.1.0-py3-none-any.whl: W005: Wheel contains common toplevel name in library: "
        "tests/ (and 1 more); fix what goes into the wheel, or waive the check"
    )
    assert "W009: Wheel contains multiple toplevel library entries" in capsys.readouterr().err


def test_check_reads_check_wheel_contents_config(make_project: TinyProject) -> None:
    """Checks waived in [tool.check-wheel-contents] of the project's pyproject.toml stay waived."""
    extra = (
        '\n[tool.hatch.build.targets.wheel]\npackages = ["src/tiny", "tests"]\n'
        '\n[tool.check-wheel-contents]\nignore = ["W005", "W009"]\n'
    )
    project = make_project(extra=extra, files={"tests/__init__.py": ""})
    chain.build(project, log=False)
    assert len(chain.check(project, log=False)) == 2


# check: an sdist without tests/ (issue 15)

NO_TESTS_IN_SDIST = '\n[tool.hatch.build.targets.sdist]\nexclude = ["tests"]\n'
LACKS_TESTS = "tiny-0.1.0.tar.gz: sdist lacks tests/"


def test_sdist_without_tests_is_a_warning(
    make_project: TinyProject, capsys: pytest.CaptureFixture[str]
) -> None:
    """PyPI and twine take an sdist without tests/: check passes and warns in one line."""
    project = make_project(extra=NO_TESTS_IN_SDIST)
    chain.build(project, log=False)
    assert len(chain.check(project)) == 2
    warnings = [ln for ln in capsys.readouterr().err.splitlines() if ln.startswith("warning:")]
    assert warnings == [
        (
            f"warning: {LACKS_TESTS}; downstream packagers run tests from the sdist: include them in "
            "the build backend's sdist configuration (--require-sdist-tests makes this a stop)"
        )
    ]


@pytest.mark.parametrize(
    ("extra", "flag"),
    [
        # the option of check (and release)
        ("", True),
        # the project's own setting
        ("\n[tool.releasegate]\nrequire-sdist-tests = true\n", None),
    ],
    ids=["flag", "pyproject"],
)
def test_sdist_without_tests_can_be_a_stop(
    make_project: TinyProject, extra: str, flag: bool | None
) -> None:
    """With require-sdist-tests, an sdist without tests/ stops check in one line."""
    project = make_project(extra=NO_TESTS_IN_SDIST + extra)
    chain.build(project, log=False)
    with pytest.raises(CheckError) as info:
        chain.check(project, log=False, require_sdist_tests=flag)
    assert str(info.value) == (
        f"{LACKS_TESTS}; include them in the build backend's sdist configuration, or set "
        "require-sdist-tests = false in [tool.releasegate]"
    )


def test_check_compares_with_the_committed_tree(make_project: TinyProject) -> None:
    """Files and a manifest only in the work tree are not what was built: check ignores them."""
    project = make_project(manifest="0.1.0")
    chain.build(project, log=False)
    (project / "COPYING").write_text("untracked\n", encoding="utf-8")
    (project / ".release-please-manifest.json").write_text('{".": "9.9.9"}\n', encoding="utf-8")
    assert len(chain.check(project, log=False)) == 2


def test_invoke_check_require_sdist_tests(make_project: TinyProject) -> None:
    """``invoke check --require-sdist-tests`` turns the warning into exit 1 with its line."""
    project = make_project(extra=NO_TESTS_IN_SDIST)
    assert _invoke(project, "build", "check").returncode == 0
    proc = _invoke(project, "check", "--require-sdist-tests")
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[-1].startswith(f"releasegate: error: {LACKS_TESTS}; ")


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        # never built
        ("missing", "{dist}: no such directory; run 'invoke build' first"),
        # dist/ holds no distributions
        ("empty", "{dist}: no sdist or wheel to check; run 'invoke build' first"),
    ],
)
def test_check_without_distributions(tmp_path: Path, setup: str, message: str) -> None:
    """Checking refuses, in one line, when there is nothing to check."""
    dist = tmp_path / "dist"
    if setup == "empty":
        dist.mkdir()
        (dist / "notes.txt").write_text("not a distribution\n", encoding="utf-8")
    with pytest.raises(CheckError) as info:
        chain.check(tmp_path, log=False)
    assert str(info.value) == message.format(dist=dist)


# invoke build check: what `nox -s build` runs


def test_invoke_build_check(make_project: TinyProject) -> None:
    """``invoke build check`` leaves a verified sdist and wheel in dist/ and exits 0."""
    project = make_project()
    proc = _invoke(project, "build", "check")
    assert proc.returncode == 0, proc.stderr
    assert _dists(project) == ["tiny-0.1.0-py3-none-any.whl", "tiny-0.1.0.tar.gz"]
    assert "sha256" in proc.stderr


def test_invoke_check_fails_with_the_readme_finding(make_project: TinyProject) -> None:
    """``invoke build check`` on a broken README exits 1 with the finding as its last line."""
    project = make_project(readme=BROKEN_README)
    proc = _invoke(project, "build", "check")
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[-1].startswith(
        "releasegate: error: dist/tiny-0.1.0-py3-none-any.whl: `long_description` has syntax "
        "errors in markup"
    )
    assert "Traceback" not in proc.stderr


def test_invoke_build_without_pyproject(tmp_path: Path) -> None:
    """``invoke build`` outside a project exits 1 with exactly one error line."""
    proc = _invoke(tmp_path, "build")
    assert proc.returncode == 1
    message = f"{tmp_path.resolve()}: no pyproject.toml here; run from the project root or pass -C"
    assert proc.stderr.splitlines() == [f"releasegate: error: {message}"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny project with its dist/ built once, for tests that only run steps reading it."""
    project = builders.make_project(
        tmp_path_factory.mktemp("built"), name="tiny", version="0.1.0", manifest=None
    )
    chain.build(project, log=False)
    return project


@pytest.mark.parametrize(
    ("module", "tool", "step"),
    [
        ("twine", "twine", "check"),
        ("check_wheel_contents", "check-wheel-contents", "check"),
        ("sigstore", "sigstore", "sign"),
    ],
)
def test_missing_tool_is_one_line(
    tmp_path: Path, built: Path, module: str, tool: str, step: str
) -> None:
    """A chain tool that cannot be imported is one line saying how to reinstall releasegate."""
    before = {p.name: p.read_bytes() for p in (built / "dist").iterdir()}
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    (shadow / f"{module}.py").write_text(
        f"raise ModuleNotFoundError({f'No module named {module}'!r}, name={module!r})\n",
        encoding="utf-8",
    )
    proc = _invoke(built, step, pythonpath=shadow)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        (
            f"releasegate: error: {tool}: not installed (no module named {module}); reinstall "
            "releasegate: pip install --force-reinstall releasegate"
        )
    ]
    assert {p.name: p.read_bytes() for p in (built / "dist").iterdir()} == before
