"""Database sessions that do not turn a database outage into "400 Bad Request".

Sessions are saved after the view has answered (on every request, for the inactivity
timeout). If the database drops at that moment, Django's store reports the session as
deleted and the middleware answers 400, hiding the view's real answer: a "service
unavailable" page, or worse, the confirmation of an update that was in fact saved,
inviting the user to post it twice. Here an unreachable database only costs that one
request's session refresh, and the view's answer goes out.
"""

import logging

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import InterfaceError, OperationalError

CONNECTION_ERRORS = (OperationalError, InterfaceError)

logger = logging.getLogger(__name__)


class SessionStore(DatabaseSessionStore):
    def save(self, must_create=False):
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
