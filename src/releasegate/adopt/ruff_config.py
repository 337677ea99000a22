"""A project's ruff configuration, as it applies to the files ``init`` writes.

The generated ``lint`` session runs ``ruff check`` and ``ruff format --check`` with the
project's own settings. The files ``init`` writes (``noxfile.py``, ``tasks.py``) are clean
under ``select = ["ALL"]`` with ruff's default settings, except for what no generated file can
satisfy or what a setting turns against them: a copyright notice (``CPY001``), an isort layout
other than the default, single quotes, a narrower line length, a banned module. For those,
:func:`fit_ruff_config` adds ``per-file-ignores`` naming exactly the rules the project enables,
for those files only, and adds them to ``[format] exclude`` when the formatter settings would
rewrite them; the project's own code stays under every rule it chose.

Rule selection follows ruff's precedence: the most specific selector wins, and at equal
specificity ``ignore`` beats ``select``; ``lint.*`` keys take precedence over the legacy
top-level ones.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import tomlkit
from tomlkit.exceptions import TOMLKitError

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence
    from pathlib import Path

__all__ = ["RuffConfig", "RuffFit", "find_ruff_config", "fit_ruff_config", "uses_ruff"]

# The files ruff reads settings from, in its own order of preference in one directory.
_CONFIG_FILES = (".ruff.toml", "ruff.toml", "pyproject.toml")
# ruff's default selection; since ruff 0.17 it also holds the isort rule (I001)
_DEFAULT_SELECT = ("E4", "E7", "E9", "F", "I001")
_DEFAULT_LINE_LENGTH = 88
# isort settings under which the generated import blocks are still sorted (checked by
# tests/adopt/test_ruff_config.py with real ruff); any other isort setting may re-order them.
_NEUTRAL_ISORT = frozenset({
    "known-first-party", "known-third-party", "known-local-folder", "extra-standard-library",
    "combine-as-imports", "force-wrap-aliases", "split-on-trailing-comma", "case-sensitive",
    "order-by-type", "relative-imports-order", "detect-same-package", "required-imports",
    "constants", "classes", "variables", "single-line-exclusions",
})  # fmt: skip
_FUTURE = "from __future__ import annotations"
# The rules a generated file may need ignored, by code and by name (for RUF201).
_NAMES = {
    "CPY001": "missing-copyright-notice",
    "I001": "unsorted-imports",
    "I002": "missing-required-import",
    "Q000": "bad-quotes-inline-string",
    "Q002": "bad-quotes-docstring",
    "E501": "line-too-long",
    "W505": "doc-line-too-long",
    "TID251": "banned-api",
    "TID253": "banned-module-level-imports",
    "ICN003": "banned-import-from",
}
# Modules the generated files import (a banned-api or banned-from entry may name them).
_IMPORTED = ("json", "os", "sys", "pathlib", "nox", "releasegate", "__future__")


@dataclass(frozen=True, slots=True)
class RuffConfig:
    """The ruff settings of a project: the file they are in and the settings table."""

    path: str  # relative to the project root
    text: str
    settings: dict[str, Any]  # [tool.ruff] of pyproject.toml, or the whole ruff.toml


@dataclass(frozen=True, slots=True)
class RuffFit:
    """What the project's ruff settings need for the generated files.

    ``ignores`` maps each generated file to the rule codes to ignore there; ``format_exclude``
    lists the files the formatter would rewrite; ``reasons`` says why, for init's report.
    """

    ignores: dict[str, list[str]]
    format_exclude: list[str]
    reasons: list[str]

    def __bool__(self) -> bool:
        return bool(self.ignores or self.format_exclude)


def find_ruff_config(root: Path) -> RuffConfig | None:
    """The ruff settings at ``root``: ``.ruff.toml``, ``ruff.toml``, else ``[tool.ruff]``."""
    for name in _CONFIG_FILES:
        path = root / name
        try:
            text = path.read_text(encoding="utf-8")
            data = tomlkit.parse(text).unwrap()
        except (OSError, UnicodeDecodeError, TOMLKitError):
            continue
        if name == "pyproject.toml":
            tool = data.get("tool")
            ruff = tool.get("ruff") if isinstance(tool, dict) else None
            if isinstance(ruff, dict):
                return RuffConfig(name, text, ruff)
        else:
            return RuffConfig(name, text, data)
    return None


def uses_ruff(root: Path) -> bool:
    """Whether the project lints with ruff: ruff settings, or a ruff pre-commit hook."""
    if find_ruff_config(root) is not None:
        return True
    try:
        hooks = (root / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return "ruff" in hooks


def fit_ruff_config(config: RuffConfig | None, generated: Mapping[str, str]) -> RuffFit:
    """The per-file ignores and format excludes ``generated`` (path → text) needs."""
    if config is None:
        return RuffFit({}, [], [])  # ruff's defaults: the generated files pass them
    settings = config.settings
    lint = _table(settings, "lint")
    select = _list(lint, settings, "select") or list(_DEFAULT_SELECT)
    select += _list(lint, settings, "extend-select")
    ignore = _list(lint, settings, "ignore") + _list(lint, settings, "extend-ignore")
    existing = _table(lint, "per-file-ignores") or _table(settings, "per-file-ignores")
    line_length = int(settings.get("line-length", _DEFAULT_LINE_LENGTH))
    residual = _residual_rules(settings, lint, line_length)
    ignores: dict[str, list[str]] = {}
    reasons: list[str] = []
    for path, text in generated.items():
        already = [str(c) for pattern, codes in existing.items()
                   if fnmatch.fnmatch(path, str(pattern)) for c in codes]  # fmt: skip
        widest = _widest([text])
        codes = {
            code
            for code, applies in residual.items()
            if applies(widest) and _enabled(code, select, [*ignore, *already])
        }
        if codes:
            # ruff's preview rule RUF201 wants rule names, not codes, in its settings
            named = _enabled("RUF201", select, ignore) and _preview(settings, lint)
            ignores[path] = sorted(_NAMES[c] if named else c for c in codes)
            reasons.append(f"{path}: {', '.join(sorted(codes))}")
    fmt = _table(settings, "format")
    changes = _format_changes(settings, fmt, line_length, _widest(generated.values()))
    excluded = [str(p) for p in fmt.get("exclude", [])]
    format_exclude = [p for p in generated if changes and p not in excluded]
    if format_exclude:
        reasons.append(f"ruff format ({', '.join(changes)}) leaves out {', '.join(format_exclude)}")
    return RuffFit(ignores, format_exclude, reasons)


def _widest(texts: Iterable[str]) -> int:
    """The widest line a line-length limit applies to.

    A line of one word (a long path in a list, a URL), which no formatter can break, is left
    out, as ruff's E501 leaves it out.
    """
    return max(
        (len(line) for text in texts for line in text.splitlines() if len(line.split()) > 1),
        default=0,
    )


def _preview(settings: Mapping[str, Any], lint: Mapping[str, Any]) -> bool:
    return bool(lint.get("preview", settings.get("preview", False)))


def _table(data: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _list(lint: Mapping[str, Any], settings: Mapping[str, Any], key: str) -> list[str]:
    value = lint.get(key, settings.get(key, []))
    return [str(v) for v in value] if isinstance(value, list) else []


def _enabled(code: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    """Whether ruff runs ``code``: the most specific matching selector decides."""

    def specificity(selectors: Sequence[str]) -> int:
        matching = [0 if s == "ALL" else len(s) for s in selectors
                    if s == "ALL" or code.startswith(s)]  # fmt: skip
        return max(matching, default=-1)

    chosen = specificity(select)
    return chosen >= 0 and chosen > specificity(ignore)


def _residual_rules(
    settings: Mapping[str, Any], lint: Mapping[str, Any], line_length: int
) -> dict[str, Any]:
    """Rule code → a test on a file's widest line: whether the rule finds something there."""
    isort = _table(lint, "isort") or _table(settings, "isort")
    quotes = _table(lint, "flake8-quotes") or _table(settings, "flake8-quotes")
    tidy = _table(lint, "flake8-tidy-imports") or _table(settings, "flake8-tidy-imports")
    conventions = _table(lint, "flake8-import-conventions")
    pycodestyle = _table(lint, "pycodestyle") or _table(settings, "pycodestyle")
    max_line = int(pycodestyle.get("max-line-length", line_length))
    max_doc = pycodestyle.get("max-doc-length")
    banned_api = list(_table(tidy, "banned-api"))
    banned_modules = [str(m) for m in tidy.get("banned-module-level-imports", [])]
    banned_from = [str(m) for m in conventions.get("banned-from", [])]
    required = [str(r) for r in isort.get("required-imports", [])]

    def names_ours(names: Sequence[str]) -> bool:
        return any(str(n).split(".")[0] in _IMPORTED for n in names)

    return {
        "CPY001": lambda _: True,  # a copyright notice: init cannot write the project's
        "I001": lambda _: bool(set(isort) - _NEUTRAL_ISORT),
        "I002": lambda _: any(r != _FUTURE for r in required),
        "Q000": lambda _: quotes.get("inline-quotes") == "single",
        "Q002": lambda _: quotes.get("docstring-quotes") == "single",
        "E501": lambda widest: widest > max_line,
        "W505": lambda widest: max_doc is not None and widest > int(max_doc),
        "TID251": lambda _: names_ours(banned_api),
        "TID253": lambda _: names_ours(banned_modules),
        "ICN003": lambda _: names_ours(banned_from),
    }


