"""Whatever is uploaded, and whatever the cells hold, the answer is a message, never a 500."""

import datetime
import io
import zipfile

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recommendations.models import Action, PlanChange, PlanUpload, ProgressUpdate
from recommendations.spreadsheet.write import plan_workbook
from recommendations.tests.spreadsheets import confirm_url, edit, latest_upload, upload

FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# What a cell can hold: .xlsx has no room for control characters other than tab and newlines.
cell_text = st.text(
    st.characters(exclude_categories=("Cs", "Cc")) | st.sampled_from("\n\t"), max_size=40
)
cell_values = (
    st.none()
    | cell_text
    | st.sampled_from(
        ["", " ", "=1+1", "Agreed", "Complete", "Verified", "31/02/2025", "R1", "A1", "x" * 6000]
    )
    | st.integers(min_value=-(10**6), max_value=10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2200, 1, 1))
)
PLAN_CELLS = [f"{column}{row}" for column in "ABDEFGHJKLMNOP" for row in (1, 2, 3)]
ACTION_CELLS = [f"{column}{row}" for column in "ABCDEFG" for row in (1, 2, 3)]


@pytest.fixture
def signed_in(kirklees, manager):
    client = Client(raise_request_exception=False)
    client.force_login(manager)
    return client


def zip_of(members: dict[str, bytes]) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return output.getvalue()


@pytest.mark.django_db
@FUZZ
@given(
    st.binary(max_size=2000)
    | st.builds(
        zip_of,
        st.dictionaries(
            st.sampled_from(["[Content_Types].xml", "xl/workbook.xml", "xl/styles.xml", "x"]),
            st.binary(max_size=200),
        ),
    )
)
def test_any_bytes_uploaded_get_a_message_not_a_500(signed_in, kirklees, data):
    response = upload(signed_in, kirklees, data)
    assert response.status_code == 400
    assert PlanUpload.objects.count() == 0


@pytest.mark.django_db
@FUZZ
@given(
    st.dictionaries(st.sampled_from(PLAN_CELLS), cell_values, max_size=6),
    st.dictionaries(st.sampled_from(ACTION_CELLS), cell_values, max_size=6),
)
def test_any_cell_values_get_a_preview_and_a_confirmation_not_a_500(
    signed_in, kirklees, manager, plan_cells, action_cells
):
    content = plan_workbook(kirklees, by=manager, may_verify=False)
    content = edit(content, {"Plan": plan_cells, "Actions": action_cells})
    response = upload(signed_in, kirklees, content)
    assert response.status_code in (303, 400)
    if response.status_code == 400:
        return
    made = latest_upload()
    assert signed_in.get(response["Location"]).status_code == 200
    before = (PlanChange.objects.count(), ProgressUpdate.objects.count(), Action.objects.count())
    answer = signed_in.post(confirm_url(kirklees, made))
    assert answer.status_code in (303, 400)
    made.refresh_from_db()
    after = (PlanChange.objects.count(), ProgressUpdate.objects.count(), Action.objects.count())
    if answer.status_code == 400:
        assert made.applied_at is None
        assert after == before
