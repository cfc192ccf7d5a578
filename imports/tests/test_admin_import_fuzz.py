"""Whatever file arrives at the admin's import, the answer is the preview or the form with its
errors, never a crash, and a file that is refused leaves nothing behind."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspections.models import Inspection, ReportUpload
from tests import factory

KIRKLEES = factory.KIRKLEES_REPORT.read_bytes()


def mangled():
    """Random bytes, and the real report cut, spliced or with random bytes let in."""
    cut = st.integers(0, len(KIRKLEES))
    return st.one_of(
        st.binary(max_size=2000),
        cut.map(lambda n: KIRKLEES[:n]),
        st.tuples(cut, st.binary(max_size=200)).map(
            lambda t: KIRKLEES[: t[0]] + t[1] + KIRKLEES[t[0] :]
        ),
    )


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(content=mangled())
def test_any_upload_gets_the_preview_or_a_form_with_errors(client, admin_user, content):
    client.force_login(admin_user)
    ReportUpload.objects.all().delete()

    response = client.post(
        reverse("admin:inspections_inspection_import"),
        {"report": SimpleUploadedFile("report.md", content)},
    )

    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert not ReportUpload.objects.exists()
    else:
        preview = client.get(response.headers["Location"])
        assert preview.status_code == 200
    assert not Inspection.objects.exists()