def _format_changes(
    settings: Mapping[str, Any], fmt: Mapping[str, Any], line_length: int, widest: int
) -> list[str]:
    """The format settings under which ``ruff format`` would rewrite the generated files."""
    changes = []
    if fmt.get("quote-style", "double") == "single":
        changes.append("quote-style = 'single'")
    if fmt.get("indent-style", "space") == "tab":
        changes.append("indent-style = 'tab'")
    if int(settings.get("indent-width", 4)) != 4:  # noqa: PLR2004 - ruff's default
        changes.append(f"indent-width = {settings['indent-width']}")
    if fmt.get("skip-magic-trailing-comma") is True:
        changes.append("skip-magic-trailing-comma")
    if fmt.get("line-ending") == "cr-lf":
        changes.append("line-ending = 'cr-lf'")
    if widest > line_length:
        changes.append(f"line-length = {line_length}")
    return changes


def apply_ruff_fit(config: RuffConfig, fit: RuffFit, *, document: Any = None) -> str:
    """``config``'s text with ``fit`` added, edited with tomlkit so comments stay.

    ``document`` is an already parsed (and perhaps edited) TOML document of the same file,
    for ``pyproject.toml``, which init edits in one pass.
    """
    doc = document if document is not None else tomlkit.parse(config.text)
    base: Any = doc
    if config.path == "pyproject.toml":
        base = doc["tool"]["ruff"]
    if fit.ignores:
        legacy = "per-file-ignores" in base and "lint" not in base
        lint = base if legacy else _subtable(base, "lint")
        table = _subtable(lint, "per-file-ignores")
        for path, codes in fit.ignores.items():
            current = table.get(path)
            if current is None:
                table[path] = codes
            else:
                current.extend(c for c in codes if c not in current)
    if fit.format_exclude:
        fmt = _subtable(base, "format")
        exclude = fmt.get("exclude")
        if exclude is None:
            fmt["exclude"] = fit.format_exclude
        else:
            exclude.extend(p for p in fit.format_exclude if p not in exclude)
    return tomlkit.dumps(doc)


def _subtable(parent: Any, key: str) -> Any:
    if key not in parent:
        parent[key] = tomlkit.table()
    return parent[key]
