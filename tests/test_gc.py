"""releasegate._gc: the collector pauses inside the block and comes back as it was."""

from __future__ import annotations

import gc

import pytest

from releasegate._gc import paused


@pytest.mark.parametrize("enabled", [True, False], ids=["was-on", "was-off"])
def test_paused_restores_the_collector(enabled: bool) -> None:
    """Inside the block the collector is off; after it, even after an error, as before."""
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        with paused():
            assert not gc.isenabled()
            with paused():
                assert not gc.isenabled()
            assert not gc.isenabled()  # only the outermost block turns it back on
        assert gc.isenabled() is enabled
        with pytest.raises(ValueError, match="boom"), paused():
            raise ValueError("boom")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
