"""What every record a PDU writes shares: audited fields, append-only history, owner names."""

from django.db import models


class AuditedFieldError(Exception):
    """A dated or audited field changed outside the domain function that records who and why."""


class AuditedFields(models.Model):
    """Refuse a save that changes an audited field, unless the domain function writes it.

    The domain functions (`recommendations.plan`, `recommendations.actions`) record who
    changed what, when and why, then save inside `audited_write()`. Any other path (a
    shell, the admin, a script) that changes such a field is refused, so nothing a PDU
    recorded changes in silence.
    """

    AUDITED: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        changed = self.audited_changes()
        if changed and not getattr(self, "_audited_write", False):
            raise AuditedFieldError(
                f"{', '.join(changed)} of {self} can only be changed through the tracker's "
                "own forms, which record who changed it, when and why."
            )
        super().save(*args, **kwargs)
        self._audited_loaded = {name: getattr(self, name) for name in self.AUDITED}
        self._audited_write = False

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._audited_loaded = {
            name: getattr(instance, name) for name in cls.AUDITED if name in field_names
        }
        return instance

    def audited_changes(self) -> list[str]:
        loaded = getattr(self, "_audited_loaded", None)
        if self._state.adding or loaded is None:
            return []
        return [name for name, value in loaded.items() if getattr(self, name) != value]


def owner_name(user, role: str) -> str:
    """What pages and exports show as an owner: the person's name, or the role written."""
    if user is not None:
        return user.get_full_name() or user.get_username()
    return role


class AppendOnlyError(Exception):
    pass
