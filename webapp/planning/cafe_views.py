"""Planning views: the plan, one-off cafés, series and single occurrences (coordinators)."""

from flask import abort, current_app, get_template_attribute, redirect, request, url_for
from flask_login import current_user

from webapp.accounts.access import group_for, role_required
from webapp.accounts.models import Role
from webapp.clock import now
from webapp.extensions import db
from webapp.htmx import render
from webapp.i18n import (
    BY_CODE,
    enabled_codes,
    format_day,
    in_language,
    is_enabled,
    local_today,
    local_zone,
)
from webapp.planning import bp, forms
from webapp.planning import cafes as plan
from webapp.planning import series as plan_series
from webapp.schedule.models import Cafe, CafeKind, Offer, ProfessionalRole
from webapp.schedule.presenters import OFFER_LABELS
from webapp.schedule.recurrence import materialise_group
from webapp.schedule.service import cafe_in_group

BASE = "/<lang:lang>/desk/<group:slug>/plan"
# What the plan and the series pages show a rule, a time and a day with.
WORDS = {
    "rule_in_words": forms.rule_in_words,
    "clock_words": forms.clock_words,
    "format_day": format_day,
}


def _horizon() -> int:
    return current_app.config["UPCOMING_DAYS"]


def text_languages(group) -> tuple[list[str], list[str]]:
    """Danish and the group's languages first; the other enabled languages folded away."""
    main = ["da"] + [code for code in group.languages or [] if is_enabled(code) and code != "da"]
    return main, [code for code in enabled_codes() if code not in main]


def _choices(group) -> dict:
    main, others = text_languages(group)
    return {
        "venues": plan.venues_of(group),
        "main_languages": [BY_CODE[code] for code in main],
        "other_languages": [BY_CODE[code] for code in others],
        "kinds": list(CafeKind),
        "offer_choices": [(offer.value, *OFFER_LABELS[offer]) for offer in Offer],
        "professionals": list(ProfessionalRole),
        "as_input": forms.as_input,
    }


def _limits(group) -> tuple:
    """What a café's or a series' form is checked against: the group's places, the enabled
    languages and today."""
    venue_ids = {venue.id for venue in plan.venues_of(group)}
    return venue_ids, enabled_codes(), local_today()


def _save(errors: dict, verb, *args, **kwargs) -> int:
    """Call the domain verb unless the form has errors -> the answer's status: 303 saved; 422
    refused (the refusal joins `errors`); 409 someone else saved first (the session rolled
    back, errors["version"] says so)."""
    if not errors:
        try:
            verb(*args, **kwargs)
        except plan.VersionConflict as conflict:
            db.session.rollback()
            errors["version"] = conflict.message
            return 409
        except plan.PlanningError as error:
            errors[error.field] = error.message
    return 422 if errors else 303


def _acting() -> tuple:
    """Who acts, when, and in which time zone: the last arguments of the planning verbs."""
    return current_user, now(), local_zone()


def _saved(slug):
    return redirect(url_for(".cafes", slug=slug, saved=1), 303)


def _blank(group) -> dict:
    venues = plan.venues_of(group)
    return {
        "day": None,
        "start": None,
        "end": None,
        "venue_id": venues[0].id if len(venues) == 1 else None,
        "kind": None,
        "professional_role": None,
        "offers": [],
        "refreshments": True,
        "children_welcome": True,
        "texts": {},
        "version": None,
    }


def _previews(group, data: dict, cafe: Cafe | None) -> list[tuple]:
    """The public café card in each language that has a text (Danish always)."""
    draft = plan.draft(group, data, cafe, local_zone())
    if draft is None:
        return []
    card = get_template_attribute("_macros.html", "cafe_details")
    codes = [code for code in enabled_codes() if code == "da" or code in data["texts"]]
    previews = []
    for code in codes:
        with in_language(code):
            previews.append((BY_CODE[code], card(draft, group, heading_level=3, with_link=False)))
    return previews


def _cafe_page(group, data, errors, cafe=None, status=200, saved=False, previews=None):
    return render(
        "planning/cafe_form.html",
        status=status,
        group=group,
        cafe=cafe,
        data=data,
        errors=errors,
        saved=saved,
        previews=previews or [],
        series_words=forms.rule_in_words(cafe.series.rule) if cafe and cafe.series else "",
        **_choices(group),
    )


@bp.get(f"{BASE}/")
@role_required(Role.COORDINATOR)
def cafes(lang, slug):
    group = group_for(slug, Role.COORDINATOR)
    materialise_group(group.id, now(), _horizon(), local_zone())
    shown, more = plan.coming(group, now(), everything=forms.wants_all(request.args))
    return render(
        "planning/cafes.html",
        group=group,
        cafes=shown,
        more=more,
        series=plan_series.series_of(group),
        needs_people=plan.needs_people,
        enough=plan.ENOUGH_RESPONSIBLE,
        **WORDS,
    )


