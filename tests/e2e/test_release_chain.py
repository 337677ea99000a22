"""``invoke release`` end to end: tiny real projects, a real pypiserver on 127.0.0.1, real twine."""

from __future__ import annotations

import hashlib
import http.client
import os
import subprocess
import sys
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from tests._index_server import Index, running_index
from tests.builders import BROKEN_README_RST, make_project

if TYPE_CHECKING:
    from collections.abc import Iterator

REPO = Path(__file__).resolve().parents[2]
CANARY_PASSWORD = "canary-pw-5f0c9e2d71"
CANARY_TOKEN = "canary-token-a9b8c7d6e5"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Index]:
    """One pypiserver for the module, uploads protected by the canary password."""
    with running_index(tmp_path_factory.mktemp("index"), password=CANARY_PASSWORD) as running:
        yield running


def invoke(
    project: Path, *args: str, password: str = CANARY_PASSWORD, username: str = "uploader"
) -> subprocess.CompletedProcess[str]:
    """Run releasegate's tasks.py in ``project`` as a real process; scan its output for secrets."""
    env = {
        **os.environ,
        "TWINE_USERNAME": username,
        "TWINE_PASSWORD": password,
        "RELEASEGATE_RETRY_DELAY": "0.05",
    }
    env.pop("SOURCE_DATE_EPOCH", None)
    for name in ("GITHUB_ACTIONS", "ACTIONS_ID_TOKEN_REQUEST_URL", "SIGSTORE_IDENTITY_TOKEN"):
        env.pop(name, None)
    proc = subprocess.run(
        [sys.executable, "-m", "invoke", "--search-root", str(REPO), *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    for secret in (CANARY_PASSWORD, CANARY_TOKEN, password):
        assert secret not in proc.stdout + proc.stderr
    return proc


def last_line(proc: subprocess.CompletedProcess[str]) -> str:
    """Return the final stderr line: where the one-line error is."""
    assert "Traceback" not in proc.stderr
    return proc.stderr.strip().splitlines()[-1]


def sha256(path: Path) -> str:
    """Return the hex sha256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def dist_files(project: Path) -> dict[str, str]:
    """Return name → sha256 of the sdists and wheels in ``project``'s dist/."""
    return {
        p.name: sha256(p)
        for p in (project / "dist").iterdir()
        if p.name.endswith((".whl", ".tar.gz"))
    }


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory, index: Index) -> Path:
    """Return a project released once to the index with ``invoke release --no-sign``."""
    project = make_project(tmp_path_factory.mktemp("released"), name="tiny-pkg", tag="v1.0.0")
    proc = invoke(project, "release", "--no-sign", "--repository-url", index.url)
    assert proc.returncode == 0, proc.stderr
    return project


# a successful release


def test_release_uploads_every_file(released: Path, index: Index) -> None:
    """The index stores exactly the files in dist/, byte for byte."""
    stored = {p.name: sha256(p) for p in index.packages.iterdir() if p.name.startswith("tiny_pkg")}
    assert stored == dist_files(released)


def test_pip_download_returns_the_same_bytes(released: Path, index: Index, tmp_path: Path) -> None:
    """Downloading with pip from the index gives the wheel whose sha256 equals dist/'s."""
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--isolated",
            "--no-deps",
            "--only-binary",
            ":all:",
            "--index-url",
            index.simple_url,
            "--dest",
            str(tmp_path),
            "tiny-pkg==1.0.0",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    downloaded = {p.name: sha256(p) for p in tmp_path.iterdir()}
    assert downloaded
    assert downloaded.items() <= dist_files(released).items()
    sdist = "tiny_pkg-1.0.0.tar.gz"
    with urllib.request.urlopen(f"{index.url}packages/{sdist}") as response:
        assert hashlib.sha256(response.read()).hexdigest() == dist_files(released)[sdist]


def test_second_release_is_refused_by_preflight(released: Path, index: Index) -> None:
    """Releasing the same version again stops before uploading, naming version and index."""
    proc = invoke(released, "release", "--no-sign", "--repository-url", index.url)
    assert proc.returncode == 1
    assert last_line(proc) == (
        f"releasegate: error: release stopped at publish: {index.simple_url}: tiny-pkg 1.0.0 is "
        "already on the index; bump the version, or re-run with --skip-existing to finish a "
        "partial upload"
    )


def test_skip_existing_succeeds_without_uploading(released: Path, index: Index) -> None:
    """With --skip-existing the re-run succeeds and uploads nothing."""
    before = {p.name: p.stat().st_mtime_ns for p in index.packages.iterdir()}
    proc = invoke(
        released, "release", "--no-sign", "--skip-existing", "--repository-url", index.url
    )
    assert proc.returncode == 0, proc.stderr
    assert "uploaded" not in proc.stdout
    assert proc.stdout.count("already on the index, same sha256") == 2
    assert {p.name: p.stat().st_mtime_ns for p in index.packages.iterdir()} == before


# refusals


def test_wrong_password_is_one_line(tmp_path: Path, index: Index) -> None:
    """A wrong password gives one line naming the index and the fix; nothing is stored."""
    project = make_project(tmp_path, name="tiny-wrong")
    proc = invoke(
        project, "release", "--no-sign", "--repository-url", index.url, password="wrong-canary-pw"
    )
    assert proc.returncode == 1
    line = last_line(proc)
    assert line.startswith(
        f"releasegate: error: release stopped at publish: {index.url}: upload of "
        "tiny_wrong-1.0.0-py3-none-any.whl refused (HTTP 403 Forbidden); "
    )
    assert line.endswith(
        "check TWINE_USERNAME and TWINE_PASSWORD, or the index's trusted-publisher settings"
    )
    assert not [n for n in index.files() if n.startswith("tiny_wrong")]


def test_broken_readme_stops_at_check(tmp_path: Path, index: Index) -> None:
    """A README PyPI cannot render stops the chain at check; nothing reaches the index."""
    project = make_project(tmp_path, name="tiny-broken", readme=("README.rst", BROKEN_README_RST))
    proc = invoke(project, "release", "--no-sign", "--repository-url", index.url)
    assert proc.returncode == 1
    assert last_line(proc).startswith(
        "releasegate: error: release stopped at check: dist/tiny_broken-1.0.0-py3-none-any.whl: "
        "`long_description` has syntax errors in markup"
    )
    assert not [n for n in index.files() if n.startswith("tiny_broken")]


def test_unsigned_files_are_refused(tmp_path: Path, index: Index) -> None:
    """Publishing without bundles and without --no-sign stops in the preflight."""
    project = make_project(tmp_path, name="tiny-unsigned")
    assert invoke(project, "build").returncode == 0
    proc = invoke(project, "publish", "--repository-url", index.url)
    assert proc.returncode == 1
    assert last_line(proc) == (
        "releasegate: error: tiny_unsigned-1.0.0-py3-none-any.whl: no "
        "tiny_unsigned-1.0.0-py3-none-any.whl.sigstore.json; run 'invoke sign' first, or pass "
        "--no-sign to upload unsigned"
    )


def test_sign_without_identity_is_one_line(tmp_path: Path) -> None:
    """``invoke sign`` with no identity anywhere exits 1 with the fix in one line."""
    project = make_project(tmp_path, name="tiny-sign")
    assert invoke(project, "build").returncode == 0
    proc = invoke(project, "sign")
    assert proc.returncode == 1
    assert last_line(proc).startswith("releasegate: error: no Sigstore identity: ")
    assert "--identity-token" in last_line(proc)


def test_bad_identity_token_never_shows(tmp_path: Path) -> None:
    """A malformed --identity-token is refused without echoing it (the canary scan)."""
    project = make_project(tmp_path, name="tiny-token")
    assert invoke(project, "build").returncode == 0
    proc = invoke(project, "sign", "--identity-token", CANARY_TOKEN)
    assert proc.returncode == 1
    assert last_line(proc).startswith(
        "releasegate: error: --identity-token: not a usable Sigstore identity token"
    )


# dry run


def test_dry_run_prints_the_plan_and_uploads_nothing(tmp_path: Path, index: Index) -> None:
    """--dry-run builds and checks, names every file with size and sha256, uploads nothing."""
    project = make_project(tmp_path, name="tiny-dry")
    secret_url = index.url.replace("http://", f"http://uploader:{CANARY_PASSWORD}@")
    proc = invoke(project, "release", "--dry-run", "--repository-url", secret_url)
    assert proc.returncode == 0, proc.stderr
    assert "note: dry run skips signing (no Sigstore identity here)" in proc.stderr
    redacted = index.url.replace("http://", "http://***@")
    assert proc.stdout.splitlines()[0] == (
        f"would upload 2 file(s) of tiny-dry 1.0.0 to {redacted} (simple index {redacted}simple/)"
    )
    for name, digest in dist_files(project).items():
        size = (project / "dist" / name).stat().st_size
        assert any(
            name in ln and str(size) in ln and digest in ln for ln in proc.stdout.splitlines()
        )
    assert proc.stdout.splitlines()[-1] == "dry run: nothing was uploaded"
    assert not [n for n in index.files() if n.startswith("tiny_dry")]


# an upload that dies half-way


class _FlakyProxy(BaseHTTPRequestHandler):
    """Forwards to the index; once ``fail_after`` uploads went through, uploads get 503."""

    upstream: tuple[str, int]
    uploads_allowed: list[int]

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
        """Stay quiet."""

    def do_GET(self) -> None:
        """Forward reads unchanged."""
        self._forward(b"")

    def do_POST(self) -> None:
        """Forward an upload while the budget lasts; afterwards answer 503 like a dying index."""
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.uploads_allowed[0] <= 0:
            self.send_response(503, "Service Unavailable")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.uploads_allowed[0] -= 1
        self._forward(body)

    def _forward(self, body: bytes) -> None:
        conn = http.client.HTTPConnection(*self.upstream, timeout=30)
        headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
        conn.request(self.command, self.path, body=body or None, headers=headers)
        response = conn.getresponse()
        data = response.read()
        self.send_response(response.status, response.reason)
        for key, value in response.getheaders():
            if key.lower() not in {"transfer-encoding", "connection", "content-length"}:
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        conn.close()


def test_rerun_finishes_an_upload_killed_half_way(tmp_path: Path, index: Index) -> None:
    """The index dies after the first file; the re-run with --skip-existing uploads the rest."""
    host, port = index.url.removeprefix("http://").rstrip("/").split(":")
    allowed = [1]
    handler = type(
        "Proxy", (_FlakyProxy,), {"upstream": (host, int(port)), "uploads_allowed": allowed}
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    proxy_url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        project = make_project(tmp_path, name="tiny-flaky")
        first = invoke(project, "release", "--no-sign", "--repository-url", proxy_url)
        assert first.returncode == 1
        assert "gave up after 4 attempts, re-run with --skip-existing" in last_line(first)
        assert len([n for n in index.files() if n.startswith("tiny_flaky")]) == 1

        allowed[0] = 10  # the index is back
        second = invoke(
            project, "release", "--no-sign", "--skip-existing", "--repository-url", proxy_url
        )
        assert second.returncode == 0, second.stderr
        assert second.stdout.count("uploaded ") == 1
        assert second.stdout.count("already on the index, same sha256") == 1
    finally:
        server.shutdown()
        server.server_close()
    stored = {
        p.name: sha256(p) for p in index.packages.iterdir() if p.name.startswith("tiny_flaky")
    }
    assert stored == dist_files(project)
