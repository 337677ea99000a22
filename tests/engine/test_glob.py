"""minimatch-style globs for extra-files."""

from __future__ import annotations

import pytest

from releasegate.engine._glob import glob_match


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        # single-segment wildcards
        ("*.py", "setup.py", True),
        ("*.py", "a/setup.py", False),
        ("?.txt", "a.txt", True),
        ("[ab].txt", "b.txt", True),
        ("[!ab].txt", "b.txt", False),
        # globstar
        ("**/version.py", "version.py", True),
        ("**/version.py", "a/b/version.py", True),
        ("src/**/*.py", "src/pkg/mod.py", True),
        ("src/**/*.py", "lib/pkg/mod.py", False),
        # braces
        ("charts/{a,b}/Chart.yaml", "charts/b/Chart.yaml", True),
        # dotfiles need an explicit dot
        ("*.json", ".hidden.json", False),
        (".*.json", ".hidden.json", True),
        ("**/x.json", ".github/x.json", False),
    ],
)
def test_glob_match(pattern: str, path: str, expected: bool):
    """Globs match like minimatch with default options."""
    assert glob_match(pattern, path) is expected
