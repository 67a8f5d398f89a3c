from flask import Blueprint

bp = Blueprint("notifications", __name__)

from webapp.notifications import coordinator_views, public_views  # noqa: E402, F401
