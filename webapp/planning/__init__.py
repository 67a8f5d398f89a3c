"""Coordinators plan cafés and series, and volunteers sign up to be responsible for one."""

from flask import Blueprint

bp = Blueprint("planning", __name__)

from webapp.planning import cafe_views, team_views  # noqa: E402, F401
