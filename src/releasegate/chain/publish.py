"""``publish``: upload ``dist/`` with twine, after a preflight that refuses anything unchecked.

Preflight, before any byte is uploaded: every file passes ``check`` again; every file is signed
(a bundle whose digest is the file's sha256) unless signing was waived with ``--no-sign``; the
version is not already on the index, read through its simple API. With ``skip_existing`` the
files the index already holds with the same sha256 are skipped, which is how a re-run finishes
a partial upload; a file the index holds with other bytes stops the release. An sdist whose
files are the same and only its timestamps differ counts as the same: setuptools writes the
build time into every sdist, so a rebuild of the commit never has the first build's sha256.

Uploads go through twine's Python API in-process, one file at a time, with the credentials
read from ``TWINE_USERNAME``/``TWINE_PASSWORD`` (never put in argv). In GitHub Actions with no
password, twine uses PyPI's trusted publishing (it exchanges the job's OIDC token for a
short-lived upload token). PEP 740 attestations are attached on PyPI and TestPyPI only: other
indexes (pypiserver, devpi) don't take them. Network errors and 5xx answers are retried with
``releasegate.forge._http.retrying``; before each retry the index is asked whether the file arrived
after all, so nothing is uploaded twice.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import Version

from releasegate._redact import Secret, redact
from releasegate.chain._contents import read_metadata, same_sdist_contents
from releasegate.chain._index import (
    PYPI_UPLOAD_URL,
    IndexFile,
    download,
    find_simple_url,
    is_pypi,
    project_files,
    simple_url_for,
)
from releasegate.chain._upload import upload_file
from releasegate.chain.check import CheckedFile, check, render_table
from releasegate.chain.sign import attestation_path, unsigned_reason
from releasegate.errors import PublishError
from releasegate.forge._http import RetryableError, RetryPolicy, retrying

__all__ = [
    "PYPI_UPLOAD_URL",
    "Credentials",
    "PublishPlan",
    "PublishResult",
    "preflight",
    "publish",
    "render_plan",
]


@dataclass(frozen=True, slots=True)
class Credentials:
    """Who uploads: a username and a password or API token (``None`` for trusted publishing)."""

    username: str | None
    password: Secret | None

    @classmethod
    def from_env(cls) -> Credentials:
        """Read ``TWINE_USERNAME`` and ``TWINE_PASSWORD``; the password becomes a ``Secret``."""
        password = os.environ.get("TWINE_PASSWORD")
        return cls(os.environ.get("TWINE_USERNAME") or None, Secret(password) if password else None)


@dataclass(frozen=True, slots=True)
class PublishPlan:
    """What ``publish`` will do: which files go where, which are already there."""

    repository_url: str
    simple_url: str
    name: str
    version: str
    upload: tuple[CheckedFile, ...]
    skip: tuple[CheckedFile, ...]
    attestations: bool
    trusted_publishing: bool
    notes: tuple[str, ...] = ()
    # skipped sdists the index holds with other timestamps: (filename, the index's sha256)
    equivalent: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class PublishResult:
    """The files uploaded now and the files the index already had."""

    uploaded: tuple[Path, ...]
    skipped: tuple[Path, ...]


def preflight(
    project: Path | str = ".",
    *,
    dist: str = "dist",
    repository_url: str = PYPI_UPLOAD_URL,
    simple_url: str | None = None,
    skip_existing: bool = False,
    require_signatures: bool = True,
    credentials: Credentials | None = None,
    query_index: bool = True,
    dry_run: bool = False,
) -> PublishPlan:
    """Check everything an upload needs and return the plan; upload nothing.

    The index is read (never written) unless ``query_index`` is false, so a version already
    there stops a dry run as it stops the real run. With ``dry_run``, missing credentials are a
    note in the plan instead of an error: the dry run has nothing to upload with them.
    Raises ``CheckError``, ``PublishError`` or ``SignError`` with one line naming file or index.
    """
    root = Path(project).resolve()
    files = check(root, dist=dist, log=False)
    if require_signatures:
        problems = [r for f in files if (r := unsigned_reason(f.path)) is not None]
        if problems:
            raise PublishError(
                f"{problems[0]}; run 'invoke sign' first, or pass --no-sign to upload unsigned"
            )
    name, version = read_metadata(files[0].path)
    creds = credentials or Credentials.from_env()
    trusted = creds.password is None and is_pypi(repository_url) and _in_github_actions()
    notes: list[str] = []
    if creds.password is None and not trusted:
        missing = redact(
            f"{repository_url}: no credentials; set TWINE_USERNAME and TWINE_PASSWORD (an API "
            "token with TWINE_USERNAME=__token__), or publish from GitHub Actions with trusted "
            "publishing"
        )
        if not dry_run:
            raise PublishError(missing)
        notes.append(f"the real run needs credentials: {missing.split('; ', 1)[1]}")
    attest = (
        require_signatures
        and is_pypi(repository_url)
        and all(attestation_path(f.path).is_file() for f in files)
    )
    skip: list[CheckedFile] = []
    equivalent: dict[str, str] = {}
    if query_index:
        auth = _auth(creds)
        simple = simple_url or find_simple_url(repository_url, auth=auth)
        listed = project_files(simple, name, auth=auth)
        skip, equivalent = _already_there(
            files, listed, name, version, simple, skip_existing=skip_existing, auth=auth
        )
    else:
        simple = simple_url or simple_url_for(repository_url)
        notes.append("--no-index: the index was not asked whether this version is there already")
    upload = tuple(f for f in files if f not in skip)
    return PublishPlan(
        repository_url,
        simple,
        name,
        version,
        upload,
        tuple(skip),
        attest,
        trusted,
        tuple(notes),
        tuple(sorted(equivalent.items())),
    )


def publish(
    project: Path | str = ".",
    *,
    dist: str = "dist",
    repository_url: str = PYPI_UPLOAD_URL,
    simple_url: str | None = None,
    skip_existing: bool = False,
    require_signatures: bool = True,
    log: bool = True,
) -> PublishResult:
    """Run the preflight, then upload the planned files one by one with twine.

    Raises ``PublishError`` with one line naming the file and the index; a re-run with
    ``skip_existing`` after any failure finishes the release.
    """
    root = Path(project).resolve()
    creds = Credentials.from_env()
    plan = preflight(
        root,
        dist=dist,
        repository_url=repository_url,
        simple_url=simple_url,
        skip_existing=skip_existing,
        require_signatures=require_signatures,
        credentials=creds,
    )
    has_attestations = any(attestation_path(f.path).is_file() for f in plan.upload)
    if log and has_attestations and not is_pypi(repository_url):
        sys.stderr.write(f"note: {_safe(repository_url)} takes no PEP 740 attestations; not sent\n")
    policy = RetryPolicy.from_env()
    uploaded = []
    for item in plan.upload:
        _upload_one(plan, item, creds, policy, skip_existing=skip_existing)
        uploaded.append(item.path)
        if log:
            sys.stdout.write(f"uploaded {item.path.name} to {_safe(repository_url)}\n")
    equivalent = dict(plan.equivalent)
    for item in plan.skip:
        if log:
            same = (
                "same contents, other timestamps" if item.path.name in equivalent else "same sha256"
            )
            sys.stdout.write(f"skipped {item.path.name}: already on the index, {same}\n")
    _confirm(plan, creds)
    return PublishResult(tuple(uploaded), tuple(f.path for f in plan.skip))


def render_plan(plan: PublishPlan, root: Path) -> str:
    """Describe the plan: index, files with size and sha256, what is attached."""
    header = (
        f"would upload {len(plan.upload)} file(s) of {plan.name} {plan.version} to "
        f"{_safe(plan.repository_url)} (simple index {_safe(plan.simple_url)})"
    )
    lines = [header]
    table = render_table(list(plan.upload), root) if plan.upload else ""
    extras = []
    if plan.attestations:
        extras.append("with PEP 740 attestations")
    if plan.trusted_publishing:
        extras.append("authenticated by trusted publishing")
    tail = [f"({', '.join(extras)})"] if extras else []
    equivalent = dict(plan.equivalent)
    skipped = [
        f"skip {f.path.name}: already on the index"
        + (" (same contents, other timestamps)" if f.path.name in equivalent else "")
        for f in plan.skip
    ]
    return "\n".join([*lines, *tail]) + "\n" + table + "".join(f"{s}\n" for s in skipped)


def _already_there(
    files: list[CheckedFile],
    listed: list[IndexFile],
    name: str,
    version: str,
    simple: str,
    *,
    skip_existing: bool,
    auth: tuple[str, Secret] | None,
) -> tuple[list[CheckedFile], dict[str, str]]:
    """The files to skip, and the index's sha256 of those whose bytes differ only in timestamps."""
    same_version = [f for f in listed if _file_version(f.filename, name) == Version(version)]
    if not same_version:
        return [], {}
    if not skip_existing:
        raise PublishError(
            f"{_safe(simple)}: {name} {version} is already on the index; bump the version, or "
            "re-run with --skip-existing to finish a partial upload"
        )
    by_name = {f.filename: f for f in same_version}
    skip = []
    equivalent = {}
    for item in files:
        there = by_name.get(item.path.name)
        if there is None:
            continue
        if there.sha256 is not None and there.sha256 != item.sha256:
            # setuptools stamps the build time into sdists: compare what they hold
            if not item.path.name.endswith(".tar.gz") or not same_sdist_contents(
                item.path, download(there, simple, auth=auth)
            ):
                raise PublishError(_different_bytes(item, simple))
            equivalent[item.path.name] = there.sha256
        skip.append(item)
    return skip, equivalent


