"""Sessions: an expiry refreshed at most every few minutes, and no 400 for a database outage.

Inactivity timeout without a write per read. A session ends SESSION_COOKIE_AGE after it
was last saved. Saving it on every request (SESSION_SAVE_EVERY_REQUEST) kept that
timeout exact, at the price of a BEGIN, an UPDATE and a COMMIT on every page. Here a
session is saved when it changes, as usual, and otherwise only when its last save is
SESSION_REFRESH_SECONDS old or more: each save stamps the session's data with its time,
and `RefreshingSessionMiddleware` asks for a save when the stamp is due. A user is then
signed out between SESSION_COOKIE_AGE - SESSION_REFRESH_SECONDS and SESSION_COOKIE_AGE
after their last request.

Outage tolerance. Sessions are saved after the view has answered. If the database drops
at that moment, Django's store reports the session as deleted and the middleware answers
400, hiding the view's real answer: a "service unavailable" page, or worse, the
confirmation of an update that was in fact saved, inviting the user to post it twice.
Here an unreachable database only costs that one request's session save, and the view's
answer goes out.

`SessionStore` keeps sessions in the database (the default); the cached_db store in
`kirklees_tracker.cached_sessions` (with REDIS_URL) adds the shared cache in front. Both
take their behaviour from `TrackerSessionMixin`.
"""

import logging
import time

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase, UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import InterfaceError, OperationalError

CONNECTION_ERRORS = (OperationalError, InterfaceError)
# Where a session's data keeps the time (seconds since the epoch) it was last saved.
SAVED_AT = "_saved_at"

logger = logging.getLogger(__name__)


def refresh_due(saved_at: float | None, now: float, interval: float) -> bool:
    """Whether a session last saved at `saved_at` should be saved again to push its expiry."""
    return saved_at is None or now - saved_at >= interval


class TrackerSessionMixin:
    """Stamp every save with its time; skip the save, with a warning, if the database is down."""

    def save(self, must_create=False):
        self._get_session(no_load=must_create)[SAVED_AT] = time.time()
        try:
            return super().save(must_create=must_create)
        except UpdateError as error:
            # Django raises UpdateError for any database error while saving; only a
            # session really deleted meanwhile (no row updated) deserves the 400.
            if not isinstance(error.__context__, CONNECTION_ERRORS):
                raise
            logger.warning("Session not saved, the database is unreachable: %s", error.__context__)
        except CONNECTION_ERRORS as error:
            logger.warning("Session not saved, the database is unreachable: %s", error)


class SessionStore(TrackerSessionMixin, DatabaseSessionStore):
    pass


class RefreshingSessionMiddleware(SessionMiddleware):
    """Django's SessionMiddleware, saving an unchanged session only when its expiry is due."""

    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if isinstance(session, SessionBase) and session_needs_refresh(session):
            session.modified = True
        return super().process_response(request, response)


def session_needs_refresh(session: SessionBase) -> bool:
    """An unchanged session that this request read, whose last save is due a refresh."""
    if not session.accessed or session.modified or session.is_empty():
        return False
    return refresh_due(session.get(SAVED_AT), time.time(), settings.SESSION_REFRESH_SECONDS)
