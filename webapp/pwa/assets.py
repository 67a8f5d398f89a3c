"""Fingerprinted static assets: `css/app.css` is served as `/assets/css/app.<hash>.css`.

A file's URL changes when its content changes, so browsers and the service worker may keep
it forever (`Cache-Control: immutable`), and a repeat visit loads no asset again.
"""

import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path

# What the service worker pre-caches (the rest is fetched on demand, cache first): what the
# pages it keeps for offline use load (every page; the group, café and start pages; the
# offline page). Signed-in pages are never kept, so their scripts are not here.
SHELL = (
    "css/app.css",
    "js/htmx-2.0.11.min.js",
    "js/app.js",
    "js/push.js",
    "js/read-aloud.js",
    "js/install.js",
    "js/my-ticket.js",
    "js/saved-pages.js",
    "icons/icon.svg",
)
FINGERPRINTED_DIRS = ("css", "js", "icons", "screenshots")
IMMUTABLE = "public, max-age=31536000, immutable"


@dataclass(frozen=True)
class Asset:
    name: str  # css/app.css
    url_name: str  # css/app.1a2b3c4d5e.css
    mimetype: str
    body: bytes


def fingerprinted(name: str, digest: str) -> str:
    path = Path(name)
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


class Assets:
    def __init__(self, static_dir: Path):
        self.by_name: dict[str, Asset] = {}
        self.by_url_name: dict[str, Asset] = {}
        for folder in FINGERPRINTED_DIRS:
            for path in sorted((static_dir / folder).rglob("*")):
                if path.is_file():
                    self._add(str(path.relative_to(static_dir)), path.read_bytes())
        digest = hashlib.sha256()
        for asset in self.by_name.values():
            digest.update(asset.url_name.encode())
        self.service_worker = (static_dir / "sw.js").read_bytes()
        digest.update(self.service_worker)
        # Changes whenever any asset or the service worker changes: names the caches.
        self.version = digest.hexdigest()[:12]

    def _add(self, name: str, body: bytes) -> None:
        url_name = fingerprinted(name, hashlib.sha256(body).hexdigest()[:10])
        mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if name.endswith(".js"):
            mimetype = "text/javascript"
        asset = Asset(name, url_name, mimetype, body)
        self.by_name[name] = asset
        self.by_url_name[url_name] = asset

    def url_name(self, name: str) -> str:
        return self.by_name[name].url_name