def _upload_one(
    plan: PublishPlan,
    item: CheckedFile,
    creds: Credentials,
    policy: RetryPolicy,
    *,
    skip_existing: bool,
) -> None:
    attestation = attestation_path(item.path) if plan.attestations else None
    try:
        for attempt in retrying(f"upload of {item.path.name}", policy=policy):
            with attempt:
                # A failed attempt may have reached the index all the same: ask before re-sending.
                if attempt.num > 1 and _arrived(plan, item, creds):
                    return
                upload_file(
                    plan.repository_url,
                    item.path,
                    username=creds.username,
                    password=creds.password,
                    attestation=attestation,
                    skip_existing=skip_existing,
                )
    except RetryableError as exc:
        raise PublishError(
            redact(
                f"{_safe(plan.repository_url)}: upload of {item.path.name}: {exc}; gave up after "
                f"{policy.attempts} attempts, re-run with --skip-existing"
            )
        ) from None


def _arrived(plan: PublishPlan, item: CheckedFile, creds: Credentials) -> bool:
    """Whether the index lists ``item`` now; a listing with other bytes stops the release."""
    listed = project_files(plan.simple_url, plan.name, auth=_auth(creds))
    there = next((f for f in listed if f.filename == item.path.name), None)
    if there is None:
        return False
    if there.sha256 is not None and there.sha256 != item.sha256:
        raise PublishError(_different_bytes(item, plan.simple_url))
    return True


