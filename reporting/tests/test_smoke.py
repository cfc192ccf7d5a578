import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_and_exports_answer(client, lead, kirklees):
    client.force_login(lead)
    region = kirklees.pdu.region
    urls = [
        reverse("inspection-status", args=[kirklees.pk]),
        reverse("region-status", args=[region.pk]),
        reverse("region-detail", args=[region.pk]),
        reverse("inspection-export-json", args=[kirklees.pk]),
    ]
    for fmt in ("csv", "xlsx", "pdf"):
        urls += [
            reverse("inspection-export", args=[kirklees.pk, fmt]),
            reverse("region-export", args=[region.pk, fmt]),
            reverse("recommendation-list-export", args=[fmt]),
        ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
