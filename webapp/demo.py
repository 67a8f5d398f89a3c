"""Demo data: the five groups of DOMAIN.md with their real café rhythms.

load_demo() is idempotent: groups, venues, series and one-off cafés are found by natural keys
and only created when missing. Passwords are set anew on each run and returned for printing.
"""

import os
import secrets
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from webapp.accounts import second_factor
from webapp.accounts.models import Role, User
from webapp.accounts.service import create_user, set_password
from webapp.demo_last_year import add_last_year
from webapp.extensions import db
from webapp.schedule.models import Cafe, CafeKind, CafeStatus, Group, Offer, Series, Venue
from webapp.schedule.recurrence import local_to_utc, materialise_group, monthly_rule, weekly_rule

E, P, M, EC, S, J = (Offer.EBOKS, Offer.PHONE, Offer.MITID, Offer.ECONOMY, Offer.SCHOOL, Offer.JOB)

GROUPS = [
    {
        "slug": "frederiksberg",
        "name": "Bydelsmødre Frederiksberg",
        "municipality": "Frederiksberg Kommune",
        "languages": ["ar", "so", "ur", "tr", "fa", "ku"],
        "contact_text": "Caféen holdes lige efter Bydelsmødrenes månedsmøde. Alle kvinder er velkomne, "
        "og du må gerne tage en veninde med.",
        "venue": (
            "Frederiksberg Hovedbibliotek",
            "Solbjergvej 21-25, 2000 Frederiksberg",
            55.6803,
            12.5309,
            "Mødelokalet på 1. sal. Elevatoren er til venstre for indgangen.",
        ),
        "series": [
            # Monthly café right after the monthly meeting: the second Wednesday, 17:00-19:30.
            (
                monthly_rule(2, 2),
                time(17),
                time(19, 30),
                CafeKind.CONVERSATION,
                [E, P, M],
                {
                    "da": {"topic": "Snak, te og kage efter månedsmødet"},
                    "en": {"topic": "Talk, tea and cake after the monthly meeting"},
                    "ar": {"topic": "حديث وشاي وكعك بعد الاجتماع الشهري"},
                },
            ),
        ],
        "one_off": [
            (
                9,
                time(17),
                time(19, 30),
                CafeKind.KNOWLEDGE,
                "health_visitor",
                [E],
                {
                    "da": {"topic": "Søvn og skærm: små børn og teenagere"},
                    "en": {"topic": "Sleep and screens: small children and teenagers"},
                    "ar": {"topic": "النوم والشاشات: الأطفال الصغار والمراهقون"},
                },
            ),
        ],
    },
    {
        "slug": "skanderborg",
        "name": "Bydelsmødre Skanderborg",
        "municipality": "Skanderborg Kommune",
        "languages": ["ar", "ti", "so", "fa", "uk"],
        "contact_text": "Vi er der hver torsdag. Kom forbi, også hvis du bare vil have en kop kaffe.",
        "venue": (
            "Kulturhuset Skanderborg, Lokale 2",
            "Adelgade 38, 8660 Skanderborg",
            56.0395,
            9.9277,
            "Indgang fra Adelgade. Spørg i informationen.",
        ),
        "series": [
            (
                weekly_rule(3),
                time(15),
                time(17),
                CafeKind.CONVERSATION,
                [E, P, M, EC],
                {
                    "da": {"topic": "Hjælp og vejledning – og en god snak"},
                    "en": {"topic": "Help and advice – and a good talk"},
                    "ar": {"topic": "مساعدة وإرشاد – وحديث طيب"},
                },
            ),
        ],
        "one_off": [
            (
                23,
                time(15),
                time(18),
                CafeKind.SOCIAL,
                None,
                [],
                {
                    "da": {"topic": "Julehygge med æbleskiver for store og små"},
                    "en": {"topic": "Christmas party with æbleskiver for big and small"},
                    "ar": {"topic": "حفلة عيد الميلاد مع الحلوى للكبار والصغار"},
                },
            ),
        ],
        "cancel_series_week": 2,
    },
    {
        "slug": "indre-norrebro",
        "name": "Bydelsmødre Indre Nørrebro",
        "municipality": "Københavns Kommune",
        "languages": ["ar", "so", "ur", "ps", "tr", "ckb", "fa"],
        "contact_text": "Mandag: morgenmad og en fagperson. Torsdag: te, kage og hjælp med e-Boks, "
        "telefonopkald og økonomi.",
        "venue": (
            "Nørrebro Bibliotek",
            "Bragesgade 8B, 2200 København N",
            55.6995,
            12.5420,
            "Gå ind ad hovedindgangen og op ad trappen til Salen.",
        ),
        "series": [
            (
                weekly_rule(0),
                time(10),
                time(14),
                CafeKind.KNOWLEDGE,
                [E, P],
                {
                    "da": {
                        "topic": "Morgenmad og et emne, I selv har valgt",
                        "note": "En fagperson kommer og svarer på spørgsmål.",
                    },
                    "en": {
                        "topic": "Breakfast and a topic you chose yourselves",
                        "note": "A professional comes and answers questions.",
                    },
                    "ar": {
                        "topic": "فطور وموضوع اخترتموه بأنفسكم",
                        "note": "يأتي شخص مختص ويجيب عن الأسئلة.",
                    },
                },
                "social_worker",
            ),
            (
                weekly_rule(3),
                time(17),
                time(20),
                CafeKind.CONVERSATION,
                [E, P, EC],
                {
                    "da": {"topic": "Te og kage – og hjælp til breve og opkald"},
                    "en": {"topic": "Tea and cake – and help with letters and calls"},
                    "ar": {"topic": "شاي وكعك – ومساعدة في الرسائل والمكالمات"},
                },
            ),
        ],
        "move_series_week": 2,
    },
    {
        "slug": "ballerup",
        "name": "Bydelsmødre Ballerup",
        "municipality": "Ballerup Kommune",
        "languages": ["ar", "tr", "ur", "so"],
        "contact_text": "Vi mødes den første mandag i måneden. Børn er velkomne.",
        "venue": (
            "Beboerhuset Hedegården",
            "Hedegården 1, 2750 Ballerup",
            None,
            None,
            "Beboerhuset ligger ved legepladsen midt i bebyggelsen.",
        ),
        "series": [
            (
                monthly_rule(0, 1),
                time(10),
                time(13),
                CafeKind.CONVERSATION,
                [E, M, S],
                {
                    "da": {"topic": "Gå-tur og snak, derefter kaffe"},
                    "en": {"topic": "A walk and a talk, then coffee"},
                    "ar": {"topic": "نزهة وحديث، ثم قهوة"},
                },
            ),
        ],
        "one_off": [
            (
                16,
                time(10),
                time(13),
                CafeKind.KNOWLEDGE,
                "psychologist",
                [S],
                {
                    "da": {"topic": "Når teenageren har det svært"},
                    "en": {"topic": "When your teenager is having a hard time"},
                    "ar": {"topic": "عندما يمر ابنك المراهق بوقت صعب"},
                },
            ),
        ],
    },
    {
        "slug": "ishoj",
        "name": "Bydelsmødre Ishøj",
        "municipality": "Ishøj Kommune",
        "languages": ["ar", "ur", "tr", "ps", "so"],
        "contact_text": "Hver anden onsdag i Ishøj Bibliotek. Vi taler mange sprog.",
        "venue": (
            "Ishøj Bibliotek",
            "Ishøj Store Torv 1, 2635 Ishøj",
            55.6156,
            12.3526,
            "Vi sidder i caféområdet bag udlånet.",
        ),
        "series": [
            (
                weekly_rule(2, interval=2),
                time(16),
                time(18),
                CafeKind.CONVERSATION,
                [E, P, J],
                {
                    "da": {"topic": "Madlavning med kvinder og børn"},
                    "en": {"topic": "Cooking with women and children"},
                    "ar": {"topic": "طبخ مع النساء والأطفال"},
                },
            ),
        ],
        "one_off": [
            (
                30,
                time(16),
                time(19),
                CafeKind.SOCIAL,
                None,
                [],
                {
                    "da": {"topic": "Fællesspisning for hele familien"},
                    "en": {"topic": "A shared meal for the whole family"},
                    "ar": {"topic": "وجبة مشتركة لكل العائلة"},
                },
            ),
        ],
    },
]

