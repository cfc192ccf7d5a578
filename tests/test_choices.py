"""Choice lists of rows (PDUs, people, standards) are read by one plain query per form."""

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from inspections.access import access_for
from recommendations.filters import RecommendationFilter
from recommendations.models import Recommendation


def filter_form(user):
    request = RequestFactory().get("/recommendations/")
    request.user = user
    access_for(user)  # read once per request, before the choices
    return RecommendationFilter(
        request.GET, queryset=Recommendation.objects.all(), request=request
    ).form


def test_a_filter_forms_pdu_choices_take_one_query_however_often_they_are_read(db, lead, kirklees):
    form = filter_form(lead)
    with CaptureQueriesContext(connection) as queries:
        first = list(form.fields["pdu"].choices)
        again = list(form.fields["pdu"].choices)
        form["pdu"].as_widget()

    assert [label for _, label in first] == [label for _, label in again]
    assert kirklees.pdu.name in [str(label) for _, label in first]
    assert len(queries) == 1


def test_choices_are_read_by_a_plain_query_not_a_server_side_cursor(db, lead, kirklees):
    form = filter_form(lead)
    with CaptureQueriesContext(connection) as queries:
        for _choice in form.fields["owner"].choices:  # as a widget reads them
            pass

    assert len(queries) == 1
    assert not queries[0]["sql"].lstrip().upper().startswith("DECLARE")
