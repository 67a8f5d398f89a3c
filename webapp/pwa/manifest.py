"""The web app manifest, one per language: what a phone shows when Mødested is installed.

Neutral on purpose: the home screen and the app switcher say "café times", never help.
Plain data from plain arguments, so a test reads it without HTTP.
"""

from collections.abc import Callable

from flask_babel import gettext as _

from webapp.i18n import Language

THEME_COLOUR = "#7a2e5c"
BACKGROUND_COLOUR = "#fffaf5"


def web_manifest(language: Language, start_url: str, asset_url: Callable[[str], str]) -> dict:
    """The manifest in `language` (the texts in the current locale); `asset_url` turns a
    static file's name into its fingerprinted address."""
    screenshot = f"screenshots/group-{'ar' if language.direction == 'rtl' else 'da'}.jpg"
    return {
        "id": "/",
        "name": _("Mødested – café times"),
        "short_name": _("Mødested"),
        "description": _("When and where the next café is."),
        "start_url": start_url,
        "scope": "/",
        "display": "standalone",
        "lang": language.code,
        "dir": language.direction,
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {"src": asset_url("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": asset_url("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": asset_url("icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
        "screenshots": [
            {
                "src": asset_url(screenshot),
                "sizes": "390x844",
                "type": "image/jpeg",
                "form_factor": "narrow",
                "label": _("The next café, first and big"),
            }
        ],
    }
