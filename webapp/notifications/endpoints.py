"""Which push endpoints the server will ever send to, and well-formed subscription keys.

The server only talks to known push services: an endpoint is a URL the browser made up, so a
client could make one up too. The check parses with urllib3's parser, the one requests sends
with, because a different parser can disagree about the host (PITFALLS.md:
`https://evil.example\\@fcm.googleapis.com/`). It runs when a subscription arrives and again
just before each send.
"""

import base64
import binascii

from cryptography.hazmat.primitives.asymmetric import ec
from urllib3.exceptions import LocationParseError
from urllib3.util import parse_url

MAX_ENDPOINT_LENGTH = 1024

# Browser push services. "*.example.com" is any host under example.com.
KNOWN_PUSH_SERVICES = (
    "fcm.googleapis.com",  # Chrome, Edge on Android, Samsung Internet, Opera
    "android.googleapis.com",
    "updates.push.services.mozilla.com",  # Firefox
    "*.push.services.mozilla.com",
    "*.push.apple.com",  # Safari on iPhone (web.push.apple.com)
    "*.notify.windows.com",  # Edge on Windows
)


class BadSubscription(ValueError):
    """Not something the server will store or send to."""


def _host_allowed(host: str, patterns) -> bool:
    for pattern in patterns:
        pattern = pattern.lower()
        if pattern.startswith("*."):
            if host.endswith(pattern[1:]) and len(host) > len(pattern) - 1:
                return True
        elif host == pattern:
            return True
    return False


def check_endpoint(url, services=KNOWN_PUSH_SERVICES, extra_origins=()) -> str:
    """The endpoint if the server may send to it, else BadSubscription.

    `extra_origins` are exact origins ("http://127.0.0.1:8123") for a local test sink; they
    are empty in production.
    """
    if not isinstance(url, str) or not url:
        raise BadSubscription("endpoint missing")
    if len(url) > MAX_ENDPOINT_LENGTH:
        raise BadSubscription("endpoint too long")
    if (
        not url.isascii()
        or any(ch in url for ch in "@\\")
        or any(ord(ch) <= 0x20 or ord(ch) == 0x7F for ch in url)
    ):
        raise BadSubscription("endpoint has characters a push service never uses")
    try:
        parts = parse_url(url)
    except LocationParseError as error:
        raise BadSubscription("endpoint is not a URL") from error
    if parts.auth is not None or not parts.host:
        raise BadSubscription("endpoint has no plain host")
    scheme = (parts.scheme or "").lower()
    host = parts.host.lower()
    origin = f"{scheme}://{host}:{parts.port}"
    if origin in {o.lower() for o in extra_origins}:
        return url
    if scheme != "https" or parts.port not in (None, 443):
        raise BadSubscription("endpoint must be https on port 443")
    if not _host_allowed(host, services):
        raise BadSubscription("endpoint is not a known push service")
    return url


def _b64url(value, name: str) -> bytes:
    if not isinstance(value, str) or not value or len(value) > 200:
        raise BadSubscription(f"{name} missing")
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError) as error:
        raise BadSubscription(f"{name} is not base64url") from error


def check_keys(keys) -> tuple[str, str]:
    """(p256dh, auth) if they are a P-256 public key and a 16-byte secret."""
    if not isinstance(keys, dict):
        raise BadSubscription("keys missing")
    p256dh, auth = keys.get("p256dh"), keys.get("auth")
    raw_key = _b64url(p256dh, "p256dh")
    if len(raw_key) != 65 or raw_key[0] != 4:
        raise BadSubscription("p256dh is not an uncompressed P-256 point")
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw_key)
    except ValueError as error:
        raise BadSubscription("p256dh is not on the curve") from error
    if len(_b64url(auth, "auth")) != 16:
        raise BadSubscription("auth must be 16 bytes")
    return p256dh.rstrip("="), auth.rstrip("=")
