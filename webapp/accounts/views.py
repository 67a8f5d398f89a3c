"""Sign in and out, and the first signed-in pages: my groups, my team, all groups."""

from urllib.parse import urlsplit

from flask import abort, current_app, redirect, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from webapp.accounts import bp, service
from webapp.accounts.access import role_required
from webapp.accounts.forms import LoginForm
from webapp.accounts.models import Role
from webapp.clock import now
from webapp.extensions import limiter
from webapp.htmx import render
from webapp.schedule.service import schedule_for


def login_username_key() -> str:
    return "login-user:" + request.form.get("username", "").strip().lower()


def safe_next(target: str | None) -> str | None:
    """Only a path on this site (no scheme, no host, no `//`), else None."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:
        return None
    return target


@bp.route("/<lang:lang>/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_USER_RATE_LIMIT"],
    key_func=login_username_key,
    methods=["POST"],
)
def login(lang):
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        user = service.authenticate(form.username.data, form.password.data, now())
        if user is not None:
            session.clear()
            login_user(user)
            session["signed_in_at"] = now().timestamp()  # sending to many phones asks for it
            return redirect(safe_next(request.args.get("next")) or url_for("accounts.desk"), 303)
        failed = True
    status = 422 if request.method == "POST" else 200
    return render("accounts/login.html", status=status, form=form, failed=failed)


@bp.post("/<lang:lang>/logout")
@login_required
def logout(lang):
    service.sign_out(current_user._get_current_object())
    logout_user()
    session.clear()
    return redirect(url_for("accounts.login"), 303)


@bp.get("/<lang:lang>/desk/")
@role_required(Role.VOLUNTEER)
def desk(lang):
    groups = service.visible_groups(current_user)
    schedules = {group.id: schedule_for(group, now(), count=3) for group in groups}
    return render("accounts/desk.html", groups=groups, schedules=schedules)


@bp.get("/<lang:lang>/desk/<group:slug>/team")
@role_required(Role.COORDINATOR)
def team(lang, slug):
    group = service.group_for_user(current_user, slug) or abort(404)
    return render("accounts/team.html", group=group, members=service.members_of(group))


@bp.get("/<lang:lang>/admin/")
@role_required(Role.ADMINISTRATOR)
def admin_groups(lang):
    groups = service.visible_groups(current_user)
    return render(
        "accounts/admin.html",
        groups=groups,
        members={group.id: service.members_of(group) for group in groups},
    )
