"""The languages table, locale selection and date/time formatting.

Adding a language is data: add its row here (enabled=True) and its catalog under
translations/. Everything else (the URL converter, the switcher, `dir`, the catalog test)
reads this table.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time
from flask import current_app, g, request
from flask_babel import force_locale, gettext
from werkzeug.routing import BaseConverter, ValidationError

from webapp.clock import now

LANG_COOKIE = "lang"


@dataclass(frozen=True)
class Language:
    code: str  # used in URLs and in translations/<code>/
    native_name: str
    direction: str  # "ltr" or "rtl"
    babel_locale: str  # what Babel formats dates and numbers with
    enabled: bool
    # Checked by a native speaker? Shown to administrators, so the association knows which
    # translations to have read. Set to True only when someone has done it.
    reviewed: bool = False


LANGUAGES: tuple[Language, ...] = (
    Language("da", "Dansk", "ltr", "da_DK", True),
    Language("en", "English", "ltr", "en_GB", True),
    Language("ar", "العربية", "rtl", "ar", True),
    Language("fa", "دری / فارسی", "rtl", "fa_AF", True),
    Language("ps", "پښتو", "rtl", "ps", True),
    Language("ur", "اردو", "rtl", "ur", True),
    Language("ckb", "کوردیی ناوەندی", "rtl", "ckb", True),
    Language("so", "Soomaali", "ltr", "so", True),
    Language("tr", "Türkçe", "ltr", "tr", True),
    Language("ku", "Kurmancî", "ltr", "ku", True),
    Language("ti", "ትግርኛ", "ltr", "ti", True),
    Language("uk", "Українська", "ltr", "uk", True),
)

DEFAULT_LANGUAGE = "da"
# Browsers may send the ISO 639-3 code of a language the table files under its macrolanguage.
LANGUAGE_ALIASES = {"prs": "fa", "kmr": "ku"}
BY_CODE = {language.code: language for language in LANGUAGES}


def enabled_languages() -> list[Language]:
    return [language for language in LANGUAGES if language.enabled]


def enabled_codes() -> list[str]:
    return [language.code for language in enabled_languages()]


def is_enabled(code: str | None) -> bool:
    return code in BY_CODE and BY_CODE[code].enabled


class LanguageConverter(BaseConverter):
    """Matches only enabled language codes, so /static, /healthz, /sw.js never collide."""

    def to_python(self, value: str) -> str:
        if not is_enabled(value):
            raise ValidationError()
        return value

    def to_url(self, value: str) -> str:
        return value


def best_language(cookie_value: str | None, accept_languages) -> str:
    """Saved choice first, then the browser's Accept-Language, else Danish."""
    if is_enabled(cookie_value):
        return cookie_value
    # In the browser's order of preference; "ar-EG" and the like by the primary subtag, Dari
    # and Kurmanji also by their own codes.
    for value, _quality in accept_languages or ():
        primary = value.replace("_", "-").split("-")[0].lower()
        primary = LANGUAGE_ALIASES.get(primary, primary)
        if is_enabled(primary):
            return primary
    return DEFAULT_LANGUAGE


def current_language() -> Language:
    code = getattr(g, "lang", None)
    if not is_enabled(code):
        code = best_language(request.cookies.get(LANG_COOKIE), request.accept_languages)
        g.lang = code
    return BY_CODE[code]


def select_locale() -> str:
    return current_language().babel_locale


def local_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["TIMEZONE"])


def local_today() -> date:
    """Today's date in the app's time zone, on the app's clock."""
    return now().astimezone(local_zone()).date()


def to_local(moment: datetime) -> datetime:
    """Stored datetimes are naive UTC; show them in Copenhagen time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(local_zone())


def format_weekday(moment: datetime) -> str:
    return format_date(to_local(moment), "EEEE", locale=select_locale())


def format_day_month(moment: datetime) -> str:
    return format_skeleton("MMMMd", to_local(moment), locale=select_locale())


def format_weekday_date(moment: datetime) -> str:
    """'torsdag 26. november': the full weekday (CLDR skeletons abbreviate it in Danish)."""
    return gettext(
        "%(weekday)s %(date)s", weekday=format_weekday(moment), date=format_day_month(moment)
    )


def format_short_date(moment: datetime) -> str:
    return format_skeleton("MMMEd", to_local(moment), locale=select_locale())


def format_clock(moment: datetime) -> str:
    return format_time(to_local(moment), "short", locale=select_locale())


def format_day(day) -> str:
    return format_date(day, "long", locale=select_locale())


def language_name(code: str) -> str:
    """The language's own name in its own script (for the group's list of languages)."""
    if code in BY_CODE:
        return BY_CODE[code].native_name
    try:
        return Locale.parse(code).get_display_name(code) or code
    except (ValueError, LookupError):
        return code


@contextmanager
def in_language(code: str):
    """Format and translate in `code` (for texts made outside a request: push messages)."""
    previous = g.get("lang")
    g.lang = code
    try:
        with force_locale(BY_CODE[code].babel_locale):
            yield BY_CODE[code]
    finally:
        if previous is None:
            g.pop("lang", None)
        else:
            g.lang = previous
