"""What ``releasegate init`` writes, shipped as package data and filled by :func:`render`.

Placeholders are ``@NAME@`` (upper case), chosen because ``${{ }}`` and ``{}`` belong to GitHub
expressions and Python. A template with a placeholder left unfilled is a bug: render raises.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["DEFAULTS", "TEMPLATES", "WIDTH", "py_list", "render"]

#: Template file → where ``init`` writes it in the project.
TEMPLATES = {
    "noxfile.py.tmpl": "noxfile.py",
    "noxfile_monorepo.py.tmpl": "noxfile.py",  # a uv workspace, or projects side by side
    "tasks.py.tmpl": "tasks.py",
    "ci.yml": ".github/workflows/ci.yml",
    "release-please.yml": ".github/workflows/release-please.yml",
}
_PLACEHOLDER = re.compile(r"@([A-Z_]+)@")
#: Values for placeholders that most projects fill the same way.
DEFAULTS = {
    "nox": "nox",  # `nox --noxfile NAME` when releasegate's sessions live in another file
    "tools_python": "None",  # nox's own Python for lint, typecheck and build
    # the workflows the lint session checks
    "workflows": '[".github/workflows/ci.yml", ".github/workflows/release-please.yml"]',
    "uv_run": "uv run --locked",  # with --python '>=3.10' when the project's Python may be older
    "gates_permissions": "      contents: read",  # what the called ci.yml's jobs may use
    "environment": "pypi",  # the publish job's environment, which the trusted publisher names
}


def render(template: str, **values: str) -> str:
    """Return ``template`` with each ``@KEY@`` replaced by ``values[KEY.lower()]``.

    A key missing from ``values`` takes its value from :data:`DEFAULTS`, if it has one;
    ``publish_url`` defaults to the PyPI page of ``name``.

    >>> render("ci.yml", run="uv run --locked").startswith("# Quality gates")
    True

    Raises KeyError naming a placeholder that has no value.
    """
    text = resources.files(__name__).joinpath(template).read_text(encoding="utf-8")
    values = {**DEFAULTS, **values}
    if "name" in values:  # the publish job's deployment links the project's PyPI page
        values.setdefault("publish_url", f"https://pypi.org/project/{values['name']}/")

    def fill(match: re.Match[str]) -> str:
        key = match[1].lower()
        if key not in values:
            raise KeyError(f"{template}: no value for @{match[1]}@")
        return values[key]

    return _PLACEHOLDER.sub(fill, text)


#: The widest line ``init`` writes into Python files: within every common line-length.
WIDTH = 79


def py_list(name: str, items: Sequence[str]) -> str:
    """A list literal of strings for ``NAME = [...]``, as ``ruff format`` lays it out.

    One line when it fits :data:`WIDTH`, else one item a line with a trailing comma, which
    ``ruff format`` keeps at any line length.

    >>> py_list("PATHS", ["src", "tests"])
    '["src", "tests"]'
    """
    one_line = "[" + ", ".join(json.dumps(i) for i in items) + "]"
    if len(f"{name} = {one_line}") <= WIDTH:
        return one_line
    return "[\n" + "".join(f"    {json.dumps(i)},\n" for i in items) + "]"
