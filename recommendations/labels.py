"""What every page, export and the PDF says where a judgement, a rating or a RAG is missing.

Written once here and used by the template tags, the export rows and the PDF's tags.
"""

from django.template.defaultfilters import yesno

from inspections.models import Categorisation

NOT_JUDGED = "Not judged"  # no progress judgement (sufficient, some, none) made
NOT_SAID = "Not said"  # "improvement still required?" answered neither yes nor no
NOT_RATED = "Not rated"  # no inspection rating
NO_RAG = "No RAG"  # no red, amber or green given

# Django's `yesno` argument: what True, False and None read as. Templates get it as `YES_NO`.
YES_NO = f"Yes,No,{NOT_SAID}"


def judgement_label(value: str) -> str:
    """A progress judgement's label, or "Not judged" when none was made."""
    return Categorisation(value).label if value else NOT_JUDGED


def yes_no(value: bool | None) -> str:
    """Yes or No, or "Not said" when neither was said: Django's `yesno`, as templates write it."""
    return yesno(value, YES_NO)
