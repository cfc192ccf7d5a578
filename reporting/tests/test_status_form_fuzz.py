"""Whatever arrives in the status page's choice of weeks, the answer is a form with errors or a
clean choice, never a crash."""

import datetime

from django.http import QueryDict
from hypothesis import given, settings
from hypothesis import strategies as st

from reporting.forms import StatusForm
from reporting.status_over_time import DATE_RANGE, LAST_13_WEEKS, SINCE_PUBLICATION

dates = st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)).map(str)
text = (
    st.text(max_size=60)
    | dates
    | st.sampled_from(["", " ", "x" * 5001, "2025-02-30", "\x00", "0000-01-01", "2025-1-6"])
)
periods = st.sampled_from([LAST_13_WEEKS, SINCE_PUBLICATION, DATE_RANGE, ""]) | st.text(max_size=20)
EARLIEST = datetime.date(2024, 11, 1)


@settings(max_examples=300, deadline=None)
@given(periods, text, text)
def test_the_status_form_never_crashes(period, start, as_at):
    data = QueryDict(mutable=True)
    data.update({"period": period, "start": start, "as_at": as_at})
    form = StatusForm(data, earliest=EARLIEST)
    if form.is_valid():
        cleaned = form.cleaned_data
        assert cleaned["period"] in (LAST_13_WEEKS, SINCE_PUBLICATION, DATE_RANGE)
        assert cleaned["as_at"] >= EARLIEST
        if cleaned["period"] == DATE_RANGE:
            assert EARLIEST <= cleaned["start"] <= cleaned["as_at"]
        else:
            assert cleaned["start"] is None
    else:
        assert all(all(str(message) for message in errors) for errors in form.errors.values())