VOLUNTEER_NAMES = {
    "frederiksberg": ("Amina", "Hodan", "Sara"),
    "skanderborg": ("Mariam", "Yordanos", "Olena"),
    "indre-norrebro": ("Fatima", "Ayesha", "Leyla"),
    "ballerup": ("Nadia", "Elif", "Rukhsana"),
    "ishoj": ("Zainab", "Hibo", "Gülsen"),
}


def _get_or_add(model, defaults: dict | None = None, **keys):
    found = db.session.scalar(select(model).filter_by(**keys))
    if found is None:
        found = model(**keys, **(defaults or {}))
        db.session.add(found)
        db.session.flush()
    return found


def _password() -> str:
    return os.environ.get("DEMO_PASSWORD") or secrets.token_urlsafe(9)


def _user(username, display_name, role, groups, now, languages, passwords):
    password = _password()
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        create_user(
            username=username,
            display_name=display_name,
            password=password,
            role=role,
            groups=groups,
            now=now,
            languages=languages,
        )
    else:
        set_password(user, password)
        user.active = True
    if role != Role.VOLUNTEER:
        # A new second-factor secret each run, like the passwords: `flask demo-code <user>`
        # prints the code an authenticator app would show, for trying the app without one.
        user = db.session.scalar(select(User).where(User.username == username))
        user.totp_secret = second_factor.new_secret()
        user.totp_last_step = None
    passwords[username] = password


