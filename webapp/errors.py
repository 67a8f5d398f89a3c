"""Translated error pages that say what to do and leak nothing."""

from flask import abort, g, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from webapp.htmx import VARY
from webapp.i18n import is_enabled

MESSAGES = {
    400: (
        _l("Something went wrong"),
        _l("The page could not understand the request. Go back and try again."),
    ),  # noqa: E501
    403: (_l("Not for you"), _l("You do not have access to this page.")),
    404: (_l("Page not found"), _l("This page does not exist, or it has been moved.")),
    405: (_l("Not allowed"), _l("This address cannot be used like that.")),
    413: (
        _l("Too much at once"),
        _l("What was sent is too large. Go back and try again with a shorter text."),
    ),
    429: (_l("Too many tries"), _l("Please wait a few minutes and try again.")),
    500: (_l("Something went wrong"), _l("It is our fault. Please try again in a moment.")),
}


def _language_from_path() -> None:
    if getattr(g, "lang", None):
        return
    first = request.path.strip("/").split("/", 1)[0]
    if is_enabled(first):
        g.lang = first


def refuse_oversized_body() -> None:
    """413 for a chunked body over MAX_CONTENT_LENGTH. Werkzeug refuses a declared length over
    the limit unread by itself, but its form parser stops quietly at the limit of a body without
    a length and hands on what it read. Registered first, ahead of the CSRF check."""
    limit = request.max_content_length
    if limit is None or request.content_length is not None or request.method in ("GET", "HEAD"):
        return
    if request.environ.get("wsgi.input_terminated") and len(request.get_data()) >= limit:
        abort(413)


def error_page(error: HTTPException):
    _language_from_path()
    code = error.code if error.code in MESSAGES else 500
    if isinstance(error, CSRFError):
        code = 400
    title, message = MESSAGES[code]
    response = error.get_response()
    response.set_data(render_template("errors/error.html", code=code, title=title, message=message))
    response.mimetype = "text/html"
    response.status_code = error.code or code
    response.headers["Cache-Control"] = "no-store"
    response.vary.update(part.strip() for part in VARY.split(","))
    return response


def unexpected_error(error: Exception):
    return error_page(InternalServerError())


def register(app) -> None:
    app.register_error_handler(HTTPException, error_page)
    if not app.testing:
        app.register_error_handler(Exception, unexpected_error)
