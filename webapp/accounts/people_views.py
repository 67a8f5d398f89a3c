"""People: invitations, the welcome form, deactivating and appointing.

(The code step of signing in lives with the sign-in itself, in views.py.)
"""

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user

from webapp.accounts import bp, invitations, service
from webapp.accounts.access import group_for, role_required
from webapp.accounts.forms import (
    PEOPLE_MESSAGES,
    blank_invitation,
    blank_welcome,
    check_invitation,
    check_welcome,
)
from webapp.accounts.invitations import Problem
from webapp.accounts.models import Role
from webapp.accounts.presenters import role_choices
from webapp.accounts.qr import qr_image
from webapp.accounts.views import begin_sign_in
from webapp.clock import now
from webapp.extensions import limiter
from webapp.htmx import render
from webapp.i18n import enabled_codes

# Status of the welcome page for a link that does not work (the page says why).
PROBLEM_STATUS = {
    Problem.UNKNOWN: 404,
    Problem.EXPIRED: 410,
    Problem.USED: 410,
    Problem.REVOKED: 410,
}


def _private(response):
    """The token is in the address: not stored, and not sent to other sites.

    `same-origin`, not `no-referrer`: Flask-WTF's CSRF check over HTTPS refuses a POST that
    has no Referer, and the form posts to this same address.
    """
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "same-origin"
    return response


# --- inviting ---------------------------------------------------------------------------


@bp.route("/<lang:lang>/desk/<group:slug>/team/invite", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def invite(lang, slug):
    group = group_for(slug, Role.COORDINATOR)
    roles = invitations.roles_to_invite(current_user)
    if request.method == "GET":
        return _invite_page(group, roles, blank_invitation(), {})
    data, errors = check_invitation(request.form, roles)
    invitation = None if errors else _new_invitation(group, data)
    if invitation is None:  # errors, or the form key of another group's invitation
        return _invite_page(group, roles, data, errors or {"form_key": PEOPLE_MESSAGES["key"]})
    return redirect(url_for(".invitation", slug=slug, invitation_id=invitation.id), 303)


def _invite_page(group, roles, data, errors):
    return render(
        "accounts/invite.html",
        status=422 if errors else 200,
        group=group,
        role_choices=role_choices(roles),
        data=data,
        errors=errors,
    )


def _new_invitation(group, data):
    """The invitation the form asks for (the same one for a second tap), made by her now."""
    return invitations.create(
        group,
        role=Role(data["role"]),
        display_name=data["display_name"],
        created_by=current_user,
        nonce=data["form_key"],
        now=now(),
        days=current_app.config["INVITATION_DAYS"],
    )


@bp.get("/<lang:lang>/desk/<group:slug>/team/invitations/<id:invitation_id>")
@role_required(Role.COORDINATOR)
def invitation(lang, slug, invitation_id):
    group = group_for(slug, Role.COORDINATOR)
    found = invitations.in_group(group, invitation_id) or abort(404)
    link = _welcome_link(found)
    problem = invitations.problem_of(found, now())
    return render(
        "accounts/invitation.html",
        group=group,
        invitation=found,
        problem=problem,
        link=link,
        qr=qr_image(link),
    )


def _welcome_link(invitation) -> str:
    """The address she opens: signed, the same every time it is shown."""
    token = invitations.token_for(invitation, current_app.secret_key)
    return url_for(".welcome", invitation_token=token, _external=True)


@bp.post("/<lang:lang>/desk/<group:slug>/team/invitations/<id:invitation_id>/revoke")
@role_required(Role.COORDINATOR)
def revoke_invitation(lang, slug, invitation_id):
    group = group_for(slug, Role.COORDINATOR)
    found = invitations.in_group(group, invitation_id) or abort(404)
    invitations.revoke(found, current_user, now())
    return redirect(url_for(".team", slug=slug), 303)


# --- the invited person sets up her account ----------------------------------------------


@bp.route("/<lang:lang>/welcome/<invitation_token>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["WELCOME_RATE_LIMIT"], methods=["POST"])
def welcome(lang, invitation_token):
    found, problem = invitations.open_token(invitation_token, current_app.secret_key, now())
    if problem is not None:
        return _welcome_problem(problem)
    if request.method == "GET":
        return _welcome_page(found, blank_welcome(found.display_name), {})
    data, errors = check_welcome(request.form, enabled_codes())
    user, errors = _accept(found, data, errors)
    if errors:
        return _welcome_page(found, data, errors)
    if user is None:  # the other tab or tap was first
        return _welcome_problem(invitations.problem_of(found, now()) or Problem.USED)
    return _private(begin_sign_in(user, None))


def _accept(found, data: dict, errors: dict):
    """(her new account, errors); (None, {}) when another tab or tap used the link first."""
    if "username" not in errors and service.username_taken(data["username"]):
        errors["username"] = PEOPLE_MESSAGES["username_taken"]
    if errors:
        return None, errors
    try:
        user = invitations.accept(
            found,
            username=data["username"],
            display_name=data["display_name"],
            password=data["password"],
            languages=data["languages"],
            now=now(),
        )
    except invitations.UsernameTaken:
        return None, {"username": PEOPLE_MESSAGES["username_taken"]}
    return user, {}


def _welcome_page(found, data: dict, errors: dict):
    """The form, never with the password she typed."""
    data = {key: value for key, value in data.items() if key != "password"}
    page = render(
        "accounts/welcome.html",
        422 if errors else 200,
        invitation=found,
        data=data,
        errors=errors,
    )
    return _private(page)


def _welcome_problem(problem: Problem):
    page = render("accounts/welcome.html", PROBLEM_STATUS[problem], problem=problem)
    return _private(page)


# --- deactivating and appointing ----------------------------------------------------------


def _member(group, user_id):
    return service.member(group, user_id) or abort(404)


@bp.post("/<lang:lang>/desk/<group:slug>/team/<id:user_id>/deactivate")
@role_required(Role.COORDINATOR)
def deactivate(lang, slug, user_id):
    group = group_for(slug, Role.COORDINATOR)
    person = _member(group, user_id)
    if not service.may_deactivate(current_user, person):
        abort(403)
    service.deactivate(person, group, current_user, now())
    return redirect(url_for(".team", slug=slug) + f"#person-{person.id}", 303)


@bp.post("/<lang:lang>/desk/<group:slug>/team/<id:user_id>/reactivate")
@role_required(Role.COORDINATOR)
def reactivate(lang, slug, user_id):
    group = group_for(slug, Role.COORDINATOR)
    person = _member(group, user_id)
    if not service.may_deactivate(current_user, person):
        abort(403)
    service.reactivate(person, group, current_user, now())
    return redirect(url_for(".team", slug=slug) + f"#person-{person.id}", 303)


@bp.post("/<lang:lang>/desk/<group:slug>/team/<id:user_id>/role")
@role_required(Role.ADMINISTRATOR)
def appoint(lang, slug, user_id):
    group = group_for(slug, Role.ADMINISTRATOR)
    person = _member(group, user_id)
    role = request.form.get("role")
    if person.id == current_user.id or Role(person.role) not in service.APPOINTABLE:
        abort(403)
    if role not in service.APPOINTABLE:
        abort(400)
    service.appoint(person, Role(role), group, current_user, now())
    return redirect(url_for(".team", slug=slug) + f"#person-{person.id}", 303)
