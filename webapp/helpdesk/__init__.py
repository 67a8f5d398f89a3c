from flask import Blueprint

bp = Blueprint("helpdesk", __name__)

from webapp.helpdesk import desk_views, public_views  # noqa: E402, F401
