"""Whatever arrives in the activity filters, the answer is a form with errors, never a crash."""

import datetime

from django.http import QueryDict
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activity.feed import KINDS
from activity.forms import ActivityFilterForm

text = st.text(max_size=50) | st.sampled_from(
    ["", " ", "2025-02-30", "1999-12-31", "9999-12-31", "\x00", "update", "-1", "1e9"]
)


# The fixtures only supply a user and PDUs to choose from; no example writes anything.
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(pdu=text, kinds=st.lists(text | st.sampled_from(list(KINDS)), max_size=4), since=text)
def test_the_filter_form_never_crashes(kirklees, manager, pdu, kinds, since):
    query = QueryDict(mutable=True)
    query.setlist("kind", kinds)
    query["pdu"], query["since"] = pdu, since
    form = ActivityFilterForm(query, user=manager)
    if form.is_valid():
        filters = form.feed_filters()
        assert datetime.date(2000, 1, 1) <= filters["since"] <= timezone.localdate()
        assert set(filters["kinds"] or ()) <= set(KINDS)
