"""Make every PWA image: the icons from static/icons/icon.svg, the manifest screenshots from
the demo group page.

    python scripts/make_pwa_images.py      (from the project root; overwrites the outputs)

Run it after changing static/icons/icon.svg or the look of the group page, and commit what
it writes:

    static/icons/icon-192.png, icon-512.png   the SVG as drawn, transparent corners
    static/icons/icon-maskable-512.png        full-bleed; the artwork inside the safe zone
    static/icons/apple-touch-icon-180.png     full-bleed; iOS rounds the corners itself
    static/screenshots/group-da.jpg, -ar.jpg  390x844 viewport of /<lang>/indre-norrebro/

Debian's Chromium draws everything (`make browser` installs it and the fonts). The demo is
served the way bench/screenshots.py serves it: a temporary SQLite database built by the
migrations and filled by the demo loader, on 127.0.0.1 in a thread. The app is built after
the icons are written, because it fingerprints static/icons/ when it starts.
"""

import importlib
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
# bench/ is not a package; import_module keeps ruff's import sorting out of it (whether
# `screenshots` counts as first-party would depend on the git-ignored screenshots/ folder).
bench = importlib.import_module("screenshots")


ICONS = ROOT / "static" / "icons"
SCREENSHOTS = ROOT / "static" / "screenshots"
SOURCE = ICONS / "icon.svg"
# The fill of icon.svg's rounded square; the full-bleed icons are filled with it to the edge.
BACKGROUND = "#7a2e5c"
# (file, size in px, share of the side the SVG is drawn at, full-bleed). The maskable safe
# zone is the central circle of 80 % diameter: the cup and saucer reach 218/256 of the
# half-side from the centre (at a corner of the artwork), so at 66 % they end at 0.56 of the
# half-side, well inside 0.8. iOS only rounds the corners, so its icon keeps the full size.
ICON_OUTPUTS = (
    ("icon-192.png", 192, 1.0, False),
    ("icon-512.png", 512, 1.0, False),
    ("icon-maskable-512.png", 512, 0.66, True),
    ("apple-touch-icon-180.png", 180, 1.0, True),
)
SCREENSHOT_GROUP = "indre-norrebro"
SCREENSHOT_LANGUAGES = ("da", "ar")
SCREENSHOT_SIZE = {"width": 390, "height": 844}
JPEG_QUALITY = 70


def icon_page(svg: str, size: int, scale: float, full_bleed: bool) -> str:
    """An HTML page of size x size px with the SVG drawn centred at `scale` of the side."""
    # An even margin on each side keeps the artwork on whole pixels.
    art = size - 2 * round(size * (1 - scale) / 2)
    background = BACKGROUND if full_bleed else "transparent"
    return (
        "<!doctype html><style>"
        f"html,body{{margin:0;width:{size}px;height:{size}px;background:{background}}}"
        "body{display:flex;align-items:center;justify-content:center}"
        f"svg{{display:block;flex:none;width:{art}px;height:{art}px}}"
        f"</style>{svg}"
    )


def make_icons(browser: Browser) -> list[Path]:
    svg = SOURCE.read_text(encoding="utf-8").strip()
    if BACKGROUND not in svg:
        raise SystemExit(f"{SOURCE} no longer uses {BACKGROUND}: update BACKGROUND in {__file__}")
    saved = []
    for name, size, scale, full_bleed in ICON_OUTPUTS:
        page = browser.new_page(viewport={"width": size, "height": size}, device_scale_factor=1)
        page.set_content(icon_page(svg, size, scale, full_bleed))
        target = ICONS / name
        page.screenshot(path=str(target), omit_background=not full_bleed)
        page.close()
        saved.append(target)
    return saved


@contextmanager
def demo_server() -> Iterator[str]:
    """The app on the demo data, served on 127.0.0.1; yields its base URL."""
    with tempfile.TemporaryDirectory() as tmp_dir:
        with bench.serve(bench.build_app(tmp_dir)) as base_url:
            yield base_url


def make_screenshots(browser: Browser, base_url: str) -> list[Path]:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    saved = []
    for lang in SCREENSHOT_LANGUAGES:
        # A fresh context per language: a first visit, as the install dialog shows it.
        context = browser.new_context(
            viewport=SCREENSHOT_SIZE, device_scale_factor=1, is_mobile=True, has_touch=True
        )
        page = context.new_page()
        path = f"/{lang}/{SCREENSHOT_GROUP}/"
        response = page.goto(base_url + path, wait_until="networkidle")
        if response is None or not response.ok:
            status = response.status if response else "no response"
            raise SystemExit(f"{path} answered {status}")
        page.evaluate("document.fonts.ready")
        target = SCREENSHOTS / f"group-{lang}.jpg"
        page.screenshot(path=str(target), type="jpeg", quality=JPEG_QUALITY)
        context.close()
        saved.append(target)
    return saved


def main() -> int:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=bench.CHROMIUM, headless=True, args=bench.CHROMIUM_ARGS
        )
        try:
            saved = make_icons(browser)
            with demo_server() as base_url:
                saved += make_screenshots(browser, base_url)
        finally:
            browser.close()
    for path in saved:
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
