"""``invoke release`` end to end: tiny real projects, real indexes on 127.0.0.1, real twine.

The indexes run as their users start them (``tests._index_server``): pypiserver with its default
options, fallback to pypi.org included, and devpi-server with a user's private index. The
upload, re-upload and dry-run behaviours run against both.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import zipfile
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from tests._index_server import SERVERS, Index, free_port, running_index
from tests._loopback import serving
from tests.builders import BROKEN_README_RST, git, make_project

if TYPE_CHECKING:
    from collections.abc import Iterator

REPO = Path(__file__).resolve().parents[2]
CANARY_PASSWORD = "canary-pw-5f0c9e2d71"
CANARY_TOKEN = "canary-token-a9b8c7d6e5"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Index]:
    """One pypiserver (default options) for the module, uploads behind the canary password."""
    with running_index(tmp_path_factory.mktemp("index"), password=CANARY_PASSWORD) as running:
        yield running


@pytest.fixture(scope="module", params=sorted(SERVERS))
def any_index(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Index]:
    """Each real index in turn, pypiserver and devpi, uploads behind the canary password."""
    start = SERVERS[request.param]
    with start(tmp_path_factory.mktemp(request.param), password=CANARY_PASSWORD) as running:
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


class _Anchors(HTMLParser):
    """The ``href`` of every ``<a>`` on a PEP 503 page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Keep the link."""
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def listed(index: Index, project: str) -> dict[str, str]:
    """Return filename → URL of ``project``'s files, from the index's own simple page."""
    request = urllib.request.Request(
        f"{index.simple_url}{project}/",
        headers={"Accept": "application/vnd.pypi.simple.v1+json, text/html;q=0.1"},
    )
    with urllib.request.urlopen(request) as response:
        body = response.read().decode()
        if "json" in response.headers.get("Content-Type", ""):
            hrefs = [f["url"] for f in json.loads(body)["files"]]
        else:
            parser = _Anchors()
            parser.feed(body)
            hrefs = parser.hrefs
    urls = [urllib.parse.urljoin(response.url, href).split("#")[0] for href in hrefs]
    return {url.rsplit("/", 1)[-1]: url for url in urls}


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory, any_index: Index) -> Path:
    """Return a project released once to the index with ``invoke release --no-sign``.

    The index has never seen the project: pypiserver redirects its page to pypi.org, devpi
    answers 404. Both mean "not there yet".
    """
    project = make_project(tmp_path_factory.mktemp("released"), name="tiny-pkg", tag="v1.0.0")
    proc = invoke(project, "release", "--no-sign", "--repository-url", any_index.url)
    assert proc.returncode == 0, proc.stderr
    return project


# a successful release, on each index


def test_release_uploads_every_file(released: Path, any_index: Index) -> None:
    """The index stores exactly the files in dist/, byte for byte."""
    stored = {
        name: hashlib.sha256(data).hexdigest()
        for name, data in any_index.stored("tiny_pkg").items()
    }
    assert stored == dist_files(released)


def test_pip_download_returns_the_same_bytes(
    released: Path, any_index: Index, tmp_path: Path
) -> None:
    """Downloading with pip from the index gives the wheel whose sha256 equals dist/'s."""
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--isolated",
            "--disable-pip-version-check",  # pip would ask pypi.org for its own newest version
            "--no-deps",
            "--only-binary",
            ":all:",
            "--index-url",
            any_index.simple_url,
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
    with urllib.request.urlopen(listed(any_index, "tiny-pkg")[sdist]) as response:
        assert hashlib.sha256(response.read()).hexdigest() == dist_files(released)[sdist]


def test_second_release_is_refused_by_preflight(released: Path, any_index: Index) -> None:
    """Releasing the same version again stops before uploading, naming version and index."""
    proc = invoke(released, "release", "--no-sign", "--repository-url", any_index.url)
    assert proc.returncode == 1
    assert last_line(proc) == (
        f"releasegate: error: release stopped at publish: {any_index.simple_url}: tiny-pkg 1.0.0 "
        "is already on the index; bump the version, or re-run with --skip-existing to finish a "
        "partial upload"
    )


