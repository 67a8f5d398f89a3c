"""Sign in (password, then for coordinators a code from an authenticator app) and out, and
the first signed-in pages: my groups, my team."""

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from webapp.accounts import bp, invitations, service
from webapp.accounts import second_factor as totp
from webapp.accounts.access import group_for, role_required
from webapp.accounts.forms import PEOPLE_MESSAGES, LoginForm, check_code, field_errors
from webapp.accounts.models import Role, User
from webapp.accounts.qr import qr_image
from webapp.clock import now
from webapp.extensions import limiter
from webapp.forms import field_text
from webapp.htmx import render
from webapp.schedule.service import schedule_for

# In the signed session cookie between the password and the code: who, her session token
# (a sign-out, deactivation or new role in between makes it worthless) and when.
PENDING = "pending_sign_in"
# The secret proposed while she sets up her app; kept only until she confirms a code.
PROPOSED_SECRET = "proposed_totp_secret"


def login_username_key() -> str:
    return "login-user:" + field_text(request.form, "username").lower()


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
            return begin_sign_in(user, safe_next(request.args.get("next")))
        failed = True
    status = 422 if request.method == "POST" else 200
    errors = field_errors(form)
    return render("accounts/login.html", status=status, form=form, errors=errors, failed=failed)


def finish_sign_in(user: User, target: str | None):
    session.clear()
    login_user(user)
    session["signed_in_at"] = now().timestamp()  # sending to many phones asks for it
    return redirect(target or url_for("accounts.desk"), 303)


def begin_sign_in(user: User, target: str | None):
    """A Bydelsmor is signed in now; a coordinator first types a code from her app."""
    if not totp.needs_second_factor(user):
        return finish_sign_in(user, target)
    session.clear()
    session[PENDING] = {
        "user": user.id,
        "token": user.session_token,
        "at": now().timestamp(),
        "next": target,
    }
    endpoint = ".second_factor" if user.totp_secret else ".setup_second_factor"
    return redirect(url_for(endpoint), 303)


def pending_user(seconds: int) -> tuple[User | None, bool]:
    """(the user who gave the right password, whether her time ran out)."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict):
        return None, False
    started = pending.get("at")
    if not isinstance(started, int | float) or now().timestamp() - started > seconds:
        return None, True
    user = service.user_for_session(pending.get("token"))
    if user is None or user.id != pending.get("user"):
        return None, False
    return user, False


def back_to_sign_in(expired: bool):
    session.pop(PENDING, None)
    session.pop(PROPOSED_SECRET, None)
    if expired:
        flash(_("That took too long. Please sign in again."))
    return redirect(url_for(".login"), 303)


def pending_key() -> str:
    pending = session.get(PENDING)
    return "second-factor:" + str(pending.get("user") if isinstance(pending, dict) else "")


def _code_limits(view):
    view = limiter.limit(
        lambda: current_app.config["SECOND_FACTOR_RATE_LIMIT"],
        key_func=pending_key,
        methods=["POST"],
    )(view)
    return limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])(view)


def _waiting(seconds: int, enrolled: bool):
    """(the user between her password and her code, None), or (None, where she goes instead):
    the sign-in page when nobody waits or her time ran out, the other code page when her app
    is set up (or not yet)."""
    user, expired = pending_user(seconds)
    if user is None:
        return None, back_to_sign_in(expired)
    if (user.totp_secret is not None) != enrolled:
        endpoint = ".setup_second_factor" if enrolled else ".second_factor"
        return None, redirect(url_for(endpoint), 303)
    return user, None


def _proposed_secret() -> str:
    """The secret shown while she sets up her app: the same one until she confirms it."""
    secret = session.get(PROPOSED_SECRET)
    if not totp.is_secret(secret):
        secret = session[PROPOSED_SECRET] = totp.new_secret()
    return secret


def _refused(accept) -> dict:
    """The code form's errors: {} when `accept(code)` took the code she typed."""
    data, errors = check_code(request.form)
    if not errors and not accept(data["code"]):
        errors = {"code": PEOPLE_MESSAGES["code_wrong"]}
    return errors


def _code_page(errors: dict, **context):
    status = 422 if errors else 200
    return render("accounts/second_factor.html", status=status, errors=errors, **context)


@bp.route("/<lang:lang>/login/code", methods=["GET", "POST"])
@_code_limits
def second_factor(lang):
    user, away = _waiting(current_app.config["SECOND_FACTOR_SECONDS"], enrolled=True)
    if away is not None:
        return away
    errors = {}
    if request.method == "POST":
        errors = _refused(lambda code: totp.accept_code(user, code, now()))
        if not errors:
            return finish_sign_in(user, session[PENDING].get("next"))
    return _code_page(errors)


@bp.route("/<lang:lang>/login/setup", methods=["GET", "POST"])
@_code_limits
def setup_second_factor(lang):
    # Installing an app and scanning a code takes longer than typing one: three times as long.
    user, away = _waiting(3 * current_app.config["SECOND_FACTOR_SECONDS"], enrolled=False)
    if away is not None:
        return away
    secret = _proposed_secret()
    errors = {}
    if request.method == "POST":
        errors = _refused(lambda code: totp.enrol(user, secret, code, now()))
        if not errors:
            return finish_sign_in(user, session[PENDING].get("next"))
    qr = qr_image(totp.provisioning_uri(secret, user.username))
    return _code_page(errors, setup=True, secret=totp.grouped(secret), qr=qr)


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
    group = group_for(slug, Role.COORDINATOR)
    return render(
        "accounts/team.html",
        group=group,
        members=service.members_of(group),
        invitations=invitations.open_invitations(group, now()),
        may_deactivate=service.may_deactivate,
        may_appoint=current_user.has_role(Role.ADMINISTRATOR),
        appointable=service.APPOINTABLE,
    )
