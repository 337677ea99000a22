r"""``[tool.releasegate]`` in ``pyproject.toml``: what releasegate does beyond release-please.

The release-please files stay exactly what release-please reads; options that would change
its output live here, are off by default and are read, like the release-please config, from the
branch's committed tree (for a monorepo: the repository root's ``pyproject.toml``)::

    [tool.releasegate]
    version-scheme = "pep440"   # "semver" (default): release-please's versions
    update-lockfile = true      # bump the released packages' entries in uv.lock
    strict = true               # a version file that cannot be updated is an error
    draft-until-published = true  # GitHub releases stay drafts until the files are on the index
    api-check = "report"        # or "bump": public API breaks the version does not reflect
    plugins = ["uv-workspace"]    # engine plugins release-please does not have
    require-sdist-tests = true  # check stops on an sdist without the project's tests

>>> parse_settings('[tool.releasegate]\nstrict = true\napi-check = "report"\n')
... # doctest: +NORMALIZE_WHITESPACE
Settings(version_scheme='semver', update_lockfile=False, strict=True, draft_until_published=False,
         api_check='report', plugins=(), require_sdist_tests=False)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, get_args

import tomlkit
from tomlkit.exceptions import TOMLKitError

from releasegate.engine.version import Scheme
from releasegate.errors import ConfigError

if TYPE_CHECKING:
    from releasegate.engine.git import Tree

__all__ = [
    "PLUGIN_NAMES",
    "PYPROJECT",
    "ApiCheck",
    "Scheme",
    "Settings",
    "load_settings",
    "parse_settings",
]

PYPROJECT = "pyproject.toml"
_TABLE = "tool.releasegate"
#: ``api-check``: list public API breaks the version does not reflect, or also raise the bump.
ApiCheck = Literal["report", "bump"]
#: The engine plugins ``plugins`` may name (see :mod:`releasegate.engine.plugins`).
PLUGIN_NAMES = ("uv-workspace",)


@dataclass(frozen=True, slots=True)
class Settings:
    """The ``[tool.releasegate]`` options; the defaults reproduce release-please exactly.

    ``version_scheme``: ``"pep440"`` computes, writes and tags PEP 440 versions (``1.0.0a1``).
    ``update_lockfile``: bump the released packages' own entries in ``uv.lock``.
    ``strict``: a version file releasegate cannot read or change is an error, not a skip.
    ``draft_until_published``: ``github-release`` creates each GitHub release as a draft and
    leaves the release PR pending; ``publish-release`` publishes it once the distributions are
    confirmed on the index, so no published release ever lacks its files.
    ``api_check``: compare each python package's public API at its last release with the branch
    (:mod:`releasegate.engine.api_check`); ``"report"`` lists the breaks the version does not
    reflect in the release PR, ``"bump"`` also raises the version to what they need. None: off.
    ``plugins``: engine plugins of releasegate's own, in order (``uv-workspace``: internal
    requirements of a uv workspace follow the members' releases).
    ``require_sdist_tests``: ``check`` stops, instead of warning, when the sdist lacks the
    project's ``tests/``.
    """

    version_scheme: Scheme = "semver"
    update_lockfile: bool = False
    strict: bool = False
    draft_until_published: bool = False
    api_check: ApiCheck | None = None
    plugins: tuple[str, ...] = ()
    require_sdist_tests: bool = False

    @property
    def structured_python(self) -> bool:
        """Whether Python version files are edited through ``ast`` (any option beyond semver)."""
        return self.version_scheme == "pep440" or self.strict


def load_settings(tree: Tree) -> Settings:
    """Read ``[tool.releasegate]`` from the root ``pyproject.toml`` of ``tree``.

    No file or no table gives the defaults. Raises ConfigError for a bad option, or for a
    ``pyproject.toml`` that cannot be parsed yet mentions ``[tool.releasegate]``.
    """
    text = tree.read(PYPROJECT)
    return Settings() if text is None else parse_settings(text)


def parse_settings(text: str) -> Settings:
    """Read the ``[tool.releasegate]`` table of a ``pyproject.toml``'s text; see load_settings."""
    try:
        data: dict[str, Any] = tomlkit.parse(text).unwrap()
    except (TOMLKitError, ValueError) as exc:
        if "releasegate" not in text:
            return Settings()  # release-please skips such a file; nothing of ours is lost
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ConfigError(
            PYPROJECT, f"not valid TOML ({detail})", f"fix the file so [{_TABLE}] can be read"
        ) from None
    tool = data.get("tool")
    table = tool.get("releasegate") if isinstance(tool, dict) else None
    if table is None:
        return Settings()
    if not isinstance(table, dict):
        raise ConfigError(PYPROJECT, f"{_TABLE}: expected a table, got {table!r}")
    known = {
        "version-scheme",
        "update-lockfile",
        "strict",
        "draft-until-published",
        "api-check",
        "plugins",
        "require-sdist-tests",
    }
    for key in table:
        if key not in known:
            raise ConfigError(
                PYPROJECT,
                f"{_TABLE}: unknown option {key!r}",
                f"use one of {', '.join(sorted(known))}",
            )
    scheme = table.get("version-scheme", "semver")
    if scheme not in get_args(Scheme):
        raise ConfigError(
            PYPROJECT,
            f"{_TABLE}.version-scheme: expected 'semver' or 'pep440', got {scheme!r}",
        )
    api_check = table.get("api-check")
    if api_check is not None and api_check not in get_args(ApiCheck):
        raise ConfigError(
            PYPROJECT,
            f"{_TABLE}.api-check: expected 'report' or 'bump', got {api_check!r}",
            "remove the option to turn the check off",
        )
    return Settings(
        version_scheme=scheme,
        update_lockfile=_flag(table, "update-lockfile"),
        strict=_flag(table, "strict"),
        draft_until_published=_flag(table, "draft-until-published"),
        api_check=api_check,
        plugins=_plugins(table),
        require_sdist_tests=_flag(table, "require-sdist-tests"),
    )


def _flag(table: dict[str, Any], key: str) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise ConfigError(PYPROJECT, f"{_TABLE}.{key}: expected true or false, got {value!r}")
    return value


def _plugins(table: dict[str, Any]) -> tuple[str, ...]:
    value = table.get("plugins", [])
    names = ", ".join(repr(n) for n in PLUGIN_NAMES)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(
            PYPROJECT,
            f"{_TABLE}.plugins: expected a list of names, got {value!r}",
            f"use [{names}]",
        )
    for name in value:
        if name not in PLUGIN_NAMES:
            raise ConfigError(
                PYPROJECT, f"{_TABLE}.plugins: unknown plugin {name!r}", f"use one of {names}"
            )
    return tuple(dict.fromkeys(value))
