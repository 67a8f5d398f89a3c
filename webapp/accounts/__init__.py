from flask import Blueprint

bp = Blueprint("accounts", __name__)

from webapp.accounts import people_views, views  # noqa: E402, F401
