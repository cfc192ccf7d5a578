"""An export as CSV, streamed a few inspections at a time.

UTF-8 with a byte-order mark, because Excel reads a CSV without one in the machine's legacy
code page and mangles names and dashes; other tools (Python's csv with `utf-8-sig`,
LibreOffice, pandas) skip the mark.
"""

import csv
import datetime
from collections.abc import Iterator

from django.http import StreamingHttpResponse

from reporting.export_data import ExportData

from .columns import CONTENT_TYPES, attachment, columns, neutralise, row_values


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(export: ExportData) -> Iterator[str]:
    """The file, line by line: each chunk of the report's rows is read as the lines before
    it are sent, so the whole export is never held at once."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow([heading for heading, _ in columns(export)])
    for section in export.sections_in_chunks():
        for row in section.rows:
            values = row_values(export, section, row)
            yield writer.writerow(
                [v.isoformat() if isinstance(v, datetime.date) else neutralise(v) for v in values]
            )


def csv_response(export: ExportData) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(export), content_type=CONTENT_TYPES["csv"])
    return attachment(response, export.filename("csv"))