def test_skip_existing_succeeds_without_uploading(released: Path, any_index: Index) -> None:
    """With --skip-existing the re-run succeeds and uploads nothing."""
    before = any_index.stored()
    proc = invoke(
        released, "release", "--no-sign", "--skip-existing", "--repository-url", any_index.url
    )
    assert proc.returncode == 0, proc.stderr
    assert "uploaded" not in proc.stdout
    assert proc.stdout.count("already on the index, same sha256") == 2
    assert any_index.stored() == before


# the dry run reads the index (issue 15)


def test_dry_run_names_a_version_already_there(released: Path, any_index: Index) -> None:
    """A dry run of a version on the index stops as the real run would; it writes nothing."""
    before = any_index.stored()
    proc = invoke(released, "release", "--dry-run", "--repository-url", any_index.url)
    assert proc.returncode == 1
    assert last_line(proc) == (
        f"releasegate: error: release stopped at publish: {any_index.simple_url}: tiny-pkg 1.0.0 "
        "is already on the index; bump the version, or re-run with --skip-existing to finish a "
        "partial upload"
    )
    assert "would upload" not in proc.stdout
    assert any_index.stored() == before


def test_dry_run_with_skip_existing_lists_the_skips(released: Path, any_index: Index) -> None:
    """With --skip-existing the dry run plans no upload and names each file the index has."""
    proc = invoke(
        released, "release", "--dry-run", "--skip-existing", "--repository-url", any_index.url
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.splitlines()
    assert out[0].startswith("would upload 0 file(s) of tiny-pkg 1.0.0 to ")
    assert sorted(ln for ln in out if ln.startswith("skip ")) == [
        f"skip {name}: already on the index" for name in sorted(dist_files(released))
    ]


def test_dry_run_no_index_asks_nothing(tmp_path: Path) -> None:
    """--no-index plans offline: an index that cannot be reached is not asked."""
    project = make_project(tmp_path, name="tiny-offline")
    nowhere = f"http://127.0.0.1:{free_port()}/"
    proc = invoke(project, "release", "--dry-run", "--no-index", "--repository-url", nowhere)
    assert proc.returncode == 0, proc.stderr
    assert (
        "note: --no-index: the index was not asked whether this version is there already"
        in proc.stderr
    )
    asked = invoke(project, "release", "--dry-run", "--repository-url", nowhere)
    assert asked.returncode == 1
    assert "cannot reach 127.0.0.1" in last_line(asked)


def test_no_index_needs_dry_run(tmp_path: Path) -> None:
    """--no-index on a real run is bad input: exit 2, one line, before anything is built."""
    project = make_project(tmp_path, name="tiny-no-index")
    proc = invoke(project, "release", "--no-index", "--no-sign")
    assert proc.returncode == 2
    assert last_line(proc) == (
        "releasegate: error: --no-index: only with --dry-run; a real upload first asks the index"
    )
    assert not (project / "dist").exists()


# only the commit is released (issue 15)


def test_uncommitted_edit_never_reaches_the_index(tmp_path: Path, index: Index) -> None:
    """An edited module and an untracked one stay out of the upload; one warning names both."""
    project = make_project(tmp_path / "project", name="tiny-dirty", tag="v1.0.0")
    (project / "src/tiny_dirty/__init__.py").write_text("EDITED = True\n", encoding="utf-8")
    (project / "src/tiny_dirty/extra.py").write_text("UNTRACKED = True\n", encoding="utf-8")
    proc = invoke(project, "release", "--no-sign", "--repository-url", index.url)
    assert proc.returncode == 0, proc.stderr
    assert (
        "warning: not in this build (uncommitted): src/tiny_dirty/__init__.py, "
        "src/tiny_dirty/extra.py; commit them to release them"
    ) in proc.stderr.splitlines()
    stored = index.stored("tiny_dirty")
    assert sorted(stored) == ["tiny_dirty-1.0.0-py3-none-any.whl", "tiny_dirty-1.0.0.tar.gz"]
    wheel = tmp_path / "uploaded.whl"
    wheel.write_bytes(stored["tiny_dirty-1.0.0-py3-none-any.whl"])
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        assert zf.read("tiny_dirty/__init__.py") == b'"""tiny."""\n'
    assert "tiny_dirty/extra.py" not in names
    assert git(project, "status", "--porcelain").splitlines() == [
        " M src/tiny_dirty/__init__.py",
        "?? src/tiny_dirty/extra.py",
    ]


SETUPTOOLS_PYPROJECT = """\
[build-system]
requires = ["setuptools>=77"]
build-backend = "setuptools.build_meta"

[project]
name = "tiny-setuptools"
version = "1.0.0"
description = "A tiny project."
readme = "README.md"
requires-python = ">=3.10"
license = "MIT"
"""


def test_skip_existing_finishes_a_setuptools_release(tmp_path: Path, any_index: Index) -> None:
    """A setuptools sdist rebuilt with the same files counts as the one on the index."""
    project = make_project(
        tmp_path, name="tiny-setuptools", files={"pyproject.toml": SETUPTOOLS_PYPROJECT}
    )
    first = invoke(project, "release", "--no-sign", "--repository-url", any_index.url)
    assert first.returncode == 0, first.stderr
    uploaded = dist_files(project)
    time.sleep(1.1)  # the next build's time differs, so its sdist's bytes do
    rerun = invoke(
        project, "release", "--no-sign", "--skip-existing", "--repository-url", any_index.url
    )
    assert rerun.returncode == 0, rerun.stderr
    assert (
        dist_files(project)["tiny_setuptools-1.0.0.tar.gz"]
        != uploaded["tiny_setuptools-1.0.0.tar.gz"]
    )
    assert rerun.stdout.splitlines() == [
        "skipped tiny_setuptools-1.0.0-py3-none-any.whl: already on the index, same sha256",
        (
            "skipped tiny_setuptools-1.0.0.tar.gz: already on the index, same contents, other "
            "timestamps"
        ),
    ]
    stored = {
        n: hashlib.sha256(b).hexdigest() for n, b in any_index.stored("tiny_setuptools").items()
    }
    assert stored == uploaded


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a project built once with ``invoke build``, for the refusals that only read dist/."""
    project = make_project(tmp_path_factory.mktemp("built"), name="tiny-built")
    proc = invoke(project, "build")
    assert proc.returncode == 0, proc.stderr
    return project


def dist_snapshot(project: Path) -> dict[str, str]:
    """Return name → sha256 of every file in ``project``'s dist/, whatever its kind."""
    return {p.name: sha256(p) for p in (project / "dist").iterdir()}


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


def test_unsigned_files_are_refused(built: Path, index: Index) -> None:
    """Publishing without bundles and without --no-sign stops in the preflight."""
    before = dist_snapshot(built)
    proc = invoke(built, "publish", "--repository-url", index.url)
    assert proc.returncode == 1
    assert last_line(proc) == (
        "releasegate: error: tiny_built-1.0.0-py3-none-any.whl: no "
        "tiny_built-1.0.0-py3-none-any.whl.sigstore.json; run 'invoke sign' first, or pass "
        "--no-sign to upload unsigned"
    )
    assert not [n for n in index.files() if n.startswith("tiny_built")]
    assert dist_snapshot(built) == before  # nothing signed, nothing left behind


def test_sign_without_identity_is_one_line(built: Path) -> None:
    """``invoke sign`` with no identity anywhere exits 1 with the fix in one line."""
    before = dist_snapshot(built)
    proc = invoke(built, "sign")
    assert proc.returncode == 1
    assert last_line(proc).startswith("releasegate: error: no Sigstore identity: ")
    assert "--identity-token" in last_line(proc)
    assert dist_snapshot(built) == before  # nothing signed, nothing left behind


def test_bad_identity_token_never_shows(built: Path) -> None:
    """A malformed --identity-token is refused without echoing it (the canary scan)."""
    before = dist_snapshot(built)
    proc = invoke(built, "sign", "--identity-token", CANARY_TOKEN)
    assert proc.returncode == 1
    assert last_line(proc).startswith(
        "releasegate: error: --identity-token: not a usable Sigstore identity token"
    )
    assert dist_snapshot(built) == before  # nothing signed, nothing left behind


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
    with serving(handler) as proxy:
        proxy_url = f"{proxy}/"
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
    stored = {
        name: hashlib.sha256(data).hexdigest() for name, data in index.stored("tiny_flaky").items()
    }
    assert stored == dist_files(project)
