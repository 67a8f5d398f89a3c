"""Planning views: responsible mothers, the year plan and the poster."""

from babel.dates import format_skeleton
from flask import abort, make_response, redirect, request, url_for
from flask_babel import format_decimal
from flask_login import current_user
from jinja2_fragments.flask import render_block
from markupsafe import Markup

from webapp.accounts.access import group_for, role_required
from webapp.accounts.models import Role, User
from webapp.clock import now
from webapp.extensions import db
from webapp.htmx import VARY, render, wants_fragment
from webapp.i18n import current_language, in_language, local_zone, select_locale
from webapp.planning import bp, poster, rota, yearplan
from webapp.planning.team_forms import (
    MESSAGES,
    check_assignment,
    check_goal,
    check_going,
    check_languages,
    check_year,
)
from webapp.schedule.service import cafe_in_group

MY_CAFES = "planning/my_cafes.html"
POSTER = "planning/poster.html"


def _cafe(group, cafe_id):
    return cafe_in_group(group, cafe_id) or abort(404)


def _cafes_url(endpoint, slug, cafe_id):
    return url_for(endpoint, slug=slug) + f"#cafe-{cafe_id}"


def _attempt(errors: dict, field: str, verb, *args, **kwargs) -> dict:
    """Call the rota verb unless the form has errors; its refusal becomes errors[field]."""
    if not errors:
        try:
            verb(*args, **kwargs)
        except rota.RotaError as refusal:
            errors[field] = MESSAGES[refusal.reason]
    return errors


# A volunteer's own list: upcoming cafés, "I'll be there" / "I can't come after all".


def _my_cafes_page(group, alert=None, status=200):
    rows = rota.rows_for_volunteer(group, current_user, now())
    return render(MY_CAFES, status=status, group=group, rows=rows, errors={}, alert=alert)


@bp.get("/<lang:lang>/desk/<group:slug>/cafes")
@role_required(Role.VOLUNTEER)
def my_cafes(lang, slug):
    return _my_cafes_page(group_for(slug))


def _row_answer(group, cafe, error, status):
    """Each row's id names its café, so the answer to a row's button is the `cafe_row` block
    (render() names blocks after constant ids only)."""
    row = rota.row_for_volunteer(cafe, current_user)
    body = render_block(MY_CAFES, "cafe_row", group=group, row=row, errors={cafe.id: error})
    response = make_response(body, status)
    response.vary.update(part.strip() for part in VARY.split(","))
    return response


@bp.post("/<lang:lang>/desk/<group:slug>/cafes/<id:cafe_id>/sign-up")
@role_required(Role.VOLUNTEER)
def sign_up(lang, slug, cafe_id):
    group = group_for(slug)
    cafe = _cafe(group, cafe_id)
    data, errors = check_going(request.form)
    _attempt(errors, "going", rota.sign_up, cafe, current_user, data["going"], now())
    if wants_fragment() is not None:
        return _row_answer(group, cafe, errors.get("going"), 422 if errors else 200)
    if errors:
        return _my_cafes_page(group, alert=errors["going"], status=422)
    return redirect(_cafes_url(".my_cafes", slug, cafe.id), 303)


# The coordinator's rota: who is responsible, who is missing, assign and remove.


def _rota_page(group, errors=None, kept=None, status=200):
    rows = rota.rows_for_coordinator(group, now())
    lacking = sum(1 for row in rows if row.needs_people)
    return render(
        "planning/rota.html",
        status=status,
        group=group,
        rows=rows,
        lacking=lacking,
        errors=errors or {},
        kept=kept or {},
    )


@bp.get("/<lang:lang>/desk/<group:slug>/plan/team", endpoint="rota")
@role_required(Role.COORDINATOR)
def rota_view(lang, slug):
    return _rota_page(group_for(slug, Role.COORDINATOR))


@bp.post("/<lang:lang>/desk/<group:slug>/plan/team/<id:cafe_id>")
@role_required(Role.COORDINATOR)
def assign(lang, slug, cafe_id):
    group = group_for(slug, Role.COORDINATOR)
    cafe = _cafe(group, cafe_id)
    data, errors = check_assignment(request.form)
    if not errors:
        user = db.session.get(User, data["user_id"]) or abort(404)
        add = data["action"] == "add"
        _attempt(errors, "user_id", rota.assign, cafe, user, current_user, now(), add=add)
    if errors:
        message = next(iter(errors.values()))
        return _rota_page(group, {cafe.id: message}, {cafe.id: data["user_id"]}, status=422)
    return redirect(_cafes_url(".rota", slug, cafe.id), 303)


# The year plan and the attendance goal.


def month_label(day) -> str:
    return format_skeleton("yMMMM", day, locale=select_locale())


def _year_page(group, year, goal_typed=None, errors=None, status=200):
    plan = yearplan.year_plan(group, year, local_zone(), now())
    average = None if plan.average is None else format_decimal(plan.average, format="#,##0.#")
    return render(
        "planning/year.html",
        status=status,
        group=group,
        plan=plan,
        average=average,
        month_label=month_label,
        goal_typed=goal_typed if goal_typed is not None else (group.attendance_goal or ""),
        errors=errors or {},
    )


@bp.get("/<lang:lang>/desk/<group:slug>/plan/year")
@role_required(Role.COORDINATOR)
def year_plan(lang, slug):
    group = group_for(slug, Role.COORDINATOR)
    this_year = now().astimezone(local_zone()).year
    return _year_page(group, check_year(request.args, this_year))


@bp.post("/<lang:lang>/desk/<group:slug>/plan/goal")
@role_required(Role.COORDINATOR)
def attendance_goal(lang, slug):
    group = group_for(slug, Role.COORDINATOR)
    data, errors = check_goal(request.form)
    this_year = now().astimezone(local_zone()).year
    year = check_year(request.form, this_year)
    if errors:
        return _year_page(group, year, data["typed"], errors, status=422)
    yearplan.set_goal(group, data["goal"], current_user, now())
    return redirect(url_for(".year_plan", slug=slug, year=year) + "#goal", 303)


# The poster.


def _poster_texts(made) -> list[Markup]:
    """Each language's words, dates and weekdays, rendered in that language."""
    texts = []
    for code in made.languages if made else ():
        with in_language(code) as language:
            texts.append(
                Markup(render_block(POSTER, "poster_text", poster=made, language=language))
            )
    return texts


@bp.get("/<lang:lang>/desk/<group:slug>/poster", endpoint="poster")
@role_required(Role.COORDINATOR)
def poster_view(lang, slug):
    group = group_for(slug, Role.COORDINATOR)
    data, errors = check_languages(request.args, current_language().code)
    made = None if errors else poster.poster_for(group, data["languages"], now())
    return render(
        POSTER,
        status=422 if errors else 200,
        group=group,
        chosen=data["languages"],
        errors=errors,
        poster=made,
        texts=_poster_texts(made),
    )
