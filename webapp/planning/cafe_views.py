"""Planning views: the plan, one-off cafés, series and single occurrences (coordinators)."""

import copy

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
from webapp.schedule.models import Cafe, CafeKind, CafeStatus, Offer, ProfessionalRole, Venue
from webapp.schedule.presenters import OFFER_LABELS
from webapp.schedule.recurrence import materialise_group

BASE = "/<lang:lang>/desk/<group:slug>/plan"
# A weekly series fills the 120 days ahead with 17 cafés: the plan shows the first ones.
FIRST_CAFES = 10


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
    venue = (
        db.session.get(Venue, data["venue_id"]) if isinstance(data.get("venue_id"), int) else None
    )
    if venue is None or venue.group_id != group.id or data.get("kind") not in set(CafeKind):
        return []
    try:
        starts_at, ends_at = plan.times_for(data["day"], data["start"], data["end"], local_zone())
    except (TypeError, AttributeError):
        return []  # day or times not readable yet
    draft = Cafe(
        id=cafe.id if cafe is not None else 0,
        starts_at=starts_at,
        ends_at=ends_at,
        status=cafe.status if cafe is not None else CafeStatus.PLANNED,
        moved_from=cafe.moved_from if cafe is not None else None,
        texts=copy.deepcopy(data["texts"]),
        **{name: copy.deepcopy(data[name]) for name in plan.DETAILS},
    )
    draft.venue, draft.group = venue, group
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
    show_all = request.args.get("all") == "1"
    shown = plan.upcoming(group, now(), limit=80 if show_all else FIRST_CAFES + 1)
    return render(
        "planning/cafes.html",
        group=group,
        cafes=shown[: len(shown) if show_all else FIRST_CAFES],
        more=not show_all and len(shown) > FIRST_CAFES,
        series=plan_series.series_of(group),
        rule_in_words=forms.rule_in_words,
        clock_words=forms.clock_words,
        needs_people=plan.needs_people,
        enough=plan.ENOUGH_RESPONSIBLE,
        format_day=format_day,
    )


def _check_cafe(group, new: bool):
    venue_ids = {venue.id for venue in plan.venues_of(group)}
    return forms.check_cafe(request.form, venue_ids, enabled_codes(), local_today(), new=new)


