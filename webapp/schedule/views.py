"""The public pages: choose a group, the group's page, one café, its calendar file."""

from flask import (
    abort,
    current_app,
    g,
    get_template_attribute,
    make_response,
    redirect,
    request,
    url_for,
)
from markupsafe import Markup

from webapp.clock import now
from webapp.forms import MAX_ID, field_text, whole_number
from webapp.htmx import render
from webapp.i18n import BY_CODE, LANG_COOKIE, best_language, in_language, is_enabled, local_zone
from webapp.schedule import bp, service
from webapp.schedule.calendar import cafe_calendar
from webapp.schedule.presenters import cafe_summary, cafe_title
from webapp.schedule.recurrence import materialise_group
from webapp.security import remember_choice

GROUP_COOKIE = "group"
PAGE_SIZE = 8
MOST_SHOWN = 100


@bp.get("/")
def root():
    lang = best_language(request.cookies.get(LANG_COOKIE), request.accept_languages)
    response = redirect(url_for("schedule.choose_group", lang=lang))
    response.vary.update({"Cookie", "Accept-Language"})
    return response


@bp.get("/<lang:lang>/")
def choose_group(lang):
    saved = request.cookies.get(GROUP_COOKIE)
    if saved and "change" not in request.args and service.group_by_slug(saved):
        return redirect(url_for("schedule.group_page", slug=saved))
    return render("schedule/choose_group.html", groups=service.all_groups(), saved=saved)


@bp.get("/<lang:lang>/<group:slug>/", strict_slashes=False)
def group_page(lang, slug):
    group = service.group_by_slug(slug) or abort(404)
    materialise_group(group.id, now(), current_app.config["UPCOMING_DAYS"], local_zone())
    shown = cafes_shown(request.args)
    schedule = service.schedule_for(group, now(), count=shown)
    response = render(
        "schedule/group.html",
        group=group,
        schedule=schedule,
        shown=shown,
        page_size=PAGE_SIZE,
    )
    return remember_choice(response, GROUP_COOKIE, group.slug)


def cafes_shown(values) -> int:
    """How many later cafés the page lists: `?more=` (the "show more" link), 8 to 100."""
    asked = whole_number(field_text(values, "more"), PAGE_SIZE, MAX_ID)
    return min(asked or PAGE_SIZE, MOST_SHOWN)


@bp.get("/<lang:lang>/<group:slug>/cafe/<id:cafe_id>")
def cafe_page(lang, slug, cafe_id):
    group = service.group_by_slug(slug) or abort(404)
    cafe = service.cafe_in_group(group, cafe_id) or abort(404)
    content = request.args.get("content")
    if not is_enabled(content) or content == lang:
        content = None
    return render(
        "schedule/cafe.html",
        group=group,
        cafe=cafe,
        content=BY_CODE[content] if content else None,
        card=card_in_language(content, cafe, group) if content else None,
    )


def card_in_language(code: str, cafe, group) -> Markup:
    """The café card in another language than the page (a volunteer shows it in Danish):
    the same macro, rendered with that language's catalog and formats."""
    cafe_details = get_template_attribute("_macros.html", "cafe_details")
    with in_language(code):
        return cafe_details(cafe, group, heading_level=2, with_link=False)


@bp.get("/<lang:lang>/<group:slug>/cafe/<id:cafe_id>.ics")
def cafe_ics(lang, slug, cafe_id):
    group = service.group_by_slug(slug) or abort(404)
    cafe = service.cafe_in_group(group, cafe_id) or abort(404)
    body = cafe_calendar(
        cafe,
        title=cafe_title(cafe, group),
        description=cafe_summary(cafe, g.lang),
        url=url_for("schedule.cafe_page", slug=slug, cafe_id=cafe.id, _external=True),
        zone=local_zone(),
        now=now(),
    )
    return download(body, "text/calendar", f"cafe-{cafe.starts_at:%Y-%m-%d}.ics")


def download(body: bytes, mimetype: str, filename: str):
    """A file the browser saves (or hands to the calendar app) rather than shows."""
    response = make_response(body)
    response.mimetype = mimetype
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
