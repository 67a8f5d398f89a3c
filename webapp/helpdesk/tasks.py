"""The help desk's periodic job: the nightly retention purge (run by `flask --app webapp
worker`; `flask --app webapp purge` does the same by hand)."""

from huey import crontab

from webapp.clock import now
from webapp.extensions import db
from webapp.helpdesk.queue import purge
from webapp.taskqueue import huey, with_app


@huey.periodic_task(crontab(minute="15", hour="3"))
@with_app
def nightly_purge() -> int:
    """Erase the personal details of requests closed longer ago than their group keeps them."""
    erased = purge(now())
    db.session.commit()
    return erased
