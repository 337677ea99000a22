"""Tests for tests/_offline.py: uv stays offline, and its cold cache reads as a skip."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from tests._offline import COLD_CACHE_REASON, online, run_filling

ROOT = Path(__file__).resolve().parents[1]

PROBE = """\
def test_cold_cache():
    raise RuntimeError("uv build failed: hint: Packages were unavailable because the network was disabled.")


def test_other_failure():
    assert False, "a failure of its own"


def test_passes():
    pass
"""


def test_the_suite_runs_uv_offline() -> None:
    """Outside the online opt-in, every uv the tests start reads only its cache."""
    assert os.environ.get("UV_OFFLINE") == (None if online() else "1")


@pytest.mark.parametrize(
    ("online_run", "filled", "cold"),
    [("", "", "skipped"), ("1", "", "failed"), ("", "1", "failed")],
    ids=["offline", "online", "filled-by-nox"],
)
def test_a_cold_cache_is_a_skip_only_offline(
    tmp_path: Path, online_run: str, filled: str, cold: str
) -> None:
    """An offline uv's cache miss skips its test, naming how to fill the cache; others fail.

    Once nox filled the cache (``RELEASEGATE_UV_FILLED=1``), a miss is the fill list's fault
    and fails.
    """
    (tmp_path / "test_probe.py").write_text(PROBE, encoding="utf-8")
    report = tmp_path / "report.xml"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "RELEASEGATE_ONLINE_TESTS": online_run,
        "RELEASEGATE_UV_FILLED": filled,
    }
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests._offline",
         "--rootdir", str(tmp_path), "-c", os.devnull, f"--junitxml={report}", str(tmp_path)],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    outcomes = _outcomes(report)
    assert outcomes == {
        "test_cold_cache": cold,
        "test_other_failure": "failed",
        "test_passes": "passed",
    }
    assert (COLD_CACHE_REASON in report.read_text(encoding="utf-8")) is (cold == "skipped")


def _outcomes(report: Path) -> dict[str, str]:
    """Each test's outcome from pytest's JUnit XML report (a machine format)."""
    outcomes = {}
    for case in ET.parse(report).getroot().iter("testcase"):  # noqa: S314 - this test's report
        kinds = {child.tag for child in case}
        failed = bool(kinds & {"failure", "error"})
        outcomes[case.get("name", "")] = (
            "failed" if failed else "skipped" if "skipped" in kinds else "passed"
        )
    return outcomes


# A stand-in for uv: misses its cache when offline, succeeds online.
FAKE_UV = (
    "import os, sys\n"
    "if os.environ.get('UV_OFFLINE') == '1':\n"
    "    sys.exit('hint: Packages were unavailable because the network was disabled.')\n"
    "print('resolved online')\n"
)


@pytest.mark.parametrize(("filled", "runs_online"), [("1", True), ("", False)])
def test_run_filling_goes_online_only_after_nox_filled_the_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, filled: str, runs_online: bool
) -> None:
    """A command whose offline uv missed its cache runs once more online, only in nox's run."""
    monkeypatch.setenv("RELEASEGATE_UV_FILLED", filled)
    env = {**os.environ, "UV_OFFLINE": "1"}
    result = run_filling([sys.executable, "-c", FAKE_UV], cwd=tmp_path, env=env)
    assert (result.returncode == 0) is runs_online
    assert ("resolved online" in result.stdout) is runs_online


def test_run_filling_runs_a_failure_of_its_own_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A failure that is no cache miss is the command's answer: no second run."""
    monkeypatch.setenv("RELEASEGATE_UV_FILLED", "1")
    count = tmp_path / "count"
    script = f"open({str(count)!r}, 'a').write('x'); raise SystemExit('broken')"
    result = run_filling([sys.executable, "-c", script], cwd=tmp_path, env=dict(os.environ))
    assert result.returncode == 1
    assert count.read_text(encoding="utf-8") == "x"
