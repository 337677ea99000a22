"""tests/fill_uv_cache.py: its build backends are every one the suite's projects build with."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import tomlkit
from tests.fill_uv_cache import BUILD_BACKENDS, BuildBackend, _pyproject

TESTS = Path(__file__).resolve().parent
# A [build-system] table in the tests' sources: one TOML text, a Python string of it (with
# "\n" and string concatenation between the lines), or JSON test data (quotes escaped).
BUILD_SYSTEM = re.compile(r'requires = \[([^\]]*)\][^=]{0,40}?build-backend = "([\w.:]+)"')


def _build_systems() -> set[tuple[tuple[str, ...], str]]:
    """Every (requires, build-backend) pair in the tests' sources and data."""
    found = set()
    for path in TESTS.rglob("*"):
        if path.suffix not in {".py", ".toml", ".json"} or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace").replace('\\"', '"')
        for match in BUILD_SYSTEM.finditer(text):
            requires = tuple(re.findall(r'"([^"]+)"', match.group(1)))
            found.add((requires, match.group(2)))
    return found


def test_every_build_backend_of_the_suite_is_filled() -> None:
    """A project a test builds with another backend would miss uv's cache on a fresh machine."""
    known = {(b.requires, b.backend) for b in BUILD_BACKENDS}
    # a backend the tests make up (in-tree, no requirement) needs nothing from PyPI
    used = {(requires, backend) for requires, backend in _build_systems() if requires}
    assert used, "no [build-system] found: the pattern no longer matches the tests"
    assert used <= known, f"add to tests/fill_uv_cache.py BUILD_BACKENDS: {used - known}"


@pytest.mark.parametrize("backend", BUILD_BACKENDS, ids=lambda b: "+".join(b.requires))
def test_the_fill_project_is_valid_toml(backend: BuildBackend) -> None:
    """Each tiny project's pyproject.toml states its backend and its requirements."""
    table = tomlkit.parse(_pyproject(backend)).unwrap()
    assert table["build-system"] == {
        "requires": list(backend.requires),
        "build-backend": backend.backend,
    }
