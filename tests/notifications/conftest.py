import pytest

from tests.notifications.sink import PhoneKeys
from webapp.extensions import db
from webapp.notifications import subscriptions


@pytest.fixture
def sink(app, push_sink):
    """The push sink, allowed as a push service by the app under test; short timeouts."""
    app.config["PUSH_EXTRA_ORIGINS"] = [push_sink.origin]
    app.config["PUSH_TIMEOUT"] = 1.0
    app.extensions.pop("push_sender", None)
    yield push_sink
    app.extensions.pop("push_sender", None)


@pytest.fixture
def subscribe(app, sink):
    """subscribe(group, name, lang) -> PhoneKeys of a phone subscribed at the sink's `name`."""

    def make(group, name, lang="da", show_details=False):
        keys = PhoneKeys()
        subscriptions.subscribe(
            keys.subscription(sink.endpoint(name)),
            group,
            lang,
            (),
            [sink.origin],
            show_details=show_details,
        )
        db.session.commit()
        return keys

    return make
