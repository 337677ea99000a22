"""CompositeUpdater: chaining updaters on one file, as release-please does for typeless extra files."""

from __future__ import annotations

from releasegate.engine.updaters.composite import CompositeUpdater
from releasegate.engine.updaters.generic import Generic
from releasegate.engine.updaters.generic_json import GenericJson
from releasegate.engine.version import Version

V = Version(2, 0, 0)


def test_json_then_generic() -> None:
    """A .json extra file gets GenericJson('$.version') and then the Generic markers."""
    updater = CompositeUpdater(GenericJson("$.version", V), Generic(version=V))
    content = '{\n  "version": "1.0.0",\n  "x": "1.0.0 x-release-please-version"\n}\n'
    # Generic joins lines with "\n" and so keeps the trailing newline as an empty last line
    expected = '{\n  "version": "2.0.0",\n  "x": "2.0.0 x-release-please-version"\n}\n'
    assert updater.update_content(content) == expected


def test_missing_file_gives_empty_text() -> None:
    """A chain whose updaters produce nothing returns the empty string."""
    assert CompositeUpdater(Generic(version=V)).update_content(None) == ""
