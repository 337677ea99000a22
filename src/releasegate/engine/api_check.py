"""``api-check``: public API breaks that a release's commit messages do not declare.

A commit message can lie: ``fix: tidy up`` that removes a public function ships a breaking
change as a patch. With ``api-check`` in ``[tool.releasegate]``, the planner compares each
python package's public API at its last release tag with the branch, using griffe's static
analysis (the code is parsed, never imported or run), and finds what the breaks need by asking
the package's own versioning strategy what a breaking commit would make of the release: a major
release, or a minor one before 1.0.0 under ``bump-minor-pre-major``.

* :func:`compare_api` lists the changes between two commits: definite breaks (a public object
  removed, a parameter removed or made required, a return type changed ...) and, apart,
  uncertain ones (a public attribute whose value changed), which never raise the version.
* :func:`check_package` is the planner's hook: with ``"report"`` it keeps the commits and
  writes a section for the release PR when the version is lower than the breaks need; with
  ``"bump"`` it adds one synthetic breaking commit whose notes name each break, so the version
  is raised by the same rules as any ``fix!:`` and the release notes say why.

The engine only reads: each revision's Python files are read from git objects into a temporary
directory; the work tree, index and refs are never touched. A package griffe cannot load is one
warning, never a stop.
"""

from __future__ import annotations

import contextlib
import logging
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tomlkit
from tomlkit.exceptions import TOMLKitError

from releasegate.engine import git
from releasegate.engine.commits import BREAKING_CHANGE, CommitNote, ConventionalCommit

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from releasegate.engine.config import ReleaserConfig
    from releasegate.engine.settings import ApiCheck
    from releasegate.engine.strategies import Release, Strategy

__all__ = [
    "MARKER",
    "ApiChange",
    "ApiComparison",
    "ApiOutcome",
    "breaking_commit",
    "check_package",
    "compare_api",
    "find_modules",
    "project_names",
    "render_changes",
]

#: The hidden HTML comment that opens the release PR section (never a ``---`` line inside).
MARKER = "<!-- releasegate:api-check -->"
_SUBJECT = "public API changes found by api-check"
_SOURCE_SUFFIXES = (".py", ".pyi")
# Loaded APIs by the git object id of the module's directory: the same tree is the same API,
# and check-pr compares the merged tree twice (with the release tag and with the PR's base).
_LOADED: dict[str, tuple[Any, Path]] = {}
_LOADED_MAX = 16
_VALUE_WIDTH = 60
# A quoted version string, the value of a VERSION constant.
_VERSION_TEXT = re.compile(r"""(['"])v?\d+(\.\d+)+[\w.+-]*\1""")


@dataclass(frozen=True, slots=True)
class ApiChange:
    """One change of the public API: the object, what changed and where (``file:line``).

    ``uncertain`` changes (an attribute's value) may or may not break callers.
    """

    object: str
    change: str
    location: str
    uncertain: bool = False

    def render(self) -> str:
        """One line, e.g. ``widget.parse`` in backticks, then ``: removed (src/w.py:12)``."""
        return f"`{self.object}`: {self.change} ({self.location})"


