"""The command line: exit codes, one-line errors, no tracebacks, no secrets."""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from releasegate import __version__
from releasegate.cli import main

if TYPE_CHECKING:
    from pathlib import Path

    from tests.builders import Canary, Cli, CliRun


def _stderr_line(run: CliRun) -> str:
    """Return what the run printed on stderr, asserting it is exactly one line and no stdout."""
    assert run.out == ""
    lines = run.err.splitlines()
    assert len(lines) == 1, run.err
    return lines[0]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    """``--version`` prints the installed version and exits 0."""
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out == f"releasegate {__version__}\n"


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        # no subcommand at all
        ([], "the following arguments are required: COMMAND"),
        # a subcommand that does not exist
        (["no-such-command"], "invalid choice: 'no-such-command'"),
        # an option that does not exist
        (["build", "--no-such-flag"], "unrecognized arguments: --no-such-flag"),
    ],
)
def test_usage_errors_exit_2_in_one_line(argv: list[str], fragment: str, cli: Cli) -> None:
    """Bad arguments give exit code 2 and one line pointing at --help, not a usage block."""
    run = cli(*argv)
    assert run.code == 2
    line = _stderr_line(run)
    assert line.startswith("releasegate: error: releasegate")
    assert fragment in line
    assert line.endswith("see 'releasegate --help'")


@pytest.mark.parametrize("command", ["build", "check"])
def test_failure_exits_1_in_one_line(command: str, tmp_path: Path, cli: Cli) -> None:
    """A failing step exits 1 with one ``releasegate: error:`` line and no traceback."""
    run = cli(command, "-C", tmp_path)
    assert run.code == 1
    line = _stderr_line(run)
    assert line.startswith(f"releasegate: error: {tmp_path}")


def test_error_output_is_redacted(tmp_path: Path, cli: Cli, canary_secret: Canary) -> None:
    """A registered secret inside an error message is masked on stderr."""
    project = tmp_path / canary_secret.value
    project.mkdir()
    run = cli("build", "-C", project)
    assert run.code == 1
    line = _stderr_line(run)
    canary_secret.assert_absent(line)
    assert f"{tmp_path}/***" in line


def test_internal_error_is_one_line(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """An unexpected exception exits 1 with its type and a hint, without a traceback."""
    monkeypatch.delenv("RELEASEGATE_DEBUG", raising=False)
    run = cli("build", "-C", "nul\0byte")
    assert run.code == 1
    line = _stderr_line(run)
    assert line.startswith("releasegate: internal error: ValueError: ")
    assert line.endswith("(set RELEASEGATE_DEBUG=1 for the traceback)")


def test_internal_error_traceback_on_request(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """RELEASEGATE_DEBUG=1 prints the traceback before the one-line summary."""
    monkeypatch.setenv("RELEASEGATE_DEBUG", "1")
    code, _, err = cli("build", "-C", "nul\0byte")
    assert code == 1
    assert err.startswith("Traceback (most recent call last):")
    assert err.splitlines()[-1].startswith("releasegate: internal error: ValueError: ")


# The real entry points, as a user runs them.


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["--version"], 0),
        ([], 2),
        (["build", "-C", "."], 1),
    ],
)
def test_python_m_releasegate(argv: list[str], code: int, tmp_path: Path) -> None:
    """``python -m releasegate`` exits with main()'s code and never shows a traceback."""
    proc = subprocess.run(
        [sys.executable, "-m", "releasegate", *argv],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == code
    assert "Traceback" not in proc.stderr
    if code:
        assert proc.stderr.count("\n") == 1
        assert proc.stderr.startswith("releasegate: error: ")
    else:
        assert proc.stdout == f"releasegate {__version__}\n"


def test_release_pr_loads_only_its_command() -> None:
    """``release-pr`` imports neither the other commands nor the HTTP client (issue 11)."""
    code = (
        "import sys\n"
        "from releasegate.cli import main\n"
        "try:\n"
        "    main(['release-pr', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = [m for m in ('httpx', 'releasegate.commands.doctor', 'releasegate.chain')"
        " if m in sys.modules]\n"
        "print(loaded, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stderr.strip() == "[]"
