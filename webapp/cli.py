"""flask demo | translate extract/update/compile/init | db (Flask-Migrate)."""

import logging
import subprocess
import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from webapp.config import ROOT

TRANSLATIONS = ROOT / "translations"
POT = TRANSLATIONS / "messages.pot"


def _pybabel(*args: str) -> None:
    command = [sys.executable, "-m", "babel.messages.frontend", *args]
    result = subprocess.run(command, cwd=ROOT, check=False)
    if result.returncode != 0:
        raise click.ClickException(f"pybabel {args[0]} failed")


@click.group()
def translate():
    """Translation commands (wrapping pybabel)."""


@translate.command()
def extract():
    """Collect every marked string into translations/messages.pot."""
    _pybabel(
        "extract",
        "-F",
        "pyproject.toml",
        "-k",
        "_l",
        "--no-location",
        "--sort-output",
        "--omit-header",
        "-o",
        str(POT),
        ".",
    )


@translate.command()
def update():
    """Extract, then merge new strings into every catalog (new strings are left empty)."""
    extract.callback()
    _pybabel(
        "update",
        "-i",
        str(POT),
        "-d",
        str(TRANSLATIONS),
        "--no-fuzzy-matching",
        "--ignore-obsolete",
        "--width=100",  # the width the catalogs are written with: small diffs
    )


@translate.command()
def compile():  # noqa: A001 - the pybabel verb
    """Compile every catalog to .mo (fails on an invalid catalog)."""
    _pybabel("compile", "-d", str(TRANSLATIONS), "--statistics")


@translate.command()
@click.argument("lang")
def init(lang):
    """Start a catalog for a new language."""
    extract.callback()
    _pybabel("init", "-i", str(POT), "-d", str(TRANSLATIONS), "-l", lang)


@click.command()
@with_appcontext
def demo():
    """Load the demo groups, cafés and accounts (safe to run again)."""
    from webapp.demo import load_demo

    passwords = load_demo(current_app.config)
    click.echo("Demo data loaded. Accounts (user name: password):")
    for username, password in passwords.items():
        click.echo(f"  {username}: {password}")
    click.echo(
        "Coordinators and the administrator also type a 6-digit code. Print the current one"
        " with: flask --app webapp demo-code <user name>"
    )


@click.command("demo-code")
@click.argument("username")
@with_appcontext
def demo_code(username):
    """The sign-in code a demo coordinator's authenticator app would show now (not in
    production)."""
    import pyotp

    from webapp.accounts.service import find_user

    if current_app.config["MODESTED_ENV"] == "production":
        raise click.ClickException("demo-code is for development and demo data only")
    user = find_user(username)
    if user is None or not user.totp_secret:
        raise click.ClickException(f"{username} has no second factor set up")
    click.echo(pyotp.TOTP(user.totp_secret).now())


@click.command()
@with_appcontext
def purge():
    """Erase personal details of help requests closed longer ago than the group keeps them.
    Run it daily (cron or a scheduler); running it twice erases nothing more."""
    from webapp.clock import now
    from webapp.extensions import db
    from webapp.helpdesk.queue import purge as purge_requests

    erased = purge_requests(now())
    db.session.commit()
    click.echo(f"Erased the personal details of {erased} closed requests.")


@click.group()
def push():
    """Push notification commands."""


@push.command()
def keygen():
    """Print a new VAPID key pair for the environment (keep the private key secret)."""
    from webapp.notifications.vapid import VapidSigner, generate_private_key

    private_key = generate_private_key()
    click.echo(f"VAPID_PRIVATE_KEY={private_key}")
    click.echo(f"# public key (the app derives it): {VapidSigner(private_key, '').public_key}")


@click.command()
@click.option("--workers", default=4, show_default=True, help="Threads running tasks.")
@click.option(
    "--periodic/--no-periodic",
    default=True,
    show_default=True,
    help="Also run the minute and nightly jobs (one worker with them is enough).",
)
@with_appcontext
def worker(workers, periodic):
    """Run the task queue: push fan-out, reminders and change notices every minute, the
    nightly retention purge. More workers share the queue (Redis); give all but one
    --no-periodic (a second one is harmless: the jobs claim their rows)."""
    from webapp.taskqueue import huey  # create_app registered every area's tasks

    if huey.immediate:
        raise click.ClickException("TASK_QUEUE_URL=immediate runs tasks in the caller already")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s worker %(levelname)s %(message)s")
    huey.create_consumer(workers=workers, worker_type="thread", periodic=periodic).run()


def register(app) -> None:
    app.cli.add_command(translate)
    app.cli.add_command(demo)
    app.cli.add_command(demo_code)
    app.cli.add_command(purge)
    app.cli.add_command(push)
    app.cli.add_command(worker)
