"""UvLock: the released package's own uv.lock entry, and nothing else."""

from __future__ import annotations

import pytest

from releasegate.engine.updaters.uv_lock import UvLock, normalize_name
from releasegate.engine.version import Version

LOCK = """\
version = 1
revision = 2

[[package]]
name = "my-app"
version = "1.0.0"
source = { editable = "." }
dependencies = [
    { name = "my-lib" },
]

[package.metadata]
requires-dist = [{ name = "my-lib", editable = "packages/lib" }]

[[package]]
name = "my-lib"
version = "0.3.0a1"
source = { editable = "packages/lib" }

[[package]]
name = "requests"
version = "2.0.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "tool"
source = { editable = "packages/tool" }

[[package]]
name = "virt"
version = "5.0.0"
source = { virtual = "packages/virt" }
"""


@pytest.mark.parametrize(
    ("package", "version", "old", "new"),
    [
        (
            "My_App",
            Version(1, 1, 0),
            'name = "my-app"\nversion = "1.0.0"',
            'name = "my-app"\nversion = "1.1.0"',
        ),
        (
            "my.lib",
            Version(0, 3, 0, "a.2", scheme="pep440"),
            'version = "0.3.0a1"',
            'version = "0.3.0a2"',
        ),
        ("my-lib", Version(0, 3, 0, "rc.1"), 'version = "0.3.0a1"', 'version = "0.3.0rc1"'),
        ("virt", Version(5, 1, 0), 'version = "5.0.0"', 'version = "5.1.0"'),
    ],
    ids=["pep503-name", "pep440", "semver-written-normalised", "virtual-member"],
)
def test_bumps_the_package_entry(package: str, version: Version, old: str, new: str):
    """Only the named local package's version line changes."""
    assert UvLock(version, package=package).update_content(LOCK) == LOCK.replace(old, new, 1)


@pytest.mark.parametrize(
    "package",
    ["requests", "tool", "absent"],
    ids=["registry-package", "dynamic-version", "no-entry"],
)
def test_leaves_other_entries(package: str):
    """A registry package, a dynamic version or a missing entry leaves the lock unchanged."""
    assert UvLock(Version(9, 0, 0), package=package).update_content(LOCK) == LOCK


def test_keeps_crlf_and_missing_file():
    """CRLF line ends survive; a missing file stays empty."""
    crlf = LOCK.replace("\n", "\r\n")
    assert UvLock(Version(1, 1, 0), package="my-app").update_content(crlf) == crlf.replace(
        'version = "1.0.0"', 'version = "1.1.0"', 1
    )
    assert UvLock(Version(1, 1, 0), package="my-app").update_content(None) == ""


@pytest.mark.parametrize(("name", "normal"), [("A_b.C", "a-b-c"), ("x--y", "x-y"), ("ok", "ok")])
def test_normalize_name(name: str, normal: str):
    """Names compare after PEP 503 normalisation."""
    assert normalize_name(name) == normal
