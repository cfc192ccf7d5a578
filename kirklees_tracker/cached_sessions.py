"""Sessions in the shared cache (Redis, with REDIS_URL) in front of the database.

Django's cached_db store reads a session from the cache and writes it to both, so a
session signed in on one app server is read on another without a query, and survives
the cache being flushed. It takes the same refresh stamp and outage tolerance as the
database store (`kirklees_tracker.sessions`).
"""

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDatabaseSessionStore

from kirklees_tracker.sessions import TrackerSessionMixin


class SessionStore(TrackerSessionMixin, CachedDatabaseSessionStore):
    pass
