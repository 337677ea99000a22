"""DefaultUpdater: the simple strategy's version file."""

from __future__ import annotations

import pytest

from releasegate.engine.updaters.default import DefaultUpdater
from releasegate.engine.version import Version


@pytest.mark.parametrize("content", [None, "", "0.9.0\n", "anything\nelse"])
def test_update_content(content: str | None) -> None:
    """The whole file becomes the version and a newline."""
    assert DefaultUpdater(Version(1, 2, 3, "rc.1")).update_content(content) == "1.2.3-rc.1\n"