@bp.route(f"{BASE}/cafes/new", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def new_cafe(lang, slug):
    group = group_for(slug, Role.COORDINATOR)
    if request.method == "GET":
        return _cafe_page(group, _blank(group), {})
    data, errors = forms.check_cafe(request.form, *_limits(group), new=True)
    if _save(errors, plan.create_cafe, group, data, *_acting()) == 303:
        return _saved(slug)
    return _cafe_page(group, data, errors, status=422)


@bp.route(f"{BASE}/cafes/<id:cafe_id>", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def edit_cafe(lang, slug, cafe_id):
    group = group_for(slug, Role.COORDINATOR)
    cafe = cafe_in_group(group, cafe_id) or abort(404)
    if request.method == "GET":
        return _cafe_page(group, plan.form_values(cafe, local_zone()), {}, cafe=cafe)
    data, errors = forms.check_cafe(request.form, *_limits(group), new=False)
    status = _save(errors, plan.update_cafe, cafe, data, data["version"], *_acting())
    if status == 303:
        return _saved(slug)
    if status == 409:
        cafe = cafe_in_group(group, cafe_id) or abort(404)
        data["version"] = cafe.version  # saving again keeps hers, knowingly
    return _cafe_page(group, data, errors, cafe, status, saved=status == 409)


def _cancel_page(group, cafe, undo: bool, error=None, status=200):
    return render(
        "planning/cancel.html",
        status,
        group=group,
        cafe=cafe,
        version=cafe.version,
        undo=undo,
        error=error,
    )


@bp.post(f"{BASE}/cafes/<id:cafe_id>/cancel")
@role_required(Role.COORDINATOR)
def cancel_cafe(lang, slug, cafe_id):
    group = group_for(slug, Role.COORDINATOR)
    cafe = cafe_in_group(group, cafe_id) or abort(404)
    data, errors = forms.check_cancel(request.form)
    if not data["confirmed"]:
        return _cancel_page(group, cafe, data["undo"])
    status = _save(
        errors, plan.cancel_cafe, cafe, data["version"], current_user, now(), undo=data["undo"]
    )
    if status == 303:
        return _saved(slug)
    if status == 409:
        cafe = cafe_in_group(group, cafe_id) or abort(404)
    return _cancel_page(group, cafe, data["undo"], next(iter(errors.values())), status)


@bp.post(f"{BASE}/preview")
@role_required(Role.COORDINATOR)
def preview(lang, slug):
    group = group_for(slug, Role.COORDINATOR)
    data, _errors = forms.check_preview(request.form, *_limits(group))
    cafe = None
    if data["cafe_id"] is not None:
        cafe = cafe_in_group(group, data["cafe_id"]) or abort(404)
    return _cafe_page(group, data, {}, cafe=cafe, previews=_previews(group, data, cafe))


def _series_page(group, data, errors, series=None, status=200, saved=False):
    return render(
        "planning/series_form.html",
        status=status,
        group=group,
        series=series,
        data=data,
        errors=errors,
        saved=saved,
        weekdays=forms.weekday_names(),
        nth_words=forms.NTH_WORDS,
        **WORDS,
        **_choices(group),
    )


def _blank_series(group) -> dict:
    every_week = {"pattern": "weekly", "weekday": None, "interval": 1, "nth": 1}
    return _blank(group) | every_week | {"first_day": local_today(), "last_day": None}


def _series_values(series, sent=None) -> dict:
    """The saved series as the page shows it; what she sent to end it, on top."""
    return plan_series.form_values(series) | {"from_day": local_today()} | (sent or {})


@bp.route(f"{BASE}/series/new", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def new_series(lang, slug):
    group = group_for(slug, Role.COORDINATOR)
    if request.method == "GET":
        return _series_page(group, _blank_series(group), {})
    data, errors = forms.check_series(request.form, *_limits(group))
    if _save(errors, plan_series.create_series, group, data, *_acting(), _horizon()) == 303:
        return _saved(slug)
    return _series_page(group, data, errors, status=422)


@bp.route(f"{BASE}/series/<id:series_id>", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def edit_series(lang, slug, series_id):
    group = group_for(slug, Role.COORDINATOR)
    series = plan_series.series_in_group(group, series_id) or abort(404)
    if request.method == "GET":
        return _series_page(group, _series_values(series), {}, series)
    data, errors = forms.check_series_page(request.form, *_limits(group))
    status = _save(errors, plan_series.change_series, series, data, *_acting())
    if status == 303:
        return _saved(slug)
    if status == 409:
        series = plan_series.series_in_group(group, series_id) or abort(404)
        data["version"] = series.version
    shown = _series_values(series, data) if data["action"] == "end" else data
    return _series_page(group, shown, errors, series, status, saved=status == 409)
