"""The frameworks the app knows from the start, as data.

The 2024 migration seeds the same figures; the importer falls back on them when the
framework a report scores against is missing (a fresh or flushed database).
"""

from .models import Framework

PDU_2024 = {
    "name": "HMIP PDU inspection standards (2024)",
    "max_score": 21,
    "notes": "Seven standards, 0-3 points each. The score bands are a common reading "
    "(0-5 Inadequate, 6-10 Requires improvement, 11-15 Good, 16-21 Outstanding), not a "
    "published table. A standard's rating is driven by its lowest key question.",
    "score_bands": [
        ("inadequate", 0, 5),
        ("requires_improvement", 6, 10),
        ("good", 11, 15),
        ("outstanding", 16, 21),
    ],
    "key_question_bands": [
        ("inadequate", 0, 49),
        ("requires_improvement", 50, 64),
        ("good", 65, 79),
        ("outstanding", 80, 100),
    ],
}
KNOWN = {PDU_2024["max_score"]: PDU_2024}


def create_known_framework(max_score: int) -> Framework | None:
    """Create the known framework scoring out of `max_score`, with its bands; None if unknown."""
    known = KNOWN.get(max_score)
    if known is None:
        return None
    framework = Framework.objects.create(
        name=known["name"], max_score=known["max_score"], notes=known["notes"]
    )
    for rating, low, high in known["score_bands"]:
        framework.score_bands.create(rating=rating, min_score=low, max_score=high)
    for rating, low, high in known["key_question_bands"]:
        framework.key_question_bands.create(rating=rating, min_percent=low, max_percent=high)
    return framework
