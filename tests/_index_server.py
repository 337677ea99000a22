"""A real package index for tests: pypiserver on 127.0.0.1 with an htpasswd file.

No pytest here: tests start it with ``with running_index(tmp_path) as index: ...`` (or from a
fixture of their own) and it stops when the block ends.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

__all__ = ["Index", "free_port", "running_index", "wait_for"]

USERNAME = "uploader"


@dataclass(frozen=True, slots=True)
class Index:
    """A running index: where to upload, where to read, and who may upload."""

    url: str  # upload URL (pypiserver takes uploads at its root)
    simple_url: str
    username: str
    password: str
    packages: Path

    def files(self) -> list[str]:
        """Return the names of the files the index stores."""
        return sorted(p.name for p in self.packages.iterdir())


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for(url: str, proc: subprocess.Popen[bytes], timeout: float = 20.0) -> None:
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
def running_index(workdir: Path, password: str = "correct-horse-battery") -> Iterator[Index]:  # noqa: S107 - a throwaway test password
    """Start pypiserver on a free port, uploads protected by an htpasswd file; stop it after."""
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
        sys.executable,
        "-m",
        "pypiserver",
        "run",
        "-i",
        "127.0.0.1",
        "-p",
        str(port),
        "-P",
        str(htpasswd),
        "-a",
        "update",
        "--disable-fallback",
        "--log-stream",
        "none",
        str(packages),
    ]
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(f"{base}simple/", proc)
        yield Index(base, f"{base}simple/", USERNAME, password, packages)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
