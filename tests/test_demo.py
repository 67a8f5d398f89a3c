"""The demo: groups, accounts, last year's figures, and a code for demo coordinators."""

import pyotp
from sqlalchemy import func, select

from tests.conftest import FIXED_NOW
from webapp.accounts.service import find_user
from webapp.demo import load_demo
from webapp.extensions import db
from webapp.helpdesk.models import HelpLog
from webapp.schedule.models import Group


def test_the_demo_loads_groups_accounts_and_last_years_figures(app):
    passwords = load_demo(app.config, now=FIXED_NOW)
    db.session.commit()
    slugs = set(db.session.scalars(select(Group.slug)))
    assert {"frederiksberg", "skanderborg", "indre-norrebro", "ballerup", "ishoj"} <= slugs
    assert {"admin", "coordinator-ballerup", "volunteer1-ballerup"} <= passwords.keys()
    assert db.session.scalar(select(func.count(HelpLog.id))) > 0
    assert find_user("coordinator-ballerup").totp_secret
    assert find_user("volunteer1-ballerup").totp_secret is None


def test_demo_code_prints_the_code_a_demo_coordinators_app_shows(app, runner):
    load_demo(app.config, now=FIXED_NOW)
    db.session.commit()
    result = runner.invoke(args=["demo-code", "coordinator-ballerup"])
    assert result.exit_code == 0, result.output
    secret = find_user("coordinator-ballerup").totp_secret
    assert pyotp.TOTP(secret).verify(result.output.strip(), valid_window=1)
    assert runner.invoke(args=["demo-code", "volunteer1-ballerup"]).exit_code != 0


def test_demo_code_refuses_in_production(app, runner):
    app.config["MODESTED_ENV"] = "production"
    result = runner.invoke(args=["demo-code", "admin"])
    assert result.exit_code != 0 and "development" in result.output