@dataclass(frozen=True, slots=True)
class ApiComparison:
    """The public API of one package compared between two revisions (``old`` and ``new``)."""

    path: str
    old: str
    new: str
    modules: tuple[str, ...] = ()
    changes: tuple[ApiChange, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def breaks(self) -> tuple[ApiChange, ...]:
        """The definite breaks."""
        return tuple(c for c in self.changes if not c.uncertain)

    @property
    def uncertain(self) -> tuple[ApiChange, ...]:
        """The changes that may break callers; they never raise the version."""
        return tuple(c for c in self.changes if c.uncertain)


@dataclass(frozen=True, slots=True)
class ApiOutcome:
    """What the check did to one package's release.

    ``short`` is True when the planned version is lower than the breaks need (``needed``);
    ``raised`` when ``"bump"`` added the breaking commit; ``section`` is the release PR's
    section listing the breaks, or None when there is nothing to say.
    """

    comparison: ApiComparison
    component: str
    commits: Sequence[ConventionalCommit]
    planned: str | None = None
    needed: str | None = None
    short: bool = False
    raised: bool = False
    section: str | None = None
    warnings: tuple[str, ...] = field(default=())


def check_package(
    repo: Path,
    *,
    mode: ApiCheck,
    head: str,
    path: str,
    config: ReleaserConfig,
    strategy: Strategy,
    latest: Release | None,
    commits: Sequence[ConventionalCommit],
) -> ApiOutcome | None:
    """Compare ``path``'s public API at its ``latest`` release with ``head``; see the module.

    Returns None when there is nothing to compare (not a python package, or no release yet).
    """
    if config.release_type != "python" or latest is None:
        return None
    component = strategy.get_component()
    if not latest.sha:
        warning = (
            f"api-check: packages[{path!r}]: no tag {latest.tag} to compare the public API with; "
            "tag the release commit to check this package"
        )
        return ApiOutcome(ApiComparison(path, str(latest.tag), head), component, commits,
                          warnings=(warning,))  # fmt: skip
    names = [n for n in (config.package_name, config.component) if n]
    comparison = compare_api(
        repo, path=path, old=latest.sha, new=head, old_label=str(latest.tag), names=names
    )
    outcome = ApiOutcome(comparison, component, commits, warnings=comparison.warnings)
    if not comparison.changes:
        return outcome
    planned = strategy.next_version(commits, latest)
    synthetic = breaking_commit(comparison)
    needed = strategy.next_version([synthetic, *commits], latest)
    planned_text = None if planned is None else str(planned)
    needed_text = None if needed is None else str(needed)
    short = bool(comparison.breaks) and planned_text != needed_text
    if mode == "bump" and short:
        return ApiOutcome(
            comparison, component, [synthetic, *commits], planned_text, needed_text,
            short=False, raised=True, warnings=comparison.warnings,
        )  # fmt: skip
    # Uncertain changes matter only while the version is below what a break would need.
    show = short or (bool(comparison.uncertain) and planned_text != needed_text)
    section = None
    if show and planned_text is not None:
        section = render_section(comparison, planned_text, needed_text, short=short)
    warnings = comparison.warnings
    if short and planned_text is None:
        warnings += (
            (
                f"api-check: packages[{path!r}]: the public API changed incompatibly since "
                f"{comparison.old} ({len(comparison.breaks)} break(s)) but no commit releases "
                "it; land a 'fix!: …' commit, or set api-check = \"bump\""
            ),
        )
    return ApiOutcome(comparison, component, commits, planned_text, needed_text, short=short,
                      section=section, warnings=warnings)  # fmt: skip


def breaking_commit(comparison: ApiComparison) -> ConventionalCommit:
    """A synthetic ``chore(api)!:`` commit with one ``BREAKING CHANGE`` note per break.

    Given to the versioning strategy, it raises the version as any breaking commit does; in the
    notes, each break is listed under ``⚠ BREAKING CHANGES``.
    """
    notes = tuple(CommitNote(BREAKING_CHANGE, change.render()) for change in comparison.breaks)
    return ConventionalCommit(
        sha="",
        message=f"chore(api)!: {_SUBJECT}",
        files=(),
        type="chore",
        scope="api",
        bare_message=_SUBJECT,
        notes=notes,
        breaking=True,
    )


def render_section(
    comparison: ApiComparison, planned: str, needed: str | None, *, short: bool
) -> str:
    """The release PR's section: the breaks the version does not reflect, then the uncertain."""
    modules = ", ".join(f"`{m}`" for m in comparison.modules)
    where = modules or ("the root package" if comparison.path == "." else f"`{comparison.path}`")
    lines = [MARKER, "### ⚠ Public API changes the version does not reflect", ""]
    if short:
        lines += [
            (
                f"api-check compared the public API of {where} at {comparison.old} with this "
                f"release: {planned} is lower than these changes need ({needed})."
            ),
            "",
            *render_changes(comparison.breaks),
            "",
        ]
    if comparison.uncertain:
        lines += [
            "Possibly breaking (changed values; they never raise the version):",
            "",
            *render_changes(comparison.uncertain),
            "",
        ]
    if short:
        lines.append(
            "Declare the breaks with a `fix!:` commit or a `BREAKING CHANGE:` footer, or set "
            '`api-check = "bump"` in `[tool.releasegate]`.'
        )
    return "\n".join(lines).rstrip("\n")


def render_changes(changes: Sequence[ApiChange]) -> list[str]:
    """Markdown list items, one per change."""
    return [f"* {change.render()}" for change in changes]


# -- comparing two revisions ---------------------------------------------------------------
def compare_api(
    repo: Path,
    *,
    path: str,
    old: str,
    new: str,
    old_label: str | None = None,
    new_label: str | None = None,
    names: Sequence[str] = (),
) -> ApiComparison:
    """The public API changes of the package at ``path`` from commit ``old`` to ``new``.

    The modules compared are those the package has at ``old`` (see :func:`find_modules`); one
    that griffe cannot load gives a warning instead of changes.
    """
    old_label = old_label or old[:12]
    new_label = new_label or new[:12]
    old_tree, new_tree = git.Tree(repo, old), git.Tree(repo, new)
    try:
        modules = find_modules(old_tree, path, [*names, *project_names(old_tree, path)])
        changes: list[ApiChange] = []
        warnings: list[str] = []
        for root, module in modules:
            where = f"api-check: packages[{path!r}]: module {module!r}"
            before = _load(old_tree, root, module)
            if before is None:  # found in this very tree: cannot happen, but keep mypy honest
                continue
            if isinstance(before, str):
                warnings.append(f"{where} at {old_label}: {before}; its API is not compared")
                continue
            after = _load(new_tree, root, module)
            if after is None:  # the whole module is gone
                location = f"{_relative(before[0].filepath, before[1])}:1 in {old_label}"
                changes.append(ApiChange(module, "removed", location))
                continue
            if isinstance(after, str):
                warnings.append(f"{where} at {new_label}: {after}; its API is not compared")
                continue
            try:
                changes += _changes(before, after, old_label)
            except Exception as exc:  # noqa: BLE001 - griffe's analysis failing is not ours to stop on
                warnings.append(f"{where}: griffe failed ({type(exc).__name__}: {exc})")
    finally:
        old_tree.close()
        new_tree.close()
    return ApiComparison(
        path, old_label, new_label, tuple(m for _, m in modules), tuple(changes), tuple(warnings)
    )


def find_modules(tree: git.Tree, path: str, names: Sequence[str]) -> list[tuple[str, str]]:
    """The top-level modules of the package at ``path``, as ``(directory, module)`` pairs.

    ``names`` are the distribution's names (``package-name``, ``[project] name``): the module
    is the first of them, normalised (``my-lib`` -> ``my_lib``), found as a package or a single
    file under ``src/`` or the package directory. Without such a match, every package directly
    under ``src/``. ``directory`` is relative to the repository, with a trailing ``/``.
    """
    prefix = "" if path in {".", ""} else path.strip("/") + "/"
    blobs = {e.path for e in tree.entries if e.type == "blob" and e.path.startswith(prefix)}
    for name in names:
        module = name.strip().lower().replace("-", "_").replace(".", "_")
        for root in (f"{prefix}src/", prefix):
            if f"{root}{module}/__init__.py" in blobs or f"{root}{module}.py" in blobs:
                return [(root, module)]
    src = f"{prefix}src/"
    found = sorted(
        {
            p[len(src) :].split("/")[0]
            for p in blobs
            if p.startswith(src) and p.count("/") == src.count("/") + 1
            and p.endswith("/__init__.py")
        }
    )  # fmt: skip
    return [(src, module) for module in found if module.isidentifier()]


def project_names(tree: git.Tree, path: str) -> list[str]:
    """The ``[project]`` and ``[tool.poetry]`` names in the package's ``pyproject.toml``."""
    file = "pyproject.toml" if path in {".", ""} else f"{path.strip('/')}/pyproject.toml"
    text = tree.read(file)
    if text is None:
        return []
    try:
        data = tomlkit.parse(text).unwrap()
    except (TOMLKitError, ValueError):
        return []
    tables = [data.get("project"), data.get("tool", {}).get("poetry")]
    return [t["name"] for t in tables if isinstance(t, dict) and isinstance(t.get("name"), str)]


def _load(tree: git.Tree, root: str, module: str) -> tuple[Any, Path] | str | None:
    """Load ``module`` of ``tree`` with griffe: (the module, its export root), a reason, or None.

    None means the module does not exist in ``tree``. The files are written into a temporary
    directory laid out as the repository, so locations read as repository paths.
    """
    entry = next(
        (e for e in tree.entries if e.path in {f"{root}{module}", f"{root}{module}.py"}), None
    )
    if entry is None:
        return None
    cached = _LOADED.get(entry.sha)
    if cached is not None:
        return cached
    import griffe  # noqa: PLC0415 - loaded only when api-check is on

    with tempfile.TemporaryDirectory(prefix="releasegate-api-") as tmp:
        export = Path(tmp)
        inside = f"{entry.path}/" if entry.type == "tree" else entry.path
        for item in tree.entries:
            if (
                item.type == "blob"
                and item.path.startswith(inside)
                and (item.path.endswith(_SOURCE_SUFFIXES))
            ):
                target = export / item.path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(tree.read(item.path) or "", encoding="utf-8")
        errors: list[str] = []
        try:
            with _quiet_griffe(errors):
                loaded = griffe.load(
                    module,
                    search_paths=[export / root],
                    allow_inspection=False,  # never import (run) the project's code
                    try_relative_path=False,  # "widget" is no path: ./widget is the work tree
                    resolve_aliases=False,
                )
        except Exception as exc:  # noqa: BLE001 - any failure to load is one warning
            return f"griffe cannot load it ({type(exc).__name__}: {exc})"
        if errors:  # a part it skipped (a submodule with a syntax error) would read as removed
            return f"griffe cannot load all of it ({errors[0]})"
    if len(_LOADED) >= _LOADED_MAX:
        _LOADED.pop(next(iter(_LOADED)))
    _LOADED[entry.sha] = (loaded, export)
    return loaded, export


# griffe logs a submodule it could not load at debug level, with one of these prefixes.
_SKIPPED = ("Syntax error:", "Import error:", "UnicodeDecodeError", "OSError")


class _Errors(logging.Handler):
    """Collects the first line of each error griffe logs, and of each submodule it skipped."""

    def __init__(self, into: list[str]) -> None:
        super().__init__(logging.DEBUG)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno >= logging.ERROR or message.startswith(_SKIPPED):
            self.into.append(message.split("\n", 1)[0])


@contextlib.contextmanager
def _quiet_griffe(errors: list[str] | None = None) -> Iterator[None]:
    """Keep griffe's logging off the user's terminal; collect what it failed to load.

    griffe logs what it cannot analyse (a submodule with a syntax error: at debug level)
    instead of raising. With ``errors``, those messages are collected there.
    """
    logger = logging.getLogger("griffe")
    level, propagate = logger.level, logger.propagate
    handlers = [] if errors is None else [_Errors(errors)]
    logger.setLevel(logging.DEBUG if handlers else logging.CRITICAL + 1)
    logger.propagate = False
    for handler in handlers:
        logger.addHandler(handler)
    try:
        yield
    finally:
        for handler in handlers:
            logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


def _changes(before: tuple[Any, Path], after: tuple[Any, Path], old_label: str) -> list[ApiChange]:
    """The breakages griffe finds between two loaded modules, then changed attribute values.

    A removed object's location is where it was, at ``old_label``.
    """
    import griffe  # noqa: PLC0415 - see _load

    roots = (before[1], after[1])
    with _quiet_griffe():
        found = list(griffe.find_breaking_changes(before[0], after[0]))
    changes = []
    for breakage in found:
        if breakage.kind.name == "ATTRIBUTE_CHANGED_VALUE":
            continue  # some griffe versions report these, unfiltered: see _changed_values
        change = _change(breakage, roots)
        if breakage.kind.name == "OBJECT_REMOVED":
            change = ApiChange(change.object, change.change, f"{change.location} in {old_label}")
        changes.append(change)
    changes += _changed_values(before[0], after[0], roots)
    return changes


def _change(breakage: Any, roots: tuple[Path, Path]) -> ApiChange:
    """An ApiChange from a griffe Breakage: the object, a short description, its location."""
    kind = breakage.kind.name
    obj = breakage.obj
    old, new = breakage.old_value, breakage.new_value
    name = obj.path
    if kind == "OBJECT_REMOVED":
        what = "removed"
    elif kind == "OBJECT_CHANGED_KIND":
        what = f"changed from a {old.value} to a {new.value}"
    elif kind == "PARAMETER_REMOVED":
        what = f"parameter {old.name!r} removed"
    elif kind == "PARAMETER_CHANGED_REQUIRED":
        what = f"parameter {old.name!r} is now required"
    elif kind == "PARAMETER_ADDED_REQUIRED":
        what = f"new required parameter {new.name!r}"
    elif kind == "PARAMETER_MOVED":
        what = f"parameter {old.name!r} moved ({breakage.details})"
    elif kind == "PARAMETER_CHANGED_KIND":
        what = f"parameter {old.name!r} changed from {old.kind.value} to {new.kind.value}"
    elif kind == "PARAMETER_CHANGED_DEFAULT":
        what = f"parameter {old.name!r} default changed {_changed(old.default, new.default)}"
    elif kind == "CLASS_REMOVED_BASE":
        gone = sorted({str(b) for b in old} - {str(b) for b in new})
        what = f"base class removed: {', '.join(gone) or 'a base'}"
    elif kind in {"RETURN_CHANGED_TYPE", "ATTRIBUTE_CHANGED_TYPE"}:
        prefix = "return " if kind.startswith("RETURN") else ""
        what = f"{prefix}type changed {_changed(old, new)}"
    else:
        what = str(breakage.kind.value).lower()
    return ApiChange(name, what, _location(obj, roots))


def _changed_values(old: Any, new: Any, roots: tuple[Path, Path]) -> Iterator[ApiChange]:
    """Public module and class attributes in both revisions whose value changed: uncertain.

    griffe up to 2.3 reports these itself, dunders and version strings included; later
    versions do not. They are found here, the same with every griffe: a changed value may or
    may not break a caller, while ``__version__`` or ``VERSION = "1.2.3"`` changing is news
    to nobody.
    """
    for name, member in old.members.items():
        if member.is_alias or (name.startswith("__") and name.endswith("__")):
            continue
        other = new.members.get(name)
        if other is None or other.is_alias or other.kind != member.kind or not member.is_public:
            continue
        if member.is_attribute:
            if "instance-attribute" in member.labels:
                continue  # self.x = <expression> in a method: how, not what
            before, after = member.value, other.value
            if before is None or after is None or str(before) == str(after):
                continue
            if _VERSION_TEXT.fullmatch(str(before)) and _VERSION_TEXT.fullmatch(str(after)):
                continue  # VERSION = "1.2.3": it changes with every release
            change = f"value changed {_changed(before, after)}"
            yield ApiChange(other.path, change, _location(other, roots), uncertain=True)
        elif member.is_module or member.is_class:
            yield from _changed_values(member, other, roots)


def _short(value: object, start: int = 0) -> str:
    """A value as source text, cut to a readable length from ``start`` (a dict can fill a page)."""
    text = " ".join(str(value).split())
    if len(text) <= _VALUE_WIDTH:
        return text
    start = min(start, max(0, len(text) - _VALUE_WIDTH))
    cut = text[start : start + _VALUE_WIDTH]
    return ("…" if start else "") + cut + ("…" if start + _VALUE_WIDTH < len(text) else "")


def _changed(before: object, after: object) -> str:
    """``from X to Y``, long values shown from a little before where they differ."""
    old, new = " ".join(str(before).split()), " ".join(str(after).split())
    pairs = enumerate(zip(old, new, strict=False))
    same = next((i for i, (a, b) in pairs if a != b), min(len(old), len(new)))
    start = max(0, same - _VALUE_WIDTH // 3)
    return f"from {_short(old, start)} to {_short(new, start)}"


def _location(obj: Any, roots: tuple[Path, Path]) -> str:
    """``file:line`` of ``obj`` relative to the repository (its export root)."""
    holder = obj.parent if obj.is_alias and obj.parent is not None else obj
    line = (obj.alias_lineno if obj.is_alias else obj.lineno) or 0
    try:
        filepath = holder.filepath
    except Exception:  # noqa: BLE001 - a namespace package has several files, or none
        return "?"
    if isinstance(filepath, list):
        filepath = filepath[0] if filepath else Path("?")
    where = _relative(filepath, *roots)
    return f"{where}:{line}" if line else where  # a generated member (__init__) has no line


def _relative(filepath: Path, *roots: Path) -> str:
    for root in roots:
        with contextlib.suppress(ValueError):
            return Path(filepath).relative_to(root).as_posix()
    return Path(filepath).as_posix()
