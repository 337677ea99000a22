"""check-pr's report in its three forms: terminal text, one JSON document, and Markdown.

The Markdown goes to the job summary and, behind :data:`MARKER`, into the PR comment. Every
form says the same: each text that is not conventional with its fix, what merging would
release, the PR's undeclared public API changes, and how the merge methods were chosen.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from releasegate.engine.version import Version, VersionParseError
from releasegate.forge.check_pr import MARKER

if TYPE_CHECKING:
    from releasegate.engine.api_check import ApiChange
    from releasegate.engine.plan import PackagePlan
    from releasegate.engine.pr_gate import TextCheck
    from releasegate.forge.check_pr import CheckReport, PrApiChanges, Preview

__all__ = ["MARKER", "bump_kind", "render_json", "render_markdown", "render_text"]

_LISTED = 50  # changes listed per package in Markdown; a PR comment holds 65,536 characters


def bump_kind(current: str | None, following: str) -> str:
    """``major``, ``minor``, ``patch`` or ``prerelease``; ``first release`` without a current.

    >>> bump_kind("1.2.3", "1.3.0"), bump_kind("0.4.1", "0.4.2"), bump_kind(None, "0.1.0")
    ('minor', 'patch', 'first release')
    """
    if current is None:
        return "first release"
    try:
        old, new = Version.parse(current, "pep440"), Version.parse(following, "pep440")
    except VersionParseError:
        return "release"
    if new.major != old.major:
        return "major"
    if new.minor != old.minor:
        return "minor"
    return "patch" if new.patch != old.patch else "prerelease"


def _package_line(package: PackagePlan, name: str) -> str:
    """``widget 1.2.3 -> 1.3.0 (minor: feat: add x)``, or why nothing is released."""
    current = package.current_version or "unreleased"
    if package.next_version is None:
        return f"{name} {current}: nothing to release ({package.reason})"
    kind = bump_kind(package.current_version, package.next_version)
    why = package.decisive or package.reason
    return f"{name} {current} -> {package.next_version} ({kind}: {why})"


def _problem_line(check: TextCheck, base: str) -> str:
    fix = ""
    if check.what == "commit":
        fix = f"; reword it (git rebase -i origin/{base})"
    return f"{check.label}: {check.problem}{fix}"


def _checked(report: CheckReport) -> str:
    """Which texts were checked and why: the methods and where they were read."""
    titles = sum(1 for c in report.checks if c.what == "title")
    commits = sum(1 for c in report.checks if c.what == "commit")
    parts = (["the PR title"] if titles else []) + ([f"{commits} commit(s)"] if commits else [])
    methods = ", ".join(report.methods.methods)
    return (
        f"checked {' and '.join(parts) or 'nothing'}: merges by {methods} "
        f"(from {report.methods.source})"
    )


def render_text(report: CheckReport) -> str:
    """The terminal report: problems first (one line each), then the preview and API changes."""
    lines = [_problem_line(c, report.base) for c in report.problems]
    if lines:
        lines.append("")
    lines.append(_checked(report) + ("" if report.problems else "; all conventional"))
    lines += [f"note: {note}" for note in report.notes]
    lines += _preview_text(report.preview, report.base)
    for changes in report.api:
        lines += _api_text(changes)
    return "\n".join(lines) + "\n"


def _preview_text(preview: Preview, base: str) -> list[str]:
    heading = f"Merging into {base} ({preview.method}) would release:"
    if preview.unavailable:
        return [f"No preview: {preview.unavailable}"]
    packages = [_package_line(p, preview.names.get(p.path, p.path)) for p in preview.packages]
    if not any(p.next_version for p in preview.packages):
        heading = f"Merging into {base} ({preview.method}) would release nothing:"
    return [heading, *[f"  {line}" for line in packages]]


def _api_text(changes: PrApiChanges) -> list[str]:
    comparison = changes.comparison
    lines = [f"  api-check: {warning}" for warning in comparison.warnings]
    if changes.short:
        lines.append(
            f"Public API breaks in {changes.name} that the PR's texts do not declare (they need "
            f"{changes.needed}); mark them 'fix!: …' or add a 'BREAKING CHANGE:' footer:"
        )
        lines += [f"  {c.render()}" for c in comparison.breaks]
    elif comparison.breaks:
        lines.append(f"Public API breaks in {changes.name} (declared by the PR):")
        lines += [f"  {c.render()}" for c in comparison.breaks]
    if comparison.uncertain:
        lines.append(f"Possibly breaking in {changes.name} (changed values; never a bump):")
        lines += [f"  {c.render()}" for c in comparison.uncertain]
    return lines


# -- Markdown ----------------------------------------------------------------------------------
def _code(text: str) -> str:
    """``text`` as a Markdown code span, whatever backticks it holds (CommonMark's rule)."""
    longest = 0
    current = 0
    for char in text:
        current = current + 1 if char == "`" else 0
        longest = max(longest, current)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: CheckReport) -> str:
    """The job summary and PR comment (the marker is added by the comment's writer)."""
    lines: list[str] = []
    problems = report.problems
    if problems:
        lines += [
            (
                f"### ❌ {len(problems)} text(s) that would land on `{report.base}` are not "
                "conventional commits"
            ),
            "",
        ]
        for check in problems:
            what = "PR title" if check.what == "title" else f"commit {(check.sha or '')[:7]}"
            lines.append(f"* {what} {_code(check.text)}: {check.problem}")
        lines.append("")
    else:
        lines += [f"### ✅ What would land on `{report.base}` is conventional", ""]
    lines += _preview_markdown(report.preview, report.base)
    for changes in report.api:
        lines += _api_markdown(changes)
    footer = _checked(report)
    notes = "; ".join(report.notes)
    lines.append(f"<sub>releasegate check-pr: {footer}{'; ' + notes if notes else ''}</sub>")
    return "\n".join(lines) + "\n"


