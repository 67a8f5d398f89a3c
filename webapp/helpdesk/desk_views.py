"""The volunteers' side: the queue, one request, walk-in logs, attendance. Her groups only:
every id is looked up inside the group, so another group's ids answer 404."""

import secrets

from flask import abort, flash, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.accounts.access import group_for, role_required
from webapp.accounts.models import Role
from webapp.clock import now
from webapp.forms import is_key
from webapp.helpdesk import bp, queue, walkins
from webapp.helpdesk.forms import check_log, check_queue_filter, check_walk_in
from webapp.helpdesk.presenters import language_choices
from webapp.htmx import render
from webapp.i18n import local_zone
from webapp.schedule.service import cafe_of_the_day

MOVES = {"claim": queue.claim, "start": queue.start, "release": queue.release}


def my_request(group, request_id):
    return queue.in_group(group, request_id) or abort(404)


@bp.get("/<lang:lang>/desk/<group:slug>/queue")
@role_required(Role.VOLUNTEER)
def desk_queue(lang, slug):
    group = group_for(slug)
    shown = check_queue_filter(request.args)
    languages = current_user.languages if shown["mine"] else ()
    requests = queue.queue_of(group, kinds=shown["kinds"], languages=languages)
    return render("helpdesk/queue.html", group=group, requests=requests, now=now(), **shown)


def request_page(group, help_request, data=None, errors=None, status=200):
    return render(
        "helpdesk/request.html",
        status=status,
        group=group,
        help_request=help_request,
        data=data or {},
        errors=errors or {},
        now=now(),
        choices=language_choices(group),
    )


def refusal(help_request) -> str:
    """Why a claim, start or release changed nothing: another volunteer has her, or the
    request changed meanwhile."""
    if help_request.claimed_by and help_request.claimed_by_id != current_user.id:
        return _("%(name)s already has this request.", name=help_request.claimed_by.display_name)
    return _("This request has changed meanwhile. Look again.")


@bp.get("/<lang:lang>/desk/<group:slug>/requests/<id:request_id>")
@role_required(Role.VOLUNTEER)
def desk_request(lang, slug, request_id):
    group = group_for(slug)
    help_request = queue.open_request(group, request_id, current_user, now()) or abort(404)
    return request_page(group, help_request)


@bp.post(
    "/<lang:lang>/desk/<group:slug>/requests/<id:request_id>/<any(claim, start, release):action>"
)
@role_required(Role.VOLUNTEER)
def desk_move(lang, slug, request_id, action):
    group = group_for(slug)
    help_request = my_request(group, request_id)
    if not MOVES[action](help_request, current_user, now()):
        flash(refusal(help_request))
    return redirect(url_for("helpdesk.desk_request", slug=slug, request_id=help_request.id), 303)


@bp.post("/<lang:lang>/desk/<group:slug>/requests/<id:request_id>/resolve")
@role_required(Role.VOLUNTEER)
def desk_resolve(lang, slug, request_id):
    group = group_for(slug)
    help_request = my_request(group, request_id)
    data, errors = check_log(request.form, with_handover=True)
    if errors:
        return request_page(group, help_request, data, errors, status=422)
    if not queue.resolve(help_request, current_user, data, now()):
        flash(_("This request has changed meanwhile. Look again."))
        return redirect(url_for("helpdesk.desk_request", slug=slug, request_id=request_id), 303)
    flash(_("Saved. Thank you!"))
    return redirect(url_for("helpdesk.desk_queue", slug=slug), 303)


def walk_in_page(group, data, errors=None, saved=None, status=200):
    """The walk-in form, always with a fresh one-time key for the next log."""
    return render(
        "helpdesk/walk_in.html",
        status=status,
        group=group,
        data=data,
        errors=errors or {},
        saved=saved,
        key=secrets.token_urlsafe(18),
        choices=language_choices(group),
    )


@bp.route("/<lang:lang>/desk/<group:slug>/walk-in", methods=["GET", "POST"])
@role_required(Role.VOLUNTEER)
def walk_in(lang, slug):
    group = group_for(slug)
    if request.method == "GET":
        return walk_in_page(group, {"language": lang})
    data, errors = check_walk_in(request.form)
    if errors:
        return walk_in_page(group, data, errors, status=422)
    try:
        saved, _created = walkins.log_walk_in(group, current_user, data, data["key"], now())
    except walkins.KeyReused:
        abort(409)
    return walk_in_page(group, {"language": data["language"]}, saved=saved)


@bp.post("/<lang:lang>/desk/<group:slug>/walk-ins")
@role_required(Role.VOLUNTEER)
def walk_in_sync(lang, slug):
    """Logs made offline, sent by the phone when it is online again (JSON)."""
    group = group_for(slug)
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not is_key(body.get("key")):
        return jsonify(error=_("Something went wrong")), 400
    data, errors = check_log(body, with_handover=False)
    if errors:
        return jsonify(errors={field: str(message) for field, message in errors.items()}), 422
    try:
        saved, created = walkins.log_walk_in(group, current_user, data, body["key"], now())
    except walkins.KeyReused:
        return jsonify(error=_("This log was already sent with other content.")), 409
    return jsonify(id=saved.id, created=created), 201 if created else 200


@bp.route("/<lang:lang>/desk/<group:slug>/attendance", methods=["GET", "POST"])
@role_required(Role.VOLUNTEER)
def attendance(lang, slug):
    group = group_for(slug)
    cafe = cafe_of_the_day(group, now(), local_zone())
    counts = walkins.attendance_for(cafe) if cafe else None
    if request.method == "POST":
        if cafe is None:
            abort(404)
        step = 1 if request.form.get("step") == "1" else -1
        try:
            counts = walkins.count_attendance(
                cafe, current_user, request.form.get("field", ""), step, now()
            )
        except ValueError:
            abort(400)
    return render("helpdesk/attendance.html", group=group, cafe=cafe, counts=counts)
