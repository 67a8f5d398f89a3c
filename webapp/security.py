"""Security headers, written in one place for every response."""

from flask import current_app, request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


CHOICE_COOKIE_MAX_AGE = 400 * 24 * 3600


def remember_choice(response, name: str, value: str):
    """Keep a choice she made (language, group) on this phone, without an account."""
    if request.cookies.get(name) != value:
        response.set_cookie(
            name,
            value,
            max_age=CHOICE_COOKIE_MAX_AGE,
            samesite="Lax",
            httponly=True,
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    return response


# Loaded by a page, never shown as a document of their own: the document-only headers (CSP,
# framing, referrer, permissions, opener) mean nothing on them, and the group page's budget
# pays about 0.45 KB each. SVG keeps them: opened directly, an SVG is a document.
SUBRESOURCE_TYPES = frozenset(
    {"text/javascript", "text/css", "image/png", "application/manifest+json"}
)


def add_security_headers(response):
    headers = response.headers
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if response.mimetype in SUBRESOURCE_TYPES and request.endpoint in ("pwa.asset", "pwa.manifest"):
        headers["X-Content-Type-Options"] = "nosniff"
        return response
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers["X-Content-Type-Options"] = "nosniff"
    # Flask-WTF's CSRF check over HTTPS needs a same-origin Referer.
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers["X-Frame-Options"] = "DENY"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    return response


def from_this_site() -> bool:
    """A form or API call without a CSRF cookie: the browser says it came from our pages."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("Origin")
    return origin is None or origin == request.host_url.rstrip("/")


def private(response):
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
