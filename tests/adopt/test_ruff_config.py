"""The files init writes pass the project's own ruff settings, checked with real ruff."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import tomlkit
from tests._monorepo import make_monorepo
from tests._shapes import make_shape

from releasegate.adopt.project import detect_project
from releasegate.adopt.ruff_config import apply_ruff_fit, find_ruff_config, fit_ruff_config
from releasegate.adopt.scaffold import plan_setup

RUFF = Path(sys.executable).parent / "ruff"


@pytest.fixture(scope="module", params=["two-packages", "workspace"])
def generated(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    """noxfile.py and tasks.py as init writes them: a two-package project, a uv workspace."""
    root = tmp_path_factory.mktemp("shape")
    if request.param == "workspace":  # a long member name: its PACKAGES entry is exploded
        make_monorepo(root, {"core": (), "a-provider-with-a-rather-long-name": ("core",)})
    else:
        make_shape(root, request.param)
    files = plan_setup(detect_project(root)).files
    return {f.path: f.content or "" for f in files if f.path in {"noxfile.py", "tasks.py"}}


def _ruff(root: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    if not RUFF.is_file():
        pytest.skip("ruff comes with the test dependency group")
    return subprocess.run(
        [str(RUFF), *argv, "--no-cache", "."],  # as the lint session runs it: a folder
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("config", "ignores", "format_exclude"),
    [
        # the generated files are clean under ALL, a copyright notice aside
        ('[tool.ruff.lint]\nselect = ["ALL"]\n', ["CPY001"], False),
        ('[tool.ruff.lint]\nselect = ["ALL"]\npreview = true\n', ["missing-copyright-notice"],
         False),
        ('[tool.ruff]\ntarget-version = "py37"\n[tool.ruff.lint]\nselect = ["ALL"]\n',
         ["CPY001"], False),
        # open-feature: PERF and T20 find nothing to say
        ('[tool.ruff.lint]\nselect = ["A", "B", "E", "F", "I", "PERF", "T20", "UP", "S"]\n',
         [], False),
        # groq and attrs: isort settings that re-order the imports
        ('[tool.ruff.lint]\nselect = ["I"]\n[tool.ruff.lint.isort]\nlength-sort = true\n',
         ["I001"], False),
        ('[tool.ruff]\nselect = ["ALL"]\n[tool.ruff.isort]\nlines-between-types = 1\n',
         ["CPY001", "I001"], False),
        # isort settings that leave the imports as they are
        (('[tool.ruff.lint]\nselect = ["I"]\n[tool.ruff.lint.isort]\n'
         'known-first-party = ["nox"]\ncombine-as-imports = true\nforce-wrap-aliases = true\n'
         'split-on-trailing-comma = false\ncase-sensitive = true\norder-by-type = false\n'
         'required-imports = ["from __future__ import annotations"]\n'),
         [], False),
        (('[tool.ruff.lint]\nselect = ["I"]\n[tool.ruff.lint.isort]\n'
         'required-imports = ["import os"]\n'), ["I002"], False),
        # quotes, widths and banned modules
        (('[tool.ruff.lint]\nselect = ["Q"]\n[tool.ruff.lint.flake8-quotes]\n'
         'inline-quotes = "single"\ndocstring-quotes = "single"\n'
         "[tool.ruff.format]\nquote-style = 'single'\n"),
         ["Q000", "Q002"], True),
        ('[tool.ruff]\nline-length = 60\n[tool.ruff.lint]\nselect = ["E"]\n', ["E501"], True),
        ('[tool.ruff.lint]\nselect = ["E"]\nignore = ["E501"]\n[tool.ruff]\nline-length = 60\n',
         [], True),
        (('[tool.ruff.lint]\nselect = ["TID"]\n[tool.ruff.lint.flake8-tidy-imports.banned-api]\n'
         '"json.dumps".msg = "use orjson"\n'), ["TID251"], False),
        ("[tool.ruff.format]\nindent-style = 'tab'\n", [], True),
        # more specific selectors win; existing per-file ignores count
        ('[tool.ruff.lint]\nselect = ["ALL"]\nignore = ["CPY"]\n', [], False),
        ('[tool.ruff.lint]\nselect = ["CPY001"]\nignore = ["CPY"]\n', ["CPY001"], False),
        (('[tool.ruff.lint]\nselect = ["ALL"]\n[tool.ruff.lint.per-file-ignores]\n'
         '"*.py" = ["CPY001"]\n'), [], False),
    ],
    ids=[
        "all", "all-preview", "all-py37", "perf-t20", "isort-length-sort", "legacy-isort",
        "isort-neutral", "isort-required", "quotes", "line-length", "line-length-ignored",
        "banned-api", "tabs", "ignore-wins", "specific-select-wins", "existing-ignores",
    ],
)  # fmt: skip
def test_generated_files_pass_the_projects_ruff(
    tmp_path: Path, generated: dict[str, str], config: str, ignores: list[str], format_exclude: bool
):
    """Only the rules the settings turn against the files are ignored, for them alone."""
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\nversion = "1"\n' + config, encoding="utf-8"
    )
    for path, text in generated.items():
        (tmp_path / path).write_text(text, encoding="utf-8")
    ruff = find_ruff_config(tmp_path)
    fit = fit_ruff_config(ruff, generated)
    assert fit.ignores == (dict.fromkeys(generated, ignores) if ignores else {})
    assert bool(fit.format_exclude) is format_exclude
    if fit:
        assert ruff is not None
        (tmp_path / "pyproject.toml").write_text(apply_ruff_fit(ruff, fit), encoding="utf-8")
    for argv in (["check"], ["format", "--check"]):
        result = _ruff(tmp_path, *argv)
        assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_toml_is_edited_in_place(tmp_path: Path, generated: dict[str, str]):
    """Settings in ruff.toml are edited there, keeping comments, merging existing ignores."""
    text = '# ours\n[lint]\nselect = ["ALL"]\n\n[lint.per-file-ignores]\n"tasks.py" = ["D100"]\n'
    (tmp_path / "ruff.toml").write_text(text, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text("[tool.ruff]\nline-length = 10\n", encoding="utf-8")
    ruff = find_ruff_config(tmp_path)
    assert ruff is not None
    assert ruff.path == "ruff.toml"
    edited = apply_ruff_fit(ruff, fit_ruff_config(ruff, generated))
    assert edited.startswith("# ours\n")
    ignores = tomlkit.parse(edited).unwrap()["lint"]["per-file-ignores"]
    assert ignores == {"tasks.py": ["D100", "CPY001"], "noxfile.py": ["CPY001"]}


def test_no_ruff_settings_needs_nothing(tmp_path: Path, generated: dict[str, str]):
    """Without ruff settings (ruff's defaults), nothing is added."""
    assert not fit_ruff_config(find_ruff_config(tmp_path), generated)