def _preview_markdown(preview: Preview, base: str) -> list[str]:
    if preview.unavailable:
        return [f"**No preview:** {preview.unavailable}", ""]
    lines = [
        f"#### What merging into `{base}` would release ({preview.method} merge)",
        "",
        "| Package | Version | Why |",
        "| --- | --- | --- |",
    ]
    for package in preview.packages:
        name = _cell(preview.names.get(package.path, package.path))
        current = package.current_version or "unreleased"
        if package.next_version is None:
            lines.append(f"| {name} | {current} | nothing to release: {_cell(package.reason)} |")
            continue
        kind = bump_kind(package.current_version, package.next_version)
        why = _code(package.decisive) if package.decisive else _cell(package.reason)
        lines.append(f"| {name} | {current} → **{package.next_version}** ({kind}) | {why} |")
    return [*lines, ""]


def _changes_markdown(changes: tuple[ApiChange, ...]) -> list[str]:
    shown = [f"* {_cell(c.render())}" for c in changes[:_LISTED]]
    if len(changes) > _LISTED:
        shown.append(f"* … and {len(changes) - _LISTED} more")
    return shown


def _api_markdown(changes: PrApiChanges) -> list[str]:
    comparison = changes.comparison
    lines = [f"> api-check: {_cell(w)}" for w in comparison.warnings]
    if lines:
        lines.append("")
    if changes.short:
        lines += [
            f"#### ⚠ Public API breaks in {changes.name} the PR does not declare",
            "",
            (
                f"They need {changes.needed}: mark the title or a commit `fix!:` (or add a "
                "`BREAKING CHANGE:` footer)."
            ),
            "",
            *_changes_markdown(comparison.breaks),
            "",
        ]
    elif comparison.breaks:
        lines += [f"#### Public API breaks in {changes.name} (declared)", "",
                  *_changes_markdown(comparison.breaks), ""]  # fmt: skip
    if comparison.uncertain:
        lines += [f"#### Possibly breaking in {changes.name} (changed values; never a bump)", "",
                  *_changes_markdown(comparison.uncertain), ""]  # fmt: skip
    return lines


# -- JSON --------------------------------------------------------------------------------------
def render_json(report: CheckReport) -> str:
    """The ``--json`` document (see README: check-pr)."""
    preview = report.preview
    doc: dict[str, Any] = {
        "ok": not report.problems,
        "pullRequest": {
            "number": report.number,
            "title": report.title,
            "base": report.base,
            "baseSha": report.base_sha,
            "headSha": report.head_sha,
        },
        "mergeMethods": list(report.methods.methods),
        "mergeMethodsFrom": report.methods.source,
        "checked": [_check_json(c) for c in report.checks],
        "problems": [_problem_line(c, report.base) for c in report.problems],
        "preview": {
            "mergeMethod": preview.method,
            "unavailable": preview.unavailable,
            "packages": [_package_json(p, preview) for p in preview.packages],
        },
        "apiChanges": [_api_json(c) for c in report.api],
        "notes": list(report.notes),
        "warnings": list(report.warnings),
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _check_json(check: TextCheck) -> dict[str, Any]:
    return {
        "what": check.what,
        "sha": check.sha,
        "text": check.text,
        "ok": check.problem is None,
        "problem": check.problem,
    }


def _package_json(package: PackagePlan, preview: Preview) -> dict[str, Any]:
    following = package.next_version
    return {
        "path": package.path,
        "name": preview.names.get(package.path, package.path),
        "currentVersion": package.current_version,
        "nextVersion": following,
        "bump": None if following is None else bump_kind(package.current_version, following),
        "because": package.decisive,
        "reason": package.reason,
        "line": _package_line(package, preview.names.get(package.path, package.path)),
    }


def _api_json(changes: PrApiChanges) -> dict[str, Any]:
    def items(found: tuple[ApiChange, ...]) -> list[dict[str, str]]:
        return [{"object": c.object, "change": c.change, "location": c.location} for c in found]

    comparison = changes.comparison
    return {
        "package": comparison.path,
        "name": changes.name,
        "modules": list(comparison.modules),
        "undeclared": changes.short,
        "needs": changes.needed,
        "breaks": items(comparison.breaks),
        "uncertain": items(comparison.uncertain),
        "warnings": list(comparison.warnings),
    }
