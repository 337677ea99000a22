"""``doctor``'s checks of the project itself: its version files, its build, the index.

Each is a function of ``(Checkup, Report)`` listed in :data:`releasegate.adopt.doctor.CHECKS`.
They only read (``--build`` builds into a temporary directory).
"""

from __future__ import annotations

import tempfile
from typing import TYPE_CHECKING

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion
from packaging.version import Version as Pep440

from releasegate import chain
from releasegate.adopt.project import detect_project
from releasegate.adopt.release_config_setup import is_development
from releasegate.engine.manifest import MANIFEST_FILE_NAME
from releasegate.errors import ReleasegateError, UsageError

if TYPE_CHECKING:
    from releasegate.adopt._doctor_checkup import Checkup, Report

__all__ = ["check_build", "check_index", "check_version_files", "check_workspace_pins"]


# -- the project's files ----------------------------------------------------------------------
def check_version_files(checkup: Checkup, report: Report) -> None:
    """The version in the project's files agrees with the manifest."""
    files = checkup.files
    manifest = files.versions.get(".") if files is not None else None
    if manifest is None:
        return
    if not checkup.on_branch_checkout:
        report.add(
            "versions", "skipped",
            f"the work tree is not branch {checkup.branch!r}'s tip; its version files not read",
            code="not-checked-out",
        )  # fmt: skip
        return
    try:
        project = detect_project(checkup.root)
    except UsageError:
        return
    if project.dynamic_version or project.version_source in {"tag", "none"}:
        report.add(
            "versions", "ok", "the version comes from git tags; no file to agree with",
            code="dynamic-version",
        )  # fmt: skip
        return
    expected = str(manifest)
    facts = {"file": project.version_source, "file_version": project.version,
             "manifest_version": expected}  # fmt: skip
    if _same(project.version, expected):
        report.add(
            "versions", "ok", f"{project.version_source} and the manifest agree: {expected}",
            code="agree", details=facts,
        )  # fmt: skip
    elif _develops_after(project.version, expected):
        report.add(
            "versions", "ok",
            f"{project.version_source} says {project.version}, a development version after "
            f"{expected}, the manifest's last release; the release PR writes the next version "
            "over it",
            code="development-version", details=facts,
        )  # fmt: skip
    else:
        report.add(
            "versions",
            "problem",
            f"{project.version_source} says {project.version}, {MANIFEST_FILE_NAME} says "
            f"{expected}; set both to the version last released",
            code="version-mismatch",
            details=facts,
        )


def check_workspace_pins(checkup: Checkup, report: Report) -> None:
    """The requirements of uv workspace members on each other admit the manifest's versions."""
    from releasegate.engine.package_graph import (  # noqa: PLC0415 - only workspaces need it
        pin_disagreements,
        read_package,
        workspace_members,
    )

    files, settings, tree = checkup.files, checkup.settings, checkup.tree
    if files is None or settings is None or tree is None or checkup.from_work_tree:
        return
    try:
        members = workspace_members(tree)
        packages = [p for m in members or () if (p := read_package(tree, m)) is not None]
    except ReleasegateError as exc:
        report.add("workspace", "problem", str(exc), code="invalid")
        return
    versions = {path: str(version) for path, version in files.versions.items()}
    checked, disagreements = pin_disagreements(packages, versions)
    plugin = "uv-workspace" in settings.plugins
    keeps = "" if plugin else ' (plugins = ["uv-workspace"] in [tool.releasegate] keeps it so)'
    for found in disagreements:
        package, text = found.package, found.requirement.text
        report.add(
            "workspace",
            "warning",
            found.describe(MANIFEST_FILE_NAME) + keeps,
            code="pin-disagrees",
            details={"file": package.pyproject, "requirement": text,
                     "package": found.required.display_name, "version": found.version},
        )  # fmt: skip
    if checked and not disagreements:
        report.add(
            "workspace", "ok", f"{checked} requirement(s) between members admit the manifest",
            code="pins-agree", details={"checked": checked},
        )  # fmt: skip


def _develops_after(version: str | None, released: str) -> bool:
    """Whether ``version`` is a development release (``8.5.0.dev``) of one after ``released``."""
    if version is None or not is_development(version):
        return False
    try:
        return Pep440(Pep440(version).base_version) > Pep440(released)
    except InvalidVersion:
        return False


def _same(left: str | None, right: str) -> bool:
    if left is None:
        return False
    try:
        return Pep440(left) == Pep440(right)
    except InvalidVersion:
        return left == right


# -- build and index --------------------------------------------------------------------------
def check_build(checkup: Checkup, report: Report) -> None:
    """With ``--build``: build the project and run ``twine check --strict``."""
    if not checkup.build:
        return
    with tempfile.TemporaryDirectory(prefix="releasegate-doctor-") as tmp:
        try:
            chain.build(checkup.root, dist=tmp, log=False)
            checked = chain.check(checkup.root, dist=tmp, log=False)
        except ReleasegateError as exc:
            report.add("build", "problem", str(exc), code="build-failed")
            return
    names = [f.path.name for f in checked]
    report.add("build", "ok", f"builds and passes twine check --strict: {', '.join(names)}",
               code="builds", details={"files": names})  # fmt: skip


def check_index(checkup: Checkup, report: Report) -> None:
    """The next version is not on the index yet (an upload of it would be refused)."""
    if checkup.index_url is None:
        return
    from releasegate.chain._index import project_files  # noqa: PLC0415 - only with the check
    from releasegate.forge._http import RetryPolicy  # noqa: PLC0415 - only with the check

    index_url = checkup.index_url
    summary = checkup.package_plan(".")
    if summary is None or summary.next_version is None:
        report.add("index", "skipped", "no release pending; nothing to look up",
                   code="nothing-pending")  # fmt: skip
        return
    try:
        name = detect_project(checkup.root).name
    except UsageError:
        report.add("index", "skipped", "not a Python project; no distribution to look up",
                   code="not-python")  # fmt: skip
        return
    try:
        # one attempt: an offline laptop gets its report at once, the check is skipped
        files = project_files(index_url, name, policy=RetryPolicy(attempts=1))
    except ReleasegateError:
        report.add("index", "skipped", f"{index_url} unreachable (offline?); not checked",
                   code="unreachable")  # fmt: skip
        return
    version = summary.next_version
    taken = [f.filename for f in files if _same(_version_of(f.filename, name) or "", version)]
    facts = {"project": name, "version": version, "index": index_url}
    if taken:
        report.add(
            "index",
            "problem",
            f"{name} {version} is already on {index_url} ({taken[0]}); the upload would be "
            "refused: set release-as to a later version",
            code="version-taken",
            details={**facts, "file": taken[0]},
        )
    else:
        report.add("index", "ok", f"{name} {version} is not on {index_url} yet",
                   code="version-free", details=facts)  # fmt: skip


def _version_of(filename: str, name: str) -> str | None:
    stem = filename.removesuffix(".tar.gz").removesuffix(".whl")
    parts = stem.split("-")
    if len(parts) < 2 or canonicalize_name(parts[0]) != canonicalize_name(name):  # noqa: PLR2004
        return None
    try:
        return str(Pep440(parts[1]))
    except InvalidVersion:
        return None
