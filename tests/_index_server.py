"""Real package indexes for tests, started as their users start them.

* :func:`running_index`: pypiserver with its default options (which include the fallback that
  redirects an unknown project to pypi.org), given only what a user gives it: a port, the
  packages folder and the htpasswd file that protects uploads.
* :func:`running_devpi`: devpi-server, set up as its documentation does it: ``devpi-init``,
  ``devpi-server``, then ``devpi`` (devpi-client) to create a user and its index ``<user>/dev``.

No pytest here: tests start one with ``with running_index(tmp_path) as index: ...`` (or from a
fixture of their own) and it stops when the block ends. :data:`SERVERS` maps a name to each,
for tests parametrized over both.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from contextlib import AbstractContextManager

__all__ = ["SERVERS", "Index", "free_port", "running_devpi", "running_index", "wait_for"]

USERNAME = "uploader"
_BIN = Path(sys.executable).parent
_DISTRIBUTIONS = (".whl", ".tar.gz", ".zip")


@dataclass(frozen=True, slots=True)
class Index:
    """A running index: where to upload, where to read, and who may upload."""

    url: str  # upload URL: pypiserver's root, devpi's <user>/<index>/
    simple_url: str
    username: str
    password: str
    packages: Path  # where the server keeps the uploaded files (devpi: in subfolders)
    kind: str = "pypiserver"

    def files(self) -> list[str]:
        """Return the names of the distributions the index stores."""
        return sorted(p.name for p in self._stored())

    def stored(self, prefix: str = "") -> dict[str, bytes]:
        """Return name → bytes of the stored distributions whose names start with ``prefix``."""
        return {p.name: p.read_bytes() for p in self._stored() if p.name.startswith(prefix)}

    def _stored(self) -> list[Path]:
        return [p for p in self.packages.rglob("*") if p.name.endswith(_DISTRIBUTIONS)]


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for(url: str, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    """Poll ``url`` until it answers; raise if ``proc`` exits or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            msg = f"index server exited early with code {proc.returncode}"
            raise RuntimeError(msg)
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except urllib.error.HTTPError:
            return  # it answered
        except OSError:
            time.sleep(0.1)
    msg = f"index server at {url} did not answer within {timeout}s"
    raise RuntimeError(msg)


@contextlib.contextmanager
def _serving(
    argv: list[str], log: Path, probe: str, env: dict[str, str] | None = None
) -> Iterator[None]:
    """Run a server process, its output in ``log``, until the block ends."""
    with log.open("wb") as out:
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=env)
        try:
            wait_for(probe, proc)
            yield
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@contextlib.contextmanager
def running_index(workdir: Path, password: str = "correct-horse-battery") -> Iterator[Index]:  # noqa: S107 - a throwaway test password
    """Start pypiserver with its defaults on a free port, uploads behind htpasswd; stop it after.

    As its README starts it: ``pypi-server run -p PORT -P htpasswd PACKAGES``, with pypiserver's
    own ``--host 127.0.0.1`` so that it listens on loopback only (its default is every
    interface, 0.0.0.0). Its defaults include the fallback: an unknown project's page
    redirects to pypi.org (``303 See Other``).
    """
    packages = workdir / "packages"
    packages.mkdir(parents=True, exist_ok=True)
    htpasswd = workdir / "htpasswd"
    with warnings.catch_warnings():
        # passlib imports the stdlib 'crypt' module, deprecated since Python 3.11
        warnings.simplefilter("ignore", DeprecationWarning)
        from passlib.apache import HtpasswdFile  # noqa: PLC0415 - see the warning above

    users = HtpasswdFile(str(htpasswd), new=True)
    users.set_password(USERNAME, password)
    users.save()
    port = free_port()
    argv = [
        str(_BIN / "pypi-server"),
        "run",
        "--host",
        "127.0.0.1",
        "-p",
        str(port),
        "-P",
        str(htpasswd),
        str(packages),
    ]
    base = f"http://127.0.0.1:{port}/"
    with _serving(argv, workdir / "pypiserver.log", f"{base}simple/"):
        yield Index(base, f"{base}simple/", USERNAME, password, packages)


@contextlib.contextmanager
def running_devpi(workdir: Path, password: str = "correct-horse-battery") -> Iterator[Index]:  # noqa: S107 - a throwaway test password
    """Start devpi-server on a free port with user ``uploader`` and its index ``uploader/dev``.

    As devpi's quickstart does it: ``devpi-init``, ``devpi-server --port PORT``, then with
    devpi-client ``devpi use``, ``devpi user -c``, ``devpi login`` and ``devpi index -c dev``
    (a private index with no bases: its users ask it only for what they uploaded).
    """
    serverdir = workdir / "devpi-server"
    env = {**os.environ, "DEVPI_CLIENTDIR": str(workdir / "devpi-client")}
    _run([str(_BIN / "devpi-init"), "--serverdir", str(serverdir)], env)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    argv = [str(_BIN / "devpi-server"), "--serverdir", str(serverdir), "--port", str(port)]
    with _serving(argv, workdir / "devpi-server.log", f"{base}+api", env):
        devpi = str(_BIN / "devpi")
        _run([devpi, "use", base], env)
        _run([devpi, "user", "-c", USERNAME, f"password={password}"], env)
        _run([devpi, "login", USERNAME, "--password", password], env)
        _run([devpi, "index", "-c", "dev"], env)
        url = f"{base}{USERNAME}/dev/"
        files = serverdir / "+files"
        yield Index(url, f"{url}+simple/", USERNAME, password, files, kind="devpi")
    shutil.rmtree(workdir / "devpi-client", ignore_errors=True)


def _run(argv: list[str], env: dict[str, str]) -> None:
    proc = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        msg = f"{' '.join(argv[:3])} failed: {proc.stdout[-2000:]}{proc.stderr[-2000:]}"
        raise RuntimeError(msg)


SERVERS: dict[str, Callable[..., AbstractContextManager[Index]]] = {
    "pypiserver": running_index,
    "devpi": running_devpi,
}
