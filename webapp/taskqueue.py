"""The background task queue: huey, with SQLite storage in the embedded default and Redis in
production (TASK_QUEUE_URL). Tests run tasks at once in the caller (huey's immediate mode).

`flask --app webapp worker` runs the consumer: the tasks and the periodic jobs (reminders and
change notices every minute, the retention purge every night).
"""

from functools import wraps

from flask import Flask, current_app, has_app_context
from huey import Huey
from huey.storage import RedisStorage, SqliteStorage

huey = Huey("modested", storage_class=SqliteStorage, filename=":memory:", utc=True)
_bound_app: Flask | None = None


def init_app(app: Flask) -> None:
    """Point the queue at TASK_QUEUE_URL: `sqlite:///path`, `redis://...` or `immediate`."""
    global _bound_app
    _bound_app = app
    url = app.config["TASK_QUEUE_URL"]
    if url == "immediate":
        huey.immediate = True
        return
    huey.immediate = False
    if url.startswith(("redis://", "rediss://", "unix://")):
        huey.storage_class, huey.storage_kwargs = RedisStorage, {"url": url}
    elif url.startswith("sqlite:///"):
        huey.storage_class = SqliteStorage
        huey.storage_kwargs = {"filename": url.removeprefix("sqlite:///")}
    else:
        raise ValueError(f"TASK_QUEUE_URL must be sqlite:///..., redis://... or immediate: {url}")
    huey.storage = huey.create_storage()


def with_app(function):
    """Run a task inside the app: the caller's in immediate mode, else the bound one."""

    @wraps(function)
    def wrapped(*args, **kwargs):
        if has_app_context():
            app = current_app._get_current_object()
        else:
            app = _bound_app
        with app.app_context():
            return function(*args, **kwargs)

    return wrapped
