"""VAPID keys (RFC 8292): the server's signature on every push it sends.

The private key is the raw 32-byte P-256 scalar in base64url (what `flask push keygen`
prints); the public key is derived from it and handed to the page for subscribe().
"""

import base64
import time
from dataclasses import dataclass, field
from functools import cached_property

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02
from urllib3.util import parse_url

TOKEN_LIFETIME = 12 * 3600  # RFC 8292 allows at most 24 h


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def generate_private_key() -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    return _b64url(key.private_numbers().private_value.to_bytes(32, "big"))


@dataclass
class VapidSigner:
    private_key: str
    subject: str  # "mailto:..." or an https URL; Apple refuses localhost and .invalid
    _vapid: Vapid02 = field(init=False, repr=False)
    _tokens: dict = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self):
        raw = base64.urlsafe_b64decode(self.private_key + "=" * (-len(self.private_key) % 4))
        self._vapid = Vapid02.from_raw(base64.urlsafe_b64encode(raw).rstrip(b"="))

    @cached_property
    def public_key(self) -> str:
        return _b64url(
            self._vapid.public_key.public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        )

    def headers_for(self, endpoint: str) -> dict:
        """The Authorization header for the endpoint's push service, signed once per service
        and reused until an hour before it expires (signing per message would be wasted)."""
        parts = parse_url(endpoint)
        audience = f"{parts.scheme}://{parts.netloc}"
        cached = self._tokens.get(audience)
        now = int(time.time())
        if cached and cached[0] - 3600 > now:
            return dict(cached[1])
        expires = now + TOKEN_LIFETIME
        # A fresh dict each time: py_vapid writes into the claims it is given (PITFALLS.md).
        claims = {"aud": audience, "exp": expires, "sub": self.subject}
        headers = self._vapid.sign(claims)
        self._tokens[audience] = (expires, headers)
        return dict(headers)
