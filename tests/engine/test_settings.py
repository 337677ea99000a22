"""[tool.releasegate]: defaults, every option, and one-line errors."""

from __future__ import annotations

import pytest

from releasegate.engine.settings import Settings, parse_settings
from releasegate.errors import ConfigError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", Settings()),
        ('[project]\nname = "x"\n', Settings()),
        ("[tool.other]\nstrict = 1\n", Settings()),
        ("[tool.releasegate]\n", Settings()),
        ('[tool.releasegate]\nversion-scheme = "pep440"\n', Settings(version_scheme="pep440")),
        ("[tool.releasegate]\nupdate-lockfile = true\n", Settings(update_lockfile=True)),
        ("[tool.releasegate]\nstrict = true\n", Settings(strict=True)),
        (
            "[tool.releasegate]\ndraft-until-published = true\n",
            Settings(draft_until_published=True),
        ),
        ('[tool.releasegate]\napi-check = "report"\n', Settings(api_check="report")),
        ('[tool.releasegate]\napi-check = "bump"\n', Settings(api_check="bump")),
        ('[tool.releasegate]\nplugins = ["uv-workspace"]\n', Settings(plugins=("uv-workspace",))),
        ("[tool.releasegate]\nplugins = []\n", Settings()),
        ("[tool.releasegate]\nrequire-sdist-tests = true\n", Settings(require_sdist_tests=True)),
        # release-please skips a pyproject it cannot parse; with no table of ours nothing is lost
        ("[project\n", Settings()),
    ],
)
def test_parse_settings(text: str, expected: Settings):
    """Each option is read; a missing table or file gives release-please's behaviour."""
    assert parse_settings(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[tool.releasegate]\nstrict = 'yes'\n",
            "pyproject.toml: tool.releasegate.strict: expected true or false, got 'yes'",
        ),
        (
            "[tool.releasegate]\nupdate-lockfile = 1\n",
            "pyproject.toml: tool.releasegate.update-lockfile: expected true or false, got 1",
        ),
        (
            '[tool.releasegate]\nversion-scheme = "PEP440"\n',
            "pyproject.toml: tool.releasegate.version-scheme: expected 'semver' or 'pep440', got 'PEP440'",
        ),
        (
            "[tool.releasegate]\nstrcit = true\n",
            "pyproject.toml: tool.releasegate: unknown option 'strcit'; use one of api-check, draft-until-published, plugins, require-sdist-tests, strict, update-lockfile, version-scheme",
        ),
        (
            "[tool.releasegate]\napi-check = true\n",
            "pyproject.toml: tool.releasegate.api-check: expected 'report' or 'bump', got True; remove the option to turn the check off",
        ),
        ("[tool]\nreleasegate = 3\n", "pyproject.toml: tool.releasegate: expected a table, got 3"),
        (
            '[tool.releasegate]\nplugins = "uv-workspace"\n',
            "pyproject.toml: tool.releasegate.plugins: expected a list of names, got 'uv-workspace'; use ['uv-workspace']",
        ),
        (
            '[tool.releasegate]\nplugins = ["node-workspace"]\n',
            "pyproject.toml: tool.releasegate.plugins: unknown plugin 'node-workspace'; use one of 'uv-workspace'",
        ),
        ("[tool.releasegate]\nstrict = \n", "pyproject.toml: not valid TOML ("),
    ],
)
def test_bad_settings(text: str, message: str):
    """A wrong option is one ConfigError line naming the key and what was expected."""
    with pytest.raises(ConfigError) as info:
        parse_settings(text)
    assert str(info.value).startswith(message)
    assert "\n" not in str(info.value)
    assert info.value.exit_code == 2


@pytest.mark.parametrize(
    ("settings", "structured"),
    [
        (Settings(), False),
        (Settings(update_lockfile=True), False),
        (Settings(version_scheme="pep440"), True),
        (Settings(strict=True), True),
        (Settings(api_check="bump"), False),
    ],
)
def test_structured_python(settings: Settings, structured: bool):
    """Python files are edited by structure only when an option changing output is on."""
    assert settings.structured_python is structured
