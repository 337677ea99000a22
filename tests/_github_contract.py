"""GitHub's API contract, from GitHub's own description of it (``tests/data/github/``).

The local GitHub stand-in (``tests._github_server``) checks every exchange against it: each
request releasegate sends (method, path, query parameters, body) and each answer the stand-in
gives (status, body) against the trimmed copy of ``@octokit/openapi``'s description, with
``openapi-core``; each GraphQL document and its variables against the trimmed
``@octokit/graphql-schema``, with ``graphql-core``. A request GitHub does not document, or an
answer GitHub would not give, is a violation, and a test that made one fails.

:func:`filled` builds a response object of a documented schema: every required property with a
value of its type, then the stand-in's own fields laid over it, so answers carry what GitHub's
carry.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

    from graphql import GraphQLSchema
    from openapi_core import OpenAPI

__all__ = [
    "DATA",
    "filled",
    "graphql_schema",
    "graphql_violations",
    "rest_violations",
]

DATA = Path(__file__).resolve().parent / "data" / "github"
_HOST = "https://api.github.com"
# Path parameters that may hold slashes, as GitHub's router takes them ("heads/feature/x").
_GREEDY = {"ref", "tag"}


@functools.cache
def _description() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / "api.github.com.json").read_text("utf-8"))
    return data


@functools.cache
def _openapi() -> OpenAPI:
    from openapi_core import OpenAPI  # noqa: PLC0415 - loaded once, by the first exchange

    return OpenAPI.from_dict(_description())


@functools.cache
def graphql_schema() -> GraphQLSchema:
    """GitHub's GraphQL schema, trimmed to what releasegate's documents use."""
    from graphql import build_schema  # noqa: PLC0415

    return build_schema((DATA / "schema.graphql").read_text("utf-8"))


@functools.cache
def _routes() -> list[tuple[re.Pattern[str], str, frozenset[str]]]:
    routes = []
    for template, item in _description()["paths"].items():
        pattern = re.sub(
            r"\\\{(\w+)\\\}",
            lambda m: f"(?P<{m[1]}>{'.+' if m[1] in _GREEDY else '[^/]+'})",
            re.escape(template),
        )
        methods = frozenset(m for m in item if m != "parameters")
        routes.append((re.compile(f"^{pattern}$"), template, methods))
    # literal segments first: /releases/tags/{tag} before /releases/{release_id}
    routes.sort(key=lambda r: r[1].count("{"))
    return routes


def _route(method: str, path: str) -> tuple[str, dict[str, str]] | None:
    for pattern, template, methods in _routes():
        match = pattern.match(path)
        if match and method.lower() in methods:
            return template, match.groupdict()
    return None


class _Request:
    """openapi-core's request protocol (with the path pattern already matched)."""

    def __init__(
        self,
        method: str,
        path: str,
        *,
        template: str,
        params: dict[str, str],
        query: Mapping[str, list[str]],
        body: bytes,
    ) -> None:
        from openapi_core.datatypes import RequestParameters  # noqa: PLC0415
        from werkzeug.datastructures import Headers, ImmutableMultiDict  # noqa: PLC0415

        self.method = method.lower()
        self.host_url = _HOST
        self.path = path
        self.path_pattern = template
        pairs = [(k, v) for k, values in query.items() for v in values]
        self.parameters = RequestParameters(
            path=params,
            query=ImmutableMultiDict(pairs),
            header=Headers({"Content-Type": "application/json"} if body else {}),
            cookie=ImmutableMultiDict(),
        )
        self.body = body or None
        self.content_type = "application/json" if body else ""


class _Response:
    def __init__(self, status: int, body: bytes) -> None:
        from werkzeug.datastructures import Headers  # noqa: PLC0415

        self.status_code = status
        self.data = body or None
        self.content_type = "application/json; charset=utf-8" if body else ""
        self.headers = Headers({"Content-Type": self.content_type} if body else {})


def _explain(exc: Exception) -> str:
    causes = [exc, exc.__cause__, getattr(exc.__cause__, "__cause__", None)]
    details: list[str] = []
    for cause in causes:
        for error in getattr(cause, "schema_errors", None) or ():
            where = "/".join(str(p) for p in getattr(error, "absolute_path", ()))
            details.append(f"{where or '<root>'}: {getattr(error, 'message', error)}")
    text = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
    return text + (" [" + "; ".join(details[:5]) + "]" if details else "")


