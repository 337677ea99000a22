"""What ``releasegate init`` writes, shipped as package data and filled by :func:`render`.

Placeholders are ``@NAME@`` (upper case), chosen because ``${{ }}`` and ``{}`` belong to GitHub
expressions and Python. A template with a placeholder left unfilled is a bug: render raises.
"""

from __future__ import annotations

import re
from importlib import resources

__all__ = ["DEFAULTS", "TEMPLATES", "render"]

#: Template file → where ``init`` writes it in the project.
TEMPLATES = {
    "noxfile.py.tmpl": "noxfile.py",
    "tasks.py.tmpl": "tasks.py",
    "ci.yml": ".github/workflows/ci.yml",
    "release-please.yml": ".github/workflows/release-please.yml",
}
_PLACEHOLDER = re.compile(r"@([A-Z_]+)@")
#: Values for placeholders that most projects fill the same way.
DEFAULTS = {
    "nox": "nox",  # `nox --noxfile NAME` when releasegate's sessions live in another file
    "gates_permissions": "      contents: read",  # what the called ci.yml's jobs may use
    "environment": "pypi",  # the publish job's environment, which the trusted publisher names
}


def render(template: str, **values: str) -> str:
    """Return ``template`` with each ``@KEY@`` replaced by ``values[KEY.lower()]``.

    A key missing from ``values`` takes its value from :data:`DEFAULTS`, if it has one.

    >>> render("ci.yml", run="uv run --locked").startswith("# Quality gates")
    True

    Raises KeyError naming a placeholder that has no value.
    """
    text = resources.files(__name__).joinpath(template).read_text(encoding="utf-8")
    values = {**DEFAULTS, **values}

    def fill(match: re.Match[str]) -> str:
        key = match[1].lower()
        if key not in values:
            raise KeyError(f"{template}: no value for @{match[1]}@")
        return values[key]

    return _PLACEHOLDER.sub(fill, text)
