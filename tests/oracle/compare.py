"""Mask random ids and diff two release-PR documents, per pull request and per file.

Both documents have releasegate's shape: ``{"pullRequests": [{"title", ..., "updates":
[{"path", "content"}]}]}``. :func:`diff_documents` returns one readable message per difference,
with unified diffs for bodies and file contents.
"""

from __future__ import annotations

import copy
import difflib
import json
import re
from typing import TYPE_CHECKING, Any

from tests.oracle.oracle import PR_KEYS

if TYPE_CHECKING:
    from collections.abc import Collection

__all__ = ["ID_MASK", "diff_documents", "mask_ids", "spec_uuids", "unified_diff"]

ID_MASK = "<masked-release-id>"
_UUID = r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
_ID_FIELD = re.compile(rf'("id"\s*:\s*")({_UUID})(")')
_ANY_UUID = re.compile(_UUID)


def spec_uuids(spec: dict[str, Any]) -> frozenset[str]:
    """Return every UUID written anywhere in a repository spec (ids of existing releases)."""
    return frozenset(_ANY_UUID.findall(json.dumps(spec)))


def mask_ids(doc: dict[str, Any], keep: Collection[str] = ()) -> dict[str, Any]:
    """Return a copy of ``doc`` whose ``changelog.json`` release ids read ``ID_MASK``.

    release-please gives every new release entry a random ``crypto.randomUUID()``; ids listed in
    ``keep`` (those already in the repository, see :func:`spec_uuids`) stay, so a tool that
    rewrites old entries is still caught. A non-UUID ``id`` is left alone and shows in the diff.
    """
    out = copy.deepcopy(doc)
    for pr in out.get("pullRequests", []):
        for update in pr.get("updates", []):
            path, content = update.get("path"), update.get("content")
            if not isinstance(path, str) or not isinstance(content, str):
                continue
            if path.rsplit("/", 1)[-1] != "changelog.json":
                continue
            update["content"] = _ID_FIELD.sub(
                lambda m: m.group(0) if m.group(2) in keep else m.group(1) + ID_MASK + m.group(3),
                content,
            )
    return out


def unified_diff(expected: str, actual: str, name: str) -> str:
    """Return a unified diff from ``expected`` to ``actual`` (line endings made visible)."""
    lines = difflib.unified_diff(
        expected.splitlines(keepends=True),
        actual.splitlines(keepends=True),
        fromfile=f"expected/{name}",
        tofile=f"actual/{name}",
    )
    text = "".join(line if line.endswith("\n") else line + "\n\\ no newline\n" for line in lines)
    return text or f"(same lines; texts differ in whitespace: {expected!r} vs {actual!r})\n"


def _diff_value(where: str, expected: Any, actual: Any) -> str:
    if isinstance(expected, str) and isinstance(actual, str) and "\n" in expected + actual:
        return f"{where} differs:\n{unified_diff(expected, actual, where)}"
    return f"{where}: expected {expected!r}, got {actual!r}"


def _pr_label(index: int, pr: dict[str, Any]) -> str:
    return f"pullRequests[{index}] ({pr.get('headBranchName')!s}: {pr.get('title')!r})"


def _diff_updates(label: str, expected: list[Any], actual: list[Any]) -> list[str]:
    problems: list[str] = []
    exp = {u["path"]: u for u in expected}
    act = {u.get("path"): u for u in actual if isinstance(u, dict)}
    missing = [p for p in exp if p not in act]
    extra = [p for p in act if p not in exp]
    if missing:
        problems.append(f"{label}: files not in the PR: {missing}")
    if extra:
        problems.append(f"{label}: files the PR should not touch: {extra}")
    common_exp = [p for p in exp if p in act]
    common_act = [p for p in act if p in exp]
    if common_exp != common_act:
        problems.append(f"{label}: file order differs: expected {common_exp}, got {common_act}")
    if len(act) != len(actual):
        problems.append(f"{label}: duplicate or malformed update entries: {actual!r}")
    for path in common_exp:
        e, a = exp[path], act[path]
        if set(a) != {"path", "content"}:
            problems.append(f"{label} {path}: update keys {sorted(a)}, expected path+content")
        if e["content"] != a.get("content"):
            problems.append(_diff_value(f"{label} {path}", e["content"], a.get("content")))
    return problems


def diff_documents(expected: dict[str, Any], actual: Any) -> list[str]:
    """Return the differences between two documents; an empty list means they are equal."""
    if not isinstance(actual, dict) or not isinstance(actual.get("pullRequests"), list):
        return [f"actual is not a {{'pullRequests': [...]}} document: {actual!r:.300}"]
    problems: list[str] = []
    if set(actual) != {"pullRequests"}:
        problems.append(f"top-level keys: expected ['pullRequests'], got {sorted(actual)}")
    exp_prs: list[Any] = expected["pullRequests"]
    act_prs: list[Any] = actual["pullRequests"]
    if len(exp_prs) != len(act_prs):
        problems.append(
            f"expected {len(exp_prs)} pull request(s), got {len(act_prs)}:\n"
            f"  expected: {[_pr_label(i, p) for i, p in enumerate(exp_prs)]}\n"
            f"  actual:   {[_pr_label(i, p) for i, p in enumerate(act_prs) if isinstance(p, dict)]}"
        )
    for index, (e, a) in enumerate(zip(exp_prs, act_prs, strict=False)):
        label = _pr_label(index, e)
        if not isinstance(a, dict):
            problems.append(f"{label}: not an object: {a!r:.200}")
            continue
        keys = {*PR_KEYS, "updates"}
        if set(a) != keys:
            problems.append(
                f"{label}: keys missing {sorted(keys - set(a))}, unexpected {sorted(set(a) - keys)}"
            )
        problems.extend(
            _diff_value(f"{label} {key}", e[key], a.get(key))
            for key in PR_KEYS
            if e[key] != a.get(key) or type(e[key]) is not type(a.get(key))
        )
        updates = a.get("updates")
        if not isinstance(updates, list):
            problems.append(f"{label}: updates is not a list: {updates!r:.200}")
            continue
        problems.extend(_diff_updates(label, e["updates"], updates))
    return problems
