"""Requirement lists as projects write them: pip requirement files, tox deps, poetry tables.

Each becomes PEP 508 strings a dependency group can hold. Lines that name the project itself
(``-e .``, ``.[tests]``, rye's ``-e file:.``) become extras of the project; options, URLs,
local paths and hashes are left out, since a lock resolves names and versions, not files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from packaging.requirements import InvalidRequirement, Requirement

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

__all__ = [
    "ParsedRequirements",
    "poetry_requirement",
    "read_requirement_file",
    "requirement_files",
    "split_requirement_lines",
]

# Files named for tests or development; requirements.txt alone holds runtime pins.
_FILE_PATTERNS = (
    "test-requirements*.txt",
    "test_requirements*.txt",
    "requirements-test*.txt",
    "requirements_test*.txt",
    "requirements-dev*.txt",
    "requirements_dev*.txt",
    "dev-requirements*.txt",
    "dev_requirements*.txt",
    "requirements/test*.txt",
    "requirements/dev*.txt",
    "requirements/ci*.txt",
    "tests/requirements*.txt",
)
_SELF = re.compile(r"^(?:-e\s+|--editable[\s=]+)?(?:file:)?\.?\.?/?(?:\[(?P<extras>[^\]]*)\])?$")
_NESTED = re.compile(r"^(?:-r|--requirement)[\s=]*(?P<path>\S+)$")
_MAX_DEPTH = 5  # -r chains deeper than this are a loop or a mistake


@dataclass(slots=True)
class ParsedRequirements:
    """Requirements (PEP 508 strings) and the project's own extras a list asked for."""

    requirements: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)


def requirement_files(root: Path) -> list[Path]:
    """The requirement files at ``root`` named for tests or development, in a stable order."""
    found: dict[Path, None] = {}
    for pattern in _FILE_PATTERNS:
        for path in sorted(root.glob(pattern)):
            if path.is_file() and "doc" not in path.name:
                found[path] = None
    return list(found)


def read_requirement_file(path: Path, *, base: Path, depth: int = 0) -> ParsedRequirements:
    """Parse one requirement file, following ``-r`` includes (relative to the file)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ParsedRequirements()
    lines = text.replace("\\\n", " ").splitlines()
    return split_requirement_lines(lines, base=path.parent, depth=depth, root=base)


def split_requirement_lines(
    lines: Iterable[str], *, base: Path | None = None, depth: int = 0, root: Path | None = None
) -> ParsedRequirements:
    """Requirement-file lines (or tox deps, or install arguments) into requirements and extras.

    >>> split_requirement_lines(["pytest>=7  # runner", "-e .[tests]", "--hash=sha256:00", "./x"])
    ParsedRequirements(requirements=['pytest>=7'], extras=['tests'])
    """
    parsed = ParsedRequirements()
    for raw in lines:
        line = re.sub(r"(^|\s)#.*$", "", raw).strip()
        line = re.sub(r"\s--hash[=\s]\S+", "", line).strip()
        if not line:
            continue
        if own := _SELF.match(line):
            parsed.extras += [e.strip() for e in (own["extras"] or "").split(",") if e.strip()]
            continue
        if nested := _NESTED.match(line):
            if base is not None and depth < _MAX_DEPTH:
                inner = read_requirement_file(
                    base / nested["path"], base=root or base, depth=depth + 1
                )
                parsed.requirements += inner.requirements
                parsed.extras += inner.extras
            continue
        if line.startswith("-"):
            continue  # -c constraints, --index-url, -e of another path: not a requirement
        try:
            requirement = Requirement(line)
        except InvalidRequirement:
            continue  # a path, a URL without a name, a tox substitution
        if requirement.url is None:
            parsed.requirements.append(str(requirement))
    return parsed


def poetry_requirement(name: str, spec: Any) -> str | None:
    """A poetry dependency (``pytest = "^7.2"``, a table) as a PEP 508 string.

    >>> poetry_requirement("pytest", "^7.2")
    'pytest>=7.2,<8.0'
    >>> poetry_requirement("black", {"version": "~23.1", "extras": ["d"]})
    'black[d]>=23.1,<23.2'
    >>> poetry_requirement("python", "^3.8") is None
    True
    """
    if name.lower() == "python":
        return None
    if isinstance(spec, list):  # several constraints by marker: the first names the package
        spec = spec[0] if spec else "*"
    extras = ""
    if isinstance(spec, dict):
        if any(k in spec for k in ("path", "url", "git")):  # not from an index
            return None
        extras = ",".join(str(e) for e in spec.get("extras", []))
        spec = spec.get("version", "*")
    specifier = ",".join(_poetry_specifier(part.strip()) for part in str(spec).split(","))
    text = f"{name}[{extras}]" if extras else name
    return text + specifier if specifier.strip(",") else text


def _poetry_specifier(constraint: str) -> str:
    if constraint in {"", "*"}:
        return ""
    if constraint[0] in "^~" and not constraint.startswith("~="):
        caret = constraint[0] == "^"
        parts = [int(p) for p in re.findall(r"\d+", constraint[1:])[:3]]
        if not parts:
            return ""
        if caret:
            index = next((i for i, p in enumerate(parts) if p != 0), len(parts) - 1)
        else:
            index = min(1, len(parts) - 1) if len(parts) > 1 else 0
        upper = parts[: index + 1]
        upper[-1] += 1
        upper += [0] * (max(len(parts), 2) - len(upper))
        return f">={'.'.join(map(str, parts))},<{'.'.join(map(str, upper))}"
    if constraint[0].isdigit():
        return f"=={constraint}"
    return constraint
