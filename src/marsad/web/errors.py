"""The API's errors: one JSON shape for every failure, ``MarsadError.to_dict()``.

``{"error": CODE, "message": TEXT, "origin": WHERE-OR-NULL}``, plus ``details`` (one item per
problem) on validation errors. ``CODE`` is stable and machine-readable; the HTTP status says
the same thing in HTTP terms. Unexpected exceptions become ``internal_error`` (500) with no
stack trace in the response (it goes to the server log).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from marsad.errors import MarsadError

log = logging.getLogger("marsad.web")


class HTTPError(MarsadError):
    """An error about the request itself (not about an article)."""

    code = "bad_request"
    http_status = 400


class Unauthorized(HTTPError):
    code = "unauthorized"
    http_status = 401


class Forbidden(HTTPError):
    code = "forbidden"
    http_status = 403


class NotFound(HTTPError):
    code = "not_found"
    http_status = 404


class MethodNotAllowed(HTTPError):
    code = "method_not_allowed"
    http_status = 405


class InvalidRequest(HTTPError):
    code = "invalid_request"
    http_status = 422


class InternalError(HTTPError):
    code = "internal_error"
    http_status = 500


#: HTTP statuses raised by Starlette/FastAPI themselves → our codes.
_STATUS_CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    411: "length_required",
    413: "input_too_large",
    415: "unsupported_format",
    422: "invalid_request",
    429: "too_many_requests",
    500: "internal_error",
    503: "unavailable",
}


def error_body(code: str, message: str, origin: str | None = None,
               details: Sequence[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The one error shape (``MarsadError.to_dict()`` plus ``details`` for validation errors)."""
    body: dict[str, Any] = {"error": code, "message": message, "origin": origin}
    if details is not None:
        body["details"] = list(details)
    return body


def error_response(error: MarsadError, *, status: int | None = None,
                   headers: dict[str, str] | None = None,
                   details: Sequence[dict[str, Any]] | None = None) -> JSONResponse:
    body = error.to_dict()
    if details is not None:
        body = error_body(error.code, error.message, error.origin, details)
    return JSONResponse(body, status_code=status or error.http_status, headers=headers)


def _loc(loc: Sequence[Any]) -> str:
    return ".".join(str(part) for part in loc)


async def _marsad_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, MarsadError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.http_status == 401 else None
    if exc.http_status >= 500:
        log.error("%s %s: %s", request.method, request.url.path, exc)
    return error_response(exc, headers=headers)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = [{"loc": _loc(err.get("loc", ())), "message": str(err.get("msg", "invalid")),
                "type": str(err.get("type", "value_error"))} for err in exc.errors()]
    first = details[0] if details else {"loc": None, "message": "invalid request"}
    where = f" ({first['loc']})" if first["loc"] else ""
    message = f"the request is invalid{where}: {first['message']}"
    if len(details) > 1:
        message += f" (and {len(details) - 1} more problem{'s' if len(details) > 2 else ''})"
    return error_response(InvalidRequest(message, origin=first["loc"]), details=details)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    code = _STATUS_CODES.get(status, f"http_{status}")
    if status == 404 and exc.detail == "Not Found":
        message = f"no such route: {request.method} {request.url.path}; see /openapi.json for the routes"
    elif status == 405:
        message = f"{request.method} is not allowed on {request.url.path}; see /openapi.json"
    else:
        message = str(exc.detail)
    headers = dict(exc.headers or {})
    if status == 401:
        headers.setdefault("WWW-Authenticate", "Bearer")
    return JSONResponse(error_body(code, message, request.url.path), status_code=status, headers=headers or None)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("internal error on %s %s", request.method, request.url.path, exc_info=exc)
    error = InternalError(f"internal error ({type(exc).__name__}); it is logged on the server, please report it")
    return error_response(error)


def install_error_handlers(app: FastAPI) -> None:
    """Make every error of ``app`` come back in the one shape."""
    app.add_exception_handler(MarsadError, _marsad_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
