"""The activity feed as CSV, streamed a row at a time.

Cells a spreadsheet could take for a formula are neutralised as the progress report's
exports are (`reporting.exports.neutralise`), and the file starts with a byte-order mark
so that Excel reads it as UTF-8.
"""

import csv
import datetime
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from reporting.exports import CONTENT_TYPES, neutralise

from .feed import Event

HEADINGS = ["When", "Who", "Kind", "PDU", "Recommendation", "What happened", "Link"]


class _Echo:
    def write(self, value: str) -> str:
        return value


def rows(events: Iterable[Event]) -> Iterator[list]:
    for event in events:
        yield [
            timezone.localtime(event.at).isoformat(timespec="seconds"),
            event.who,
            event.kind_label,
            event.pdu_name,
            event.recommendation_number if event.recommendation_number is not None else "",
            event.summary,
            event.url,
        ]


def _lines(events: Iterable[Event]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow(HEADINGS)
    for row in rows(events):
        yield writer.writerow([neutralise(value) for value in row])


def csv_response(events: Iterable[Event], since: datetime.date) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_lines(events), content_type=CONTENT_TYPES["csv"])
    response["Content-Disposition"] = content_disposition_header(
        True, f"activity-since-{since:%Y-%m-%d}.csv"
    )
    return response
