"""Administrators: all groups, each group and its venues, retention and the audit log."""

from babel.dates import format_skeleton
from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.accounts.access import role_required
from webapp.accounts.models import Role
from webapp.accounts.service import members_of, visible_groups
from webapp.admin import bp, service
from webapp.admin.audit_log import ACTION_LABELS, action_label, actions_in_log, audit_page
from webapp.admin.forms import (
    MESSAGES,
    audit_filters,
    blank_group_form,
    check_group,
    check_venue,
    group_form,
    venue_form,
)
from webapp.clock import now
from webapp.htmx import render
from webapp.i18n import enabled_codes, format_clock, select_locale, to_local

GROUP_ACTIONS = ("group.create", "group.update", "venue.create", "venue.update")


def moment(at) -> str:
    """A log time in Copenhagen, with the year: '22. nov. 2026 13.05'."""
    return f"{format_skeleton('yMMMd', to_local(at), locale=select_locale())} {format_clock(at)}"


def _group_page(template, data, errors, status=200, group=None):
    history = None
    if group is not None:
        history = audit_page({"group_id": group.id, "actions": GROUP_ACTIONS}).rows[:20]
    return render(
        template,
        status=status,
        data=data,
        errors=errors,
        group=group,
        venues=service.venues_of(group) if group is not None else [],
        history=history,
        language_choices=enabled_codes(),
        moment=moment,
        action_label=action_label,
    )


@bp.get("/<lang:lang>/admin/")
@role_required(Role.ADMINISTRATOR)
def overview(lang):
    groups = visible_groups(current_user)
    return render(
        "admin/overview.html",
        groups=groups,
        members={group.id: members_of(group) for group in groups},
    )


@bp.route("/<lang:lang>/admin/groups/new", methods=["GET", "POST"])
@role_required(Role.ADMINISTRATOR)
def new_group(lang):
    if request.method == "GET":
        return _group_page("admin/group.html", blank_group_form(), {})
    data, errors = check_group(request.form, enabled_codes(), new=True)
    if errors:
        return _group_page("admin/group.html", data, errors, 422)
    try:
        group = service.create_group(data, current_user, now())
    except service.SlugTaken as taken:
        if service.same_group(taken.group, data):  # the same form sent twice
            return redirect(url_for(".edit_group", group_id=taken.group.id), 303)
        errors = {"slug": MESSAGES["slug_taken"]}
        return _group_page("admin/group.html", data, errors, 422)
    flash(_("Saved. Thank you!"))
    return redirect(url_for(".edit_group", group_id=group.id), 303)


@bp.route("/<lang:lang>/admin/groups/<id:group_id>", methods=["GET", "POST"])
@role_required(Role.ADMINISTRATOR)
def edit_group(lang, group_id):
    group = service.group_by_id(group_id) or abort(404)
    if request.method == "GET":
        return _group_page("admin/group.html", group_form(group), {}, group=group)
    data, errors = check_group(request.form, enabled_codes(), new=False)
    if errors:
        data["slug"] = group.slug
        return _group_page("admin/group.html", data, errors, 422, group=group)
    if service.update_group(group, data, current_user, now()):
        flash(_("Saved. Thank you!"))
    return redirect(url_for(".edit_group", group_id=group.id), 303)


def _venue_page(data, errors, group, venue=None, status=200):
    return render(
        "admin/venue.html",
        status=status,
        data=data,
        errors=errors,
        group=group,
        venue=venue,
    )


@bp.route("/<lang:lang>/admin/groups/<id:group_id>/venues/new", methods=["GET", "POST"])
@role_required(Role.ADMINISTRATOR)
def new_venue(lang, group_id):
    group = service.group_by_id(group_id) or abort(404)
    if request.method == "GET":
        return _venue_page(venue_form(), {}, group)
    data, errors = check_venue(request.form)
    if errors:
        return _venue_page(data, errors, group, status=422)
    service.create_venue(group, data, current_user, now())
    flash(_("Saved. Thank you!"))
    return redirect(url_for(".edit_group", group_id=group.id) + "#venues", 303)


@bp.route("/<lang:lang>/admin/venues/<id:venue_id>", methods=["GET", "POST"])
@role_required(Role.ADMINISTRATOR)
def edit_venue(lang, venue_id):
    venue = service.venue_by_id(venue_id) or abort(404)
    group = venue.group
    if request.method == "GET":
        return _venue_page(venue_form(venue), {}, group, venue)
    data, errors = check_venue(request.form)
    if errors:
        return _venue_page(data, errors, group, venue, status=422)
    if service.update_venue(venue, data, current_user, now()):
        flash(_("Saved. Thank you!"))
    return redirect(url_for(".edit_group", group_id=group.id) + "#venues", 303)


@bp.get("/<lang:lang>/admin/audit")
@role_required(Role.ADMINISTRATOR)
def audit_log(lang):
    groups = visible_groups(current_user)
    filters, page = audit_filters(request.args, {group.id for group in groups})
    codes = sorted(set(ACTION_LABELS) | set(actions_in_log()), key=action_label)
    return render(
        "admin/audit.html",
        log=audit_page(filters, page),
        filters=filters,
        groups=groups,
        actions=[(code, action_label(code)) for code in codes],
        moment=moment,
        action_label=action_label,
    )
