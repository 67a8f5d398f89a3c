from flask import Blueprint

bp = Blueprint("schedule", __name__)

from webapp.schedule import views  # noqa: E402, F401
