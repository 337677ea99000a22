"""``uv.lock`` version updates: the released packages' own entries (no release-please twin).

uv records each workspace member (and the project itself) in ``uv.lock`` with its version, and
``uv lock --check`` (every ``uv sync --locked`` in CI) fails once ``pyproject.toml`` says
otherwise. Only the entries of local packages (``source = { editable | virtual | directory }``)
named like the released package are changed, line by line, so the rest of the file stays byte
for byte what uv wrote. A member with a dynamic version has no version in ``uv.lock``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from packaging.version import InvalidVersion
from packaging.version import Version as Pep440Version

from releasegate.engine.updaters.default import DefaultUpdater

__all__ = ["UvLock", "local_versions", "normalize_name"]

_HEADER = re.compile(r"\[")
_NAME = re.compile(r'name = "(?P<name>[^"]*)"\r?\n?\Z')
_VERSION = re.compile(r'(?P<key>version = ")(?P<version>[^"]*)(?P<rest>"\r?\n?)\Z')
_LOCAL_SOURCE = re.compile(r"source = \{ (editable|virtual|directory) = ")


def normalize_name(name: str) -> str:
    """PEP 503 name normalisation, as uv writes names.

    >>> normalize_name("My_App.core")
    'my-app-core'
    """
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True, slots=True)
class UvLock(DefaultUpdater):
    r"""Set the version of package ``package``'s own entry in ``uv.lock``.

    The version is written as uv writes it: PEP 440-normalised (``1.0.0-rc.1`` → ``1.0.0rc1``).

    >>> from releasegate.engine.version import Version
    >>> lock = '[[package]]\nname = "my-app"\nversion = "1.0.0"\nsource = { editable = "." }\n'
    >>> UvLock(Version(1, 1, 0), package="My_App").update_content(lock).splitlines()[2]
    'version = "1.1.0"'
    """

    package: str = ""

    def update_content(self, content: str | None) -> str:
        """Return ``content`` with the package's entry at the new version (no entry: unchanged)."""
        if not content:
            return ""
        wanted = normalize_name(self.package)
        lines = content.splitlines(keepends=True)
        for name, block in _local_blocks(lines):
            if name != wanted:
                continue
            for i in block:
                match = _VERSION.match(lines[i])
                if match:
                    lines[i] = f"{match['key']}{_lock_version(str(self.version))}{match['rest']}"
                    break
        return "".join(lines)


def local_versions(content: str) -> dict[str, str | None]:
    r"""The local packages ``uv.lock`` records (workspace members, the project): name → version.

    Names are PEP 503 normalised; a package locked without a version (a dynamic one) maps to
    None. Registry packages are left out.

    >>> local_versions('[[package]]\nname = "My_App"\nversion = "1.0.0"\n'
    ...                'source = { editable = "." }\n')
    {'my-app': '1.0.0'}
    """
    lines = content.splitlines(keepends=True)
    found: dict[str, str | None] = {}
    for name, block in _local_blocks(lines):
        versions = [m["version"] for i in block if (m := _VERSION.match(lines[i]))]
        found[name] = versions[0] if versions else None
    return found


def _local_blocks(lines: list[str]) -> list[tuple[str, list[int]]]:
    """(normalised name, line indices) of each ``[[package]]`` block with a local source."""
    blocks: list[tuple[str, list[int]]] = []
    block: list[int] = []  # indices of the current [[package]] header's own lines
    for index in [*range(len(lines)), len(lines)]:
        line = lines[index] if index < len(lines) else "["
        if not _HEADER.match(line):
            if block:
                block.append(index)
            continue
        names = [m["name"] for i in block if (m := _NAME.match(lines[i]))]
        # a registry package may share the name: only local sources count
        if names and any(_LOCAL_SOURCE.match(lines[i]) for i in block):
            blocks.append((normalize_name(names[0]), block))
        block = [index] if line.startswith("[[package]]") else []
    return blocks


def _lock_version(version: str) -> str:
    try:
        return str(Pep440Version(version))
    except InvalidVersion:
        return version
