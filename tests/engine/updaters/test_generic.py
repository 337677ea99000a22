"""Generic: input file text → release-please 17.11.2's output (captured from its own updater)."""

from __future__ import annotations

import datetime as dt

import pytest

from releasegate.engine.updaters.generic import Generic
from releasegate.engine.version import Version

DAY = dt.date(2025, 1, 15)

CASES = [
    pytest.param(
        Generic(version=Version.parse("1.2.3"), date=DAY),
        "version: 1.0.0 # x-release-please-version\n",
        "version: 1.2.3 # x-release-please-version\n",
        id="version-1.0.0-x-release-please-version",
    ),
    pytest.param(
        Generic(version=Version.parse("1.2.3"), date=DAY),
        "a 1.0.0 b 2.0.0 // x-release-please-version",
        "a 1.2.3 b 2.0.0 // x-release-please-version",
        id="a-1.0.0-b-2.0.0-x-release-please-version",
    ),
    pytest.param(
        Generic(version=Version.parse("1.2.3"), date=DAY),
        "major 1 minor 2 # x-release-please-major",
        "major 1 minor 2 # x-release-please-major",
        id="major-1-minor-2-x-release-please-major",
    ),
    pytest.param(
        Generic(version=Version.parse("1.2.3"), date=DAY),
        "v10 x-release-please-minor 5",
        "v10 x-release-please-minor 2",
        id="v10-x-release-please-minor-5",
    ),
    pytest.param(
        Generic(version=Version.parse("1.2.3"), date=DAY),
        "x 7 8 x-release-please-patch",
        "x 3 8 x-release-please-patch",
        id="x-7-8-x-release-please-patch",
    ),
    pytest.param(
        Generic(version=Version.parse("1.2.3"), date=DAY),
        'x\n# x-release-please-start-version\nv = "1.0.0"\nw = "2.0.0-beta.1+b.2"\n# x-release-please-end\nz = "3.0.0"\n',
        'x\n# x-release-please-start-version\nv = "1.2.3"\nw = "1.2.3"\n# x-release-please-end\nz = "3.0.0"\n',
        id="x",
    ),
    pytest.param(
        Generic(version=Version.parse("1.2.3"), date=DAY),
        "# x-release-please-start-major\n1\n2\n# x-release-please-end\n3\n",
        "# x-release-please-start-major\n1\n1\n# x-release-please-end\n3\n",
        id="x-release-please-start-major",
    ),
    pytest.param(
        Generic(version=Version.parse("1.2.3"), date=DAY),
        'a\r\nb = "1.0.0" # x-release-please-version\r\n',
        'a\nb = "1.2.3" # x-release-please-version\n',
        id="a",
    ),
    pytest.param(
        Generic(version=Version.parse("1.2.3"), date=DAY),
        "date 2020-01-01 x-release-please-date\n",
        "date 2025-01-15 x-release-please-date\n",
        id="date-2020-01-01-x-release-please-date",
    ),
    pytest.param(
        Generic(version=Version.parse("1.2.3"), date=DAY),
        "2020-01-01 v1.0.0 x-release-please-version-date\n",
        "2025-01-15 v1.2.3 x-release-please-version-date\n",
        id="2020-01-01-v1.0.0-x-release-please-versi",
    ),
    pytest.param(
        Generic(version=Version.parse("1.2.3"), date=DAY),
        "# x-release-please-start-date\n2020-12-31\n# x-release-please-end\n",
        "# x-release-please-start-date\n2025-01-15\n# x-release-please-end\n",
        id="x-release-please-start-date",
    ),
    pytest.param(
        Generic(version=Version.parse("1.2.3"), date=DAY),
        "# x-release-please-start-version\nno end 1.0.0\n",
        "# x-release-please-start-version\nno end 1.2.3\n",
        id="x-release-please-start-version",
    ),
    pytest.param(
        Generic(version=Version.parse("1.2.3"), date=DAY),
        "v1.0.0-rc.1+abc.d-e x-release-please-version",
        "v1.2.3 x-release-please-version",
        id="v1.0.0-rc.1-abc.d-e-x-release-please-ver",
    ),
    pytest.param(
        Generic(version=Version.parse("1.2.3"), date=DAY),
        "x-release-please-start-version 1.0.0\n1.0.0\nx-release-please-end 1.0.0\n1.0.0",
        "x-release-please-start-version 1.0.0\n1.2.3\nx-release-please-end 1.2.3\n1.0.0",
        id="x-release-please-start-version-1.0.0",
    ),
    pytest.param(Generic(version=Version.parse("1.2.3"), date=DAY), "", "", id="blank"),
    pytest.param(Generic(version=Version.parse("1.2.3"), date=DAY), " ", " ", id="blank-2"),
    pytest.param(
        Generic(version=Version.parse("1.2.3"), date=dt.date(2025, 3, 4), date_format="%d/%m/%Y"),
        "released 15/01/2020 x-release-please-date\n",
        "released 04/03/2025 x-release-please-date\n",
        id="released-15-01-2020-x-release-please-dat",
    ),
    pytest.param(
        Generic(version=Version.parse("1.2.3"), date=dt.date(2025, 3, 4), date_format="%Y.%m"),
        "released 2020.01 x-release-please-date\n",
        "released 2020.01 x-release-please-date\n",
        id="released-2020.01-x-release-please-date-Y",
    ),
    pytest.param(
        Generic(version=Version.parse("2.0.0-beta.1"), date=DAY),
        "1.0.0 x-release-please-version\n",
        "2.0.0-beta.1 x-release-please-version\n",
        id="1.0.0-x-release-please-version-to-2.0.0-",
    ),
]


@pytest.mark.parametrize(("updater", "content", "expected"), CASES)
def test_update_content(updater: Generic, content: str | None, expected: str) -> None:
    """Generic writes exactly what release-please writes."""
    assert updater.update_content(content) == expected
