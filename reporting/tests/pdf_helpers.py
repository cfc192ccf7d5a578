"""Reading PDF exports back in tests: the export's URL, its pages' text, a recommendation."""

import io

from django.urls import reverse
from pypdf import PdfReader

from recommendations.models import Recommendation


def rec(inspection, number: int) -> Recommendation:
    return Recommendation.objects.get(inspection=inspection, number=number)


def export(inspection, layout: str = "action-plan") -> str:
    return reverse("inspection-export", args=[inspection.pk, "pdf"]) + f"?layout={layout}"


def pages(response) -> list[str]:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]


def flat(texts: list[str]) -> str:
    return " ".join(" ".join(texts).split())