@bp.route(f"{BASE}/cafes/new", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def new_cafe(lang, slug):
    group = group_for(slug, Role.COORDINATOR)
    if request.method == "GET":
        return _cafe_page(group, _blank(group), {})
    data, errors = _check_cafe(group, new=True)
    if not errors:
        try:
            plan.create_cafe(group, data, current_user, now(), local_zone())
        except plan.PlanningError as error:
            errors[error.field] = error.message
    if errors:
        return _cafe_page(group, data, errors, status=422)
    return redirect(url_for(".cafes", slug=slug, saved=1), 303)


@bp.route(f"{BASE}/cafes/<id:cafe_id>", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def edit_cafe(lang, slug, cafe_id):
    group = group_for(slug, Role.COORDINATOR)
    cafe = plan.cafe_in_group(group, cafe_id) or abort(404)
    if request.method == "GET":
        return _cafe_page(group, plan.form_values(cafe, local_zone()), {}, cafe=cafe)
    data, errors = _check_cafe(group, new=False)
    if not errors:
        try:
            plan.update_cafe(cafe, data, data["version"], current_user, now(), local_zone())
        except plan.VersionConflict as conflict:
            db.session.rollback()
            cafe = plan.cafe_in_group(group, cafe_id) or abort(404)
            data["version"] = cafe.version  # saving again keeps hers, knowingly
            return _cafe_page(group, data, {"version": conflict.message}, cafe, 409, saved=True)
        except plan.PlanningError as error:
            errors[error.field] = error.message
    if errors:
        return _cafe_page(group, data, errors, cafe=cafe, status=422)
    return redirect(url_for(".cafes", slug=slug, saved=1), 303)


@bp.post(f"{BASE}/cafes/<id:cafe_id>/cancel")
@role_required(Role.COORDINATOR)
def cancel_cafe(lang, slug, cafe_id):
    group = group_for(slug, Role.COORDINATOR)
    cafe = plan.cafe_in_group(group, cafe_id) or abort(404)
    undo = request.form.get("undo") == "1"
    version = forms.version_of(request.form)
    page = {"group": group, "undo": undo}
    if request.form.get("confirm") != "1" or version is None:
        return render("planning/cancel.html", cafe=cafe, version=cafe.version, error=None, **page)
    try:
        plan.cancel_cafe(cafe, version, current_user, now(), undo=undo)
    except plan.VersionConflict as conflict:
        db.session.rollback()
        cafe = plan.cafe_in_group(group, cafe_id) or abort(404)
        return render(
            "planning/cancel.html",
            409,
            cafe=cafe,
            version=cafe.version,
            error=conflict.message,
            **page,
        )
    except plan.PlanningError as error:
        return render(
            "planning/cancel.html",
            422,
            cafe=cafe,
            version=cafe.version,
            error=error.message,
            **page,
        )
    return redirect(url_for(".cafes", slug=slug, saved=1), 303)


@bp.post(f"{BASE}/preview")
@role_required(Role.COORDINATOR)
def preview(lang, slug):
    group = group_for(slug, Role.COORDINATOR)
    cafe_id = forms.row_id(forms.field_text(request.form, "cafe"))
    cafe = None
    if cafe_id is not None:
        cafe = plan.cafe_in_group(group, cafe_id) or abort(404)
    data, _errors = _check_cafe(group, new=cafe is None)
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
        rule_in_words=forms.rule_in_words,
        clock_words=forms.clock_words,
        format_day=format_day,
        **_choices(group),
    )


@bp.route(f"{BASE}/series/new", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def new_series(lang, slug):
    group = group_for(slug, Role.COORDINATOR)
    if request.method == "GET":
        blank = _blank(group) | {"pattern": "weekly", "weekday": None, "interval": 1, "nth": 1}
        return _series_page(group, blank | {"first_day": local_today(), "last_day": None}, {})
    venue_ids = {venue.id for venue in plan.venues_of(group)}
    data, errors = forms.check_series(request.form, venue_ids, enabled_codes(), local_today())
    if not errors:
        try:
            plan_series.create_series(group, data, current_user, now(), local_zone(), _horizon())
        except plan.PlanningError as error:
            errors[error.field] = error.message
    if errors:
        return _series_page(group, data, errors, status=422)
    return redirect(url_for(".cafes", slug=slug, saved=1), 303)


@bp.route(f"{BASE}/series/<id:series_id>", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def edit_series(lang, slug, series_id):
    group = group_for(slug, Role.COORDINATOR)
    series = plan_series.series_in_group(group, series_id) or abort(404)
    if request.method == "GET":
        return _series_page(
            group, plan_series.form_values(series) | {"from_day": local_today()}, {}, series
        )
    ending = request.form.get("action") == "end"
    venue_ids = {venue.id for venue in plan.venues_of(group)}
    if ending:
        end, errors = forms.check_series_end(request.form)
        data = plan_series.form_values(series) | {"from_day": local_today(), **end}
    else:
        data, errors = forms.check_series_change(
            request.form, venue_ids, enabled_codes(), local_today()
        )
    if not errors:
        try:
            if ending:
                plan_series.end_series(
                    series, data["last_day"], data["version"], current_user, now(), local_zone()
                )
            else:
                plan_series.update_series_from(
                    series, data, data["version"], current_user, now(), local_zone()
                )
        except plan.VersionConflict as conflict:
            db.session.rollback()
            series = plan_series.series_in_group(group, series_id) or abort(404)
            data["version"] = series.version
            return _series_page(group, data, {"version": conflict.message}, series, 409, True)
        except plan.PlanningError as error:
            errors[error.field] = error.message
    if errors:
        return _series_page(group, data, errors, series, status=422)
    return redirect(url_for(".cafes", slug=slug, saved=1), 303)
