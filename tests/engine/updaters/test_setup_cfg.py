"""SetupCfg: input file text → release-please 17.11.2's output (captured from its own updater)."""

from __future__ import annotations

import pytest

from releasegate.engine.updaters.setup_cfg import SetupCfg
from releasegate.engine.version import Version

CASES = [
    pytest.param(
        SetupCfg(version=Version.parse("1.2.3")),
        "[metadata]\nname = x\nversion = 1.0.0\n",
        "[metadata]\nname = x\nversion = 1.2.3\n",
        id="[metadata]",
    ),
    pytest.param(
        SetupCfg(version=Version.parse("1.2.3")),
        "[bumpversion]\ncurrent_version = 0.9.0\n[metadata]\nversion = 1.0.0\n",
        "[bumpversion]\ncurrent_version = 1.2.3\n[metadata]\nversion = 1.0.0\n",
        id="[bumpversion]",
    ),
    pytest.param(
        SetupCfg(version=Version.parse("1.2.3")),
        "version=1.0.0\n",
        "version=1.2.3\n",
        id="version-1.0.0",
    ),
    pytest.param(
        SetupCfg(version=Version.parse("1.2.3")),
        "version = 1.0.0-rc1\n",
        "version = 1.2.3\n",
        id="version-1.0.0-rc1",
    ),
    pytest.param(
        SetupCfg(version=Version.parse("1.2.3")),
        "version = 1.0\n",
        "version = 1.0\n",
        id="version-1.0",
    ),
    pytest.param(
        SetupCfg(version=Version.parse("1.2.3")),
        'version = "1.0.0"\n',
        'version = "1.0.0"\n',
        id="version-1.0.0-2",
    ),
]


@pytest.mark.parametrize(("updater", "content", "expected"), CASES)
def test_update_content(updater: SetupCfg, content: str | None, expected: str) -> None:
    """SetupCfg writes exactly what release-please writes."""
    assert updater.update_content(content) == expected
