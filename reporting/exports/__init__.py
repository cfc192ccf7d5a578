"""An export written out as CSV (`csv`), Excel (`xlsx`) or PDF (`pdf`).

`columns` holds what the spreadsheets share: the columns of each layout, each row's values,
the neutralising of anything a spreadsheet could take for a formula, and the file's headers.
CSV and Excel read the export a few inspections at a time and write each out before reading
the next, so that an export of every PDU takes bounded memory; the PDF lays the export out
as a whole.
"""

from .columns import CONTENT_TYPES, ILLEGAL_CHARACTERS, neutralise
from .csv import csv_response
from .pdf import pdf_response
from .xlsx import xlsx_response

__all__ = [
    "CONTENT_TYPES",
    "ILLEGAL_CHARACTERS",
    "csv_response",
    "neutralise",
    "pdf_response",
    "xlsx_response",
]
