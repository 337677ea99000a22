"""``_proc.run``: argv lists in, ``Result`` out, and failures as one redacted line."""

from __future__ import annotations

import secrets
import sys
from typing import TYPE_CHECKING

import pytest

from releasegate import _proc
from releasegate._redact import Secret
from releasegate.errors import BuildError, ReleasegateError

if TYPE_CHECKING:
    from pathlib import Path


def _py(code: str) -> list[str]:
    """Return the argv that runs ``code`` with this interpreter."""
    return [sys.executable, "-c", code]


def test_run_captures_output() -> None:
    """A successful command returns its exit code, stdout and stderr."""
    result = _proc.run(_py("import sys; print('out'); print('err', file=sys.stderr)"))
    assert result == _proc.Result(0, "out\n", "err\n")


def test_run_in_cwd(tmp_path: Path) -> None:
    """``cwd`` is the child's working directory."""
    result = _proc.run(_py("import os; print(os.getcwd())"), cwd=tmp_path)
    assert result.stdout.strip() == str(tmp_path)


def test_env_is_added_to_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """``env`` adds to the inherited environment; secrets travel there, never in argv."""
    monkeypatch.setenv("RELEASEGATE_TEST_INHERITED", "kept")
    token = f"tok-{secrets.token_hex(8)}"
    code = "import os; print(os.environ['RELEASEGATE_TEST_INHERITED'], os.environ['TOKEN'])"
    result = _proc.run(_py(code), env={"TOKEN": token})
    assert result.stdout.split() == ["kept", token]


def test_input_text_goes_to_stdin() -> None:
    """``input_text`` is the child's standard input."""
    result = _proc.run(_py("import sys; print(sys.stdin.read().upper())"), input_text="abc")
    assert result.stdout.strip() == "ABC"


def test_failure_raises_one_line_with_the_last_words() -> None:
    """A failing command raises ``error`` naming the tool, exit code and last stderr line."""
    code = "import sys; print('first', file=sys.stderr); print('the reason', file=sys.stderr); sys.exit(3)"
    with pytest.raises(BuildError) as info:
        _proc.run(_py(code), error=BuildError)
    message = str(info.value)
    assert "\n" not in message
    assert message == f"{sys.executable} -c failed (exit 3): the reason"


@pytest.mark.parametrize(
    ("code", "detail"),
    [
        # nothing on stderr: the last stdout line explains
        ("print('from stdout'); raise SystemExit(2)", "from stdout"),
        # no output at all
        ("raise SystemExit(4)", "no output"),
    ],
)
def test_failure_detail_falls_back(code: str, detail: str) -> None:
    """Without stderr the failure line quotes stdout, and says so when there was none."""
    with pytest.raises(ReleasegateError, match=detail):
        _proc.run(_py(code))


def test_check_false_returns_the_failure() -> None:
    """With ``check=False`` a non-zero exit is returned, not raised."""
    result = _proc.run(_py("raise SystemExit(5)"), check=False)
    assert result.returncode == 5


def test_capture_false_lets_output_through(capfd: pytest.CaptureFixture[str]) -> None:
    """With ``capture=False`` the child writes straight to our stdout."""
    result = _proc.run(_py("print('straight through')"), capture=False)
    assert result == _proc.Result(0, "", "")
    assert capfd.readouterr().out == "straight through\n"


def test_missing_command_is_one_line(tmp_path: Path) -> None:
    """A program that does not exist raises ``error`` with a how-to-fix hint."""
    missing = str(tmp_path / "no-such-tool")
    with pytest.raises(BuildError) as info:
        _proc.run([missing, "--version"], error=BuildError)
    assert str(info.value) == f"{missing}: command not found; install it or put it on PATH"


def test_failure_line_is_redacted() -> None:
    """A secret echoed by a failing tool is masked in the error message."""
    token = Secret(f"pypi-{secrets.token_hex(12)}")
    code = "import os, sys; print('bad token', os.environ['TOKEN'], file=sys.stderr); sys.exit(1)"
    with pytest.raises(ReleasegateError) as info:
        _proc.run(_py(code), env={"TOKEN": token.reveal()})
    assert token.reveal() not in str(info.value)
    assert str(info.value).endswith("bad token ***")


def test_which() -> None:
    """``which`` finds a tool on PATH and returns None for an unknown one."""
    assert _proc.which("git") is not None
    assert _proc.which(f"no-such-tool-{secrets.token_hex(4)}") is None
