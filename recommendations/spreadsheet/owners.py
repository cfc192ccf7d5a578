"""Owners in cells: a person of the PDU by the name the tracker shows, or else a role."""

from collections import defaultdict
from collections.abc import Iterable

from ..models import owner_name


class AmbiguousOwner(Exception):
    pass


class Owners:
    """The people a cell's owner may name: the PDU's members, and anyone already an owner.

    Matching is on the full name or the username, ignoring case and outer spaces. A full
    name two people share is written (and must be written) as the username instead.
    """

    def __init__(self, members: Iterable, current_owners: Iterable = ()):
        self.members = {user.pk: user for user in members}
        self.people = {**{user.pk: user for user in current_owners}, **self.members}
        self._by_full_name = defaultdict(list)
        self._by_username = {}
        for user in self.people.values():
            full = user.get_full_name().strip().lower()
            if full:
                self._by_full_name[full].append(user)
            self._by_username[user.get_username().lower()] = user

    def name_for(self, user) -> str:
        """How the spreadsheet writes this person, so that reading it back finds them again."""
        full = user.get_full_name().strip()
        if full and len(self._by_full_name[full.lower()]) == 1:
            clash = self._by_username.get(full.lower())
            if clash is None or clash.pk == user.pk:
                return full
        return user.get_username()

    def written(self, user, role: str) -> str:
        return self.name_for(user) if user is not None else owner_name(None, role)

    def resolve(self, text: str):
        """(person, "") for a person's name, (None, role) for anything else; (None, "") if blank."""
        text = " ".join(text.split())
        if not text:
            return None, ""
        key = text.lower()
        if key in self._by_username:
            return self._by_username[key], ""
        matches = self._by_full_name.get(key, [])
        if len(matches) > 1:
            raise AmbiguousOwner(
                f"More than one person in the PDU is called {text}: write the username of "
                "the one you mean"
            )
        if matches:
            return matches[0], ""
        return None, text

    def is_member(self, user) -> bool:
        return user.pk in self.members


def identity(user, role: str) -> str:
    """A comparable key for an owner: the same person, or the same role whatever its case."""
    if user is not None:
        return f"user:{user.pk}"
    return f"role:{' '.join(role.split()).lower()}" if role.strip() else ""