def load_demo(config, now: datetime | None = None) -> dict[str, str]:
    now = now or datetime.now(UTC)
    zone = ZoneInfo(config["TIMEZONE"])
    today = now.astimezone(zone).date()
    passwords: dict[str, str] = {}
    _user("admin", "Admin", Role.ADMINISTRATOR, [], now, ["da", "en"], passwords)
    for spec in GROUPS:
        group = _get_or_add(
            Group,
            slug=spec["slug"],
            defaults={
                key: spec[key] for key in ("name", "municipality", "languages", "contact_text")
            },
        )
        name, address, lat, lon, directions = spec["venue"]
        venue = _get_or_add(
            Venue,
            group_id=group.id,
            name=name,
            defaults={
                "address": address,
                "latitude": lat,
                "longitude": lon,
                "directions": directions,
            },
        )
        for rule, starts, ends, kind, offers, texts, *professional in spec["series"]:
            _get_or_add(
                Series,
                group_id=group.id,
                rule=rule,
                starts=starts,
                defaults={
                    "venue_id": venue.id,
                    "ends": ends,
                    "kind": kind,
                    "offers": offers,
                    "texts": texts,
                    "first_day": today - timedelta(days=90),
                    "professional_role": professional[0] if professional else None,
                },
            )
        for days, starts, ends, kind, professional_role, offers, texts in spec.get("one_off", []):
            day = today + timedelta(days=days)
            # One one-off café per kind and group: found again on a later run, not re-added.
            _get_or_add(
                Cafe,
                group_id=group.id,
                series_id=None,
                kind=kind,
                defaults={
                    "venue_id": venue.id,
                    "starts_at": local_to_utc(day, starts, zone),
                    "ends_at": local_to_utc(day, ends, zone),
                    "professional_role": professional_role,
                    "offers": offers,
                    "texts": texts,
                },
            )
        materialise_group(group.id, now, config["UPCOMING_DAYS"], zone)
        _adjust_occurrences(group, spec, today, zone)

        coordinator_name, first, second = VOLUNTEER_NAMES[group.slug]
        languages = group.languages[:3]
        _user(
            f"coordinator-{group.slug}",
            coordinator_name,
            Role.COORDINATOR,
            [group],
            now,
            ["da", *languages[:1]],
            passwords,
        )
        _user(
            f"volunteer1-{group.slug}",
            first,
            Role.VOLUNTEER,
            [group],
            now,
            ["da", *languages[1:2]],
            passwords,
        )
        _user(
            f"volunteer2-{group.slug}",
            second,
            Role.VOLUNTEER,
            [group],
            now,
            ["da", *languages[2:3]],
            passwords,
        )
        _assign_responsible(group, now)
        _rule, starts, ends, *_rest = spec["series"][0]
        add_last_year(group, venue, (starts, ends), today, zone)
    db.session.commit()
    return passwords


def _series_cafes_from(group: Group, today: date):
    return list(
        db.session.scalars(
            select(Cafe)
            .where(Cafe.group_id == group.id, Cafe.series_id.is_not(None))
            .where(Cafe.occurrence_day > today)
            .order_by(Cafe.starts_at)
        )
    )


def _adjust_occurrences(group: Group, spec: dict, today: date, zone: ZoneInfo) -> None:
    """Cancel one occurrence and move another, as a coordinator would."""
    upcoming = _series_cafes_from(group, today)
    if "cancel_series_week" in spec and len(upcoming) > spec["cancel_series_week"]:
        cafe = upcoming[spec["cancel_series_week"] - 1]
        if cafe.status == CafeStatus.PLANNED:
            cafe.status = CafeStatus.CANCELLED
    if "move_series_week" in spec and len(upcoming) > spec["move_series_week"]:
        cafe = upcoming[spec["move_series_week"]]
        if cafe.status == CafeStatus.PLANNED:
            cafe.moved_from = cafe.starts_at
            cafe.starts_at += timedelta(days=1)
            cafe.ends_at += timedelta(days=1)
            cafe.status = CafeStatus.MOVED


def _assign_responsible(group: Group, now: datetime) -> None:
    volunteers = list(
        db.session.scalars(
            select(User).where(User.groups.any(Group.id == group.id)).order_by(User.username)
        )
    )
    cafes = db.session.scalars(
        select(Cafe)
        .where(Cafe.group_id == group.id, Cafe.starts_at > now.replace(tzinfo=None))
        .order_by(Cafe.starts_at)
        .limit(3)
    )
    for index, cafe in enumerate(cafes):
        if not cafe.responsible:
            cafe.responsible = volunteers[index % len(volunteers) :][:2] or volunteers[:2]
