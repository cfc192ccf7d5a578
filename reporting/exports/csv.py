"""A progress report as CSV, streamed a few inspections at a time.

UTF-8 with a byte-order mark, because Excel reads a CSV without one in the machine's legacy
code page and mangles names and dashes; other tools (Python's csv with `utf-8-sig`,
LibreOffice, pandas) skip the mark.
"""

import csv
import datetime
from collections.abc import Iterator

from django.http import StreamingHttpResponse

from reporting.report import ProgressReport

from .columns import CONTENT_TYPES, attachment, columns, neutralise, row_values


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(report: ProgressReport) -> Iterator[str]:
    """The file, line by line: each chunk of the report's rows is read as the lines before
    it are sent, so the whole report is never held at once."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow([heading for heading, _ in columns(report)])
    for section in report.sections_in_chunks():
        for row in section.rows:
            values = row_values(report, section, row)
            yield writer.writerow(
                [v.isoformat() if isinstance(v, datetime.date) else neutralise(v) for v in values]
            )


def csv_response(report: ProgressReport) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(report), content_type=CONTENT_TYPES["csv"])
    return attachment(response, report.filename("csv"))
