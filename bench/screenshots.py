"""Full-page screenshots of the public pages on phone widths, from the demo data.

    python bench/screenshots.py [outdir]      (default outdir: screenshots/, git-ignored)

The app runs on a temporary SQLite database built by the migrations and filled by the demo
loader, served on 127.0.0.1 in a thread, and photographed with Debian's Chromium.
"""

import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from webapp import create_app  # noqa: E402
from webapp.demo import load_demo  # noqa: E402
from webapp.extensions import db  # noqa: E402
from webapp.schedule import service  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]
LANGUAGES = ("da", "ar")
SIZES = ((390, 844), (320, 640))
GROUPS = ("indre-norrebro", "skanderborg")
CAFE_GROUP = "skanderborg"


def build_app(tmp_dir: str):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_dir}/s.db",
            "TESTING": False,
            "SESSION_COOKIE_SECURE": False,
            "TASK_QUEUE_URL": "immediate",  # notices from loading the demo: none sent, no file
        }
    )
    with app.app_context():
        upgrade()
        load_demo(app.config)
    return app


@contextmanager
def serve(app, wsgi_app=None) -> Iterator[str]:
    """Serve `wsgi_app` (default: the Flask app itself) on 127.0.0.1 in a thread; yields the
    base URL, and on leaving stops the server and closes the app's database connections."""
    server = make_server("127.0.0.1", 0, wsgi_app or app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        with app.app_context():
            db.engine.dispose()


def first_cafe_id(app, slug: str) -> int:
    with app.app_context():
        group = service.group_by_slug(slug)
        cafes = service.upcoming_cafes(group, datetime.now(UTC), limit=1)
        if not cafes:
            raise SystemExit(f"The demo group {slug} has no upcoming café to photograph.")
        return cafes[0].id


def pages(lang: str, cafe_id: int) -> list[tuple[str, str]]:
    """(name, path) of every page to photograph in one language."""
    result = [(f"group-{slug}", f"/{lang}/{slug}/") for slug in GROUPS]
    result += [
        # ?change=1: a visited group page sets a cookie that makes /<lang>/ redirect to it.
        ("choose-group", f"/{lang}/?change=1"),
        ("cafe", f"/{lang}/{CAFE_GROUP}/cafe/{cafe_id}"),
        ("login", f"/{lang}/login"),
        ("ask", f"/{lang}/{CAFE_GROUP}/ticket"),
    ]
    return result


def take_screenshots(base_url: str, cafe_id: int, outdir: Path) -> list[Path]:
    saved = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            for width, height in SIZES:
                context = browser.new_context(
                    viewport={"width": width, "height": height}, is_mobile=True, has_touch=True
                )
                page = context.new_page()
                for lang in LANGUAGES:
                    for name, path in pages(lang, cafe_id):
                        response = page.goto(base_url + path, wait_until="networkidle")
                        if response is None or not response.ok:
                            status = response.status if response else "no response"
                            raise SystemExit(f"{path} answered {status}")
                        target = outdir / f"{lang}-{width}x{height}-{name}.png"
                        page.screenshot(path=str(target), full_page=True)
                        saved.append(target)
                context.close()
        finally:
            browser.close()
    return saved


def main(argv: list[str]) -> int:
    outdir = Path(argv[1] if len(argv) > 1 else "screenshots")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp_dir:
        app = build_app(tmp_dir)
        cafe_id = first_cafe_id(app, CAFE_GROUP)
        with serve(app) as base_url:
            saved = take_screenshots(base_url, cafe_id, outdir)
    for path in saved:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