def _confirm(plan: PublishPlan, creds: Credentials) -> None:
    """After uploading, the index must list every file with the bytes we have."""
    listed = {f.filename: f for f in project_files(plan.simple_url, plan.name, auth=_auth(creds))}
    expected = {item.path.name: item.sha256 for item in (*plan.upload, *plan.skip)}
    expected.update(plan.equivalent)
    for item in (*plan.upload, *plan.skip):
        there = listed.get(item.path.name)
        if there is None:
            raise PublishError(
                f"{_safe(plan.simple_url)}: {item.path.name} is not listed after the upload; "
                "check --simple-url, then re-run with --skip-existing"
            )
        if there.sha256 is not None and there.sha256 != expected[item.path.name]:
            raise PublishError(_different_bytes(item, plan.simple_url))


def _different_bytes(item: CheckedFile, simple: str) -> str:
    return (
        f"{_safe(simple)}: {item.path.name} is on the index with a different sha256; this is not "
        "the build that was uploaded, rebuild from the release commit or bump the version"
    )


def _file_version(filename: str, name: str) -> Version | None:
    try:
        if filename.endswith(".whl"):
            parsed_name, version, _, _ = parse_wheel_filename(filename)
        else:
            parsed_name, version = parse_sdist_filename(filename)
    except (InvalidWheelFilename, InvalidSdistFilename):
        return None
    return version if parsed_name == canonicalize_name(name) else None


def _auth(creds: Credentials) -> tuple[str, Secret] | None:
    if creds.username and creds.password:
        return (creds.username, creds.password)
    return None


def _in_github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def _safe(url: str) -> str:
    return redact(url)
