from flask import Blueprint

bp = Blueprint("pwa", __name__)

from webapp.pwa import views  # noqa: E402, F401
