"""What every template may use: the language, formatting, links between languages."""

from urllib.parse import quote_plus

from flask import current_app, request, url_for

from webapp import i18n
from webapp.accounts.models import Role
from webapp.accounts.presenters import role_label
from webapp.clock import now
from webapp.helpdesk import presenters as helpdesk_presenters
from webapp.notifications import presenters as notification_presenters
from webapp.pwa.views import asset_url
from webapp.schedule import presenters


def switch_language_url(code: str) -> str:
    """The current page in another language (the language chooser's links)."""
    endpoint = request.endpoint
    args = dict(request.view_args or {})
    if endpoint and "lang" in args:
        args["lang"] = code
        return url_for(endpoint, **args)
    return url_for("schedule.choose_group", lang=code)


def map_url(venue) -> str:
    if venue.latitude is not None and venue.longitude is not None:
        return (
            f"https://www.openstreetmap.org/?mlat={venue.latitude}&mlon={venue.longitude}"
            f"#map=17/{venue.latitude}/{venue.longitude}"
        )
    return "https://www.openstreetmap.org/search?query=" + quote_plus(venue.address)


def register(app) -> None:
    @app.context_processor
    def page_facts():
        return {
            "rendered_at": now().isoformat(timespec="seconds"),
            "asset_version": current_app.extensions["assets"].version,
        }

    app.jinja_env.globals.update(
        asset_url=asset_url,
        current_language=i18n.current_language,
        languages=i18n.enabled_languages,
        language_name=i18n.language_name,
        switch_language_url=switch_language_url,
        map_url=map_url,
        kind_icon=presenters.kind_icon,
        kind_label=presenters.kind_label,
        kind_explanation=presenters.kind_explanation,
        offers_of=presenters.offers_of,
        professional_label=presenters.professional_label,
        spoken_summary=presenters.spoken_summary,
        roles=Role,
        help_kinds=helpdesk_presenters.kind_choices,
        short_kind=helpdesk_presenters.short_kind,
        kind_icon_of=helpdesk_presenters.kind_icon_of,
        outcome_choices=helpdesk_presenters.outcome_choices,
        minute_choices=helpdesk_presenters.minute_choices,
        contact_choices=helpdesk_presenters.contact_choices,
        role_label=role_label,
        notice_icon=notification_presenters.notice_icon,
        notice_label=notification_presenters.notice_label,
        reminder_days_label=notification_presenters.reminder_days_label,
        vapid_public_key=notification_presenters.vapid_public_key,
    )
    app.jinja_env.filters.update(
        weekday_date=i18n.format_weekday_date,
        short_date=i18n.format_short_date,
        clock=i18n.format_clock,
    )