def rest_violations(
    method: str,
    path: str,
    query: Mapping[str, list[str]],
    body: bytes,
    *,
    status: int | None,
    answer: bytes,
) -> list[str]:
    """What in one REST exchange breaks GitHub's description; ``status=None`` skips the answer.

    ``path`` is the API path without any GitHub Enterprise prefix (``/repos/o/r/pulls``).
    """
    from openapi_core.exceptions import OpenAPIError  # noqa: PLC0415

    route = _route(method, path)
    if route is None:
        return [f"{method} {path}: not an operation of GitHub's REST API (or not in {DATA.name})"]
    template, params = route
    request = _Request(method, path, template=template, params=params, query=query, body=body)
    problems = []
    try:
        _openapi().validate_request(request)
    except OpenAPIError as exc:
        problems.append(f"request {method} {template}: {_explain(exc)}")
    if status is not None:
        try:
            _openapi().validate_response(request, _Response(status, answer))
        except OpenAPIError as exc:
            problems.append(f"answer {status} to {method} {template}: {_explain(exc)}")
    return problems


def graphql_violations(document: Any, variables: Any) -> list[str]:
    """What in a GraphQL request breaks GitHub's schema: the document, then its variables."""
    from graphql import GraphQLError, parse, validate  # noqa: PLC0415
    from graphql.execution.values import get_variable_values  # noqa: PLC0415
    from graphql.utilities import get_operation_ast  # noqa: PLC0415

    if not isinstance(document, str):
        return ["GraphQL: the request has no query document"]
    try:
        ast = parse(document)
    except GraphQLError as exc:
        return [f"GraphQL: {exc.message}"]
    errors = validate(graphql_schema(), ast)
    if errors:
        return [f"GraphQL document: {error.message}" for error in errors]
    operation = get_operation_ast(ast)
    if operation is None:
        return ["GraphQL: no single operation in the document"]
    coerced = get_variable_values(
        graphql_schema(), operation.variable_definitions or (), variables or {}
    )
    if isinstance(coerced, list):
        return [f"GraphQL variables: {error.message}" for error in coerced]
    return []


def _resolve(schema: Any) -> Any:
    while isinstance(schema, dict) and "$ref" in schema:
        _, _, kind, name = schema["$ref"].split("/", 3)
        schema = _description()["components"][kind][name]
    return schema


def _example(schema: Any) -> Any:
    """A value that satisfies ``schema``: required properties only, the simplest of each type."""
    schema = _resolve(schema)
    if "allOf" in schema:
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            value = _example(part)
            if isinstance(value, dict):
                merged.update(value)
        return merged
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return _example(schema[key][0])
    if schema.get("nullable"):
        return None
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {name: _example(props[name]) for name in schema.get("required", []) if name in props}
    if kind == "array":
        return []
    if kind in {"integer", "number"}:
        return 1
    if kind == "boolean":
        return False
    formats = {"date-time": "2026-01-01T00:00:00Z", "uri": "https://api.github.com/x"}
    return formats.get(schema.get("format"), "x")


def _object_schema(schema: Any) -> dict[str, Any] | None:
    """The object schema behind ``schema`` (through $ref, allOf, anyOf/oneOf), if it is one."""
    schema = _resolve(schema)
    if "allOf" in schema:
        merged: dict[str, Any] = {"properties": {}, "required": []}
        for part in schema["allOf"]:
            piece = _object_schema(part) or {}
            merged["properties"].update(piece.get("properties", {}))
            merged["required"] += piece.get("required", [])
        return merged
    for key in ("anyOf", "oneOf"):
        for option in schema.get(key, ()):
            found = _object_schema(option)
            if found is not None:
                return found
    if schema.get("type") == "object" or "properties" in schema:
        return dict(schema)
    return None


def _fill(schema: Any, fields: Mapping[str, Any]) -> dict[str, Any]:
    """``fields`` over an example of ``schema``; nested objects are completed the same way."""
    shape = _object_schema(schema) or {}
    props = shape.get("properties", {})
    merged = {name: _example(props[name]) for name in shape.get("required", []) if name in props}
    for key, value in fields.items():
        if isinstance(value, dict) and key in props and _object_schema(props[key]) is not None:
            merged[key] = _fill(props[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def filled(component: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """An object of schema ``components/schemas/<component>`` with ``fields`` laid over it."""
    return _fill({"$ref": f"#/components/schemas/{component}"}, fields)
