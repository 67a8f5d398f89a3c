"""Encrypt and send push messages, many at once, and sort the answers.

Plain functions over plain data: no database, no Flask. The caller decides what a removed or
retried subscription means for its tables.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import requests
from pywebpush import WebPusher
from requests.adapters import HTTPAdapter

from webapp.notifications.endpoints import BadSubscription, check_endpoint

DEFAULT_RETRY_SECONDS = 60
MAX_RETRY_SECONDS = 3600


@dataclass(frozen=True)
class Message:
    subscription_id: int
    endpoint: str
    p256dh: str
    auth: str
    payload: bytes


@dataclass
class Outcome:
    delivered: list = field(default_factory=list)
    removed: list = field(default_factory=list)  # 404/410: the subscription is gone
    failed: list = field(default_factory=list)  # refused for good (400, 403, 413, a redirect)
    retry: list = field(default_factory=list)  # 429, 5xx, timeout: try again later
    retry_after: float = 0.0  # seconds to wait before the retry (the longest asked for)
    encrypt_seconds: float = 0.0  # CPU time spent encrypting

    def add(self, other: "Outcome") -> None:
        self.delivered += other.delivered
        self.removed += other.removed
        self.failed += other.failed
        self.retry += other.retry
        self.retry_after = max(self.retry_after, other.retry_after)
        self.encrypt_seconds += other.encrypt_seconds


def retry_delay(header: str | None, now: datetime | None = None) -> float:
    """Seconds from a Retry-After header (seconds or an HTTP date), within sane bounds."""
    if not header:
        return DEFAULT_RETRY_SECONDS
    header = header.strip()
    if header.isdigit():
        seconds = float(header)
    else:
        try:
            when = parsedate_to_datetime(header)
        except (TypeError, ValueError):
            return DEFAULT_RETRY_SECONDS
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return min(max(seconds, 1.0), MAX_RETRY_SECONDS)


@dataclass
class Sender:
    signer: object  # vapid.VapidSigner
    services: tuple
    extra_origins: tuple = ()
    timeout: float = 10.0
    concurrency: int = 32
    _local: threading.local = field(default_factory=threading.local, init=False, repr=False)

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.trust_env = False  # no proxy or netrc from the environment
            adapter = HTTPAdapter(pool_connections=8, pool_maxsize=8, max_retries=0)
            session.mount("https://", adapter)
            session.mount("http://", adapter)
            self._local.session = session
        return session

    def send_one(self, message: Message, headers: dict) -> Outcome:
        outcome = Outcome()
        sid = message.subscription_id
        try:
            check_endpoint(message.endpoint, self.services, self.extra_origins)
        except BadSubscription:
            outcome.removed.append(sid)
            return outcome
        started = time.thread_time()  # CPU of this thread: waiting for the lock is not counted
        pusher = WebPusher(
            {"endpoint": message.endpoint, "keys": {"p256dh": message.p256dh, "auth": message.auth}}
        )
        body = pusher.encode(message.payload, "aes128gcm")["body"]
        outcome.encrypt_seconds = time.thread_time() - started
        request_headers = {
            **headers,
            **self.signer.headers_for(message.endpoint),
            "Content-Encoding": "aes128gcm",
            "Content-Type": "application/octet-stream",
        }
        try:
            response = self._session().post(
                message.endpoint,
                data=body,
                headers=request_headers,
                timeout=self.timeout,
                allow_redirects=False,  # a push service never redirects; a trap might
            )
        except requests.RequestException:
            outcome.retry.append(sid)
            outcome.retry_after = DEFAULT_RETRY_SECONDS
            return outcome
        status = response.status_code
        response.close()
        if 200 <= status < 300:
            outcome.delivered.append(sid)
        elif status in (404, 410):
            outcome.removed.append(sid)
        elif status == 429 or status >= 500:
            outcome.retry.append(sid)
            outcome.retry_after = retry_delay(response.headers.get("Retry-After"))
        else:
            outcome.failed.append(sid)
        return outcome

    def send_all(self, messages, *, ttl: int, urgency: str, topic: str | None) -> Outcome:
        headers = {"TTL": str(max(int(ttl), 0)), "Urgency": urgency}
        if topic:
            headers["Topic"] = topic
        total = Outcome()
        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            for outcome in pool.map(lambda m: self.send_one(m, headers), messages):
                total.add(outcome)
        return total
