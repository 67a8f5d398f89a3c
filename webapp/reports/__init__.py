"""The figures a coordinator reports to the municipality and funders."""

from flask import Blueprint

bp = Blueprint("reports", __name__)

from webapp.reports import views  # noqa: E402, F401
