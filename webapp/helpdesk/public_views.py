"""The woman's side: the request form, her private status page, withdrawing. No account, no
cookie: these forms check Origin / Sec-Fetch-Site instead of a CSRF token."""

from flask import abort, current_app, redirect, request, url_for

from webapp.clock import now
from webapp.extensions import csrf, limiter
from webapp.forms import MAX_ID, field_text, whole_number
from webapp.helpdesk import bp, queue
from webapp.helpdesk.forms import blank_request, check_request
from webapp.helpdesk.presenters import language_choices, ticket_state
from webapp.htmx import render
from webapp.i18n import local_zone
from webapp.schedule.service import group_by_slug
from webapp.security import from_this_site, private

# Status page and withdraw share one count of unknown addresses (guesses) per client.
guesses = limiter.shared_limit(
    lambda: current_app.config["TICKET_GUESS_RATE_LIMIT"],
    scope="ticket-guess",
    deduct_when=lambda response: response.status_code == 404,
)


def ask_page(group, data, errors, choices, status=200):
    page = render(
        "helpdesk/ask.html", status=status, group=group, data=data, errors=errors, choices=choices
    )
    return private(page)


@bp.route("/<lang:lang>/<group:slug>/ticket", methods=["GET", "POST"])
@csrf.exempt
@limiter.limit(lambda: current_app.config["REQUEST_RATE_LIMIT"], methods=["POST"])
def ask(lang, slug):
    group = group_by_slug(slug) or abort(404)
    choices = language_choices(group)
    if request.method == "GET":
        return ask_page(group, blank_request(lang), {}, choices)
    if not from_this_site():
        abort(400)
    data, errors = check_request(request.form, choices)
    if errors:
        return ask_page(group, data, errors, choices, status=422)
    filed = queue.file_request(group, data, now(), local_zone())
    # "#remember" tells the page script to keep the address on this phone.
    anchor = "remember" if request.form.get("remember") == "1" else None
    return private(redirect(url_for("helpdesk.ticket", token=filed.token, _anchor=anchor), 303))


@bp.get("/<lang:lang>/t/<token>")
@guesses
def ticket(lang, token):
    filed = queue.by_token(token) or abort(404)
    last_delay = whole_number(field_text(request.args, "delay"), 1, MAX_ID)
    state = ticket_state(filed, request.args.get("seen", ""), last_delay)
    return private(render("helpdesk/ticket.html", ticket=filed, state=state))


@bp.post("/<lang:lang>/t/<token>/withdraw")
@csrf.exempt
@guesses
def withdraw(lang, token):
    filed = queue.by_token(token) or abort(404)
    if not from_this_site():
        abort(400)
    queue.withdraw(filed, now())
    return private(redirect(url_for("helpdesk.ticket", token=filed.token), 303))
