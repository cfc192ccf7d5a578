"""Who may see and do what: scoping by membership, in plain functions.

Every view fetches through these, so that someone outside a PDU gets a 404 from the
query itself rather than a page with its buttons hidden.

- A manager of a PDU reads and changes that PDU's work.
- A regional lead reads every PDU in the region and may verify its recommendations.
- A viewer (of a PDU or a region) reads.
- A superuser (the administrator) reads and does everything.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .models import PDU, Membership, Region, Role


@dataclass(frozen=True)
class Access:
    everything: bool = False
    manages: frozenset[int] = frozenset()  # PDU ids
    reads_pdus: frozenset[int] = frozenset()
    reads_regions: frozenset[int] = frozenset()
    verifies_regions: frozenset[int] = frozenset()

    def pdu_filter(self, prefix: str = "") -> Q:
        """A Q object limiting a query to the PDUs this user may read.

        `prefix` is the path from the queried model to its PDU, such as "inspection__pdu__".
        """
        if self.everything:
            return Q()
        return Q(**{f"{prefix}pk__in": self.reads_pdus}) | Q(
            **{f"{prefix}region__in": self.reads_regions}
        )

    def can_read(self, pdu: PDU) -> bool:
        return self.everything or pdu.pk in self.reads_pdus or pdu.region_id in self.reads_regions

    def can_manage(self, pdu: PDU) -> bool:
        return self.everything or pdu.pk in self.manages

    def can_verify(self, pdu: PDU) -> bool:
        return self.everything or pdu.region_id in self.verifies_regions

    def can_read_region(self, region: Region) -> bool:
        return self.everything or region.pk in self.reads_regions

    @property
    def is_regional(self) -> bool:
        return self.everything or bool(self.reads_regions)


NO_ACCESS = Access()


def access_for(user) -> Access:
    """The user's rights, read once per request (cached on the user object)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_ACCESS
    cached = getattr(user, "_tracker_access", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        access = Access(everything=True)
    else:
        manages, reads_pdus, reads_regions, verifies = set(), set(), set(), set()
        for role, pdu_id, region_id in Membership.objects.filter(user=user).values_list(
            "role", "pdu_id", "region_id"
        ):
            if pdu_id:
                reads_pdus.add(pdu_id)
                if role == Role.MANAGER:
                    manages.add(pdu_id)
            else:
                reads_regions.add(region_id)
                if role == Role.REGIONAL_LEAD:
                    verifies.add(region_id)
        access = Access(
            manages=frozenset(manages),
            reads_pdus=frozenset(reads_pdus),
            reads_regions=frozenset(reads_regions),
            verifies_regions=frozenset(verifies),
        )
    user._tracker_access = access
    return access


def visible_pdus(user) -> QuerySet[PDU]:
    return PDU.objects.filter(access_for(user).pdu_filter())
