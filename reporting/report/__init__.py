"""A progress report "as at" a date: what every export (CSV, Excel, PDF) is written from.

`rows` holds the report's data (sections, rows, actions and updates as at the day),
`queries` reads them, and `reports` says what a report covers and reads it, whole or a few
inspections at a time.
"""

from .queries import (
    actions_as_at,
    inspections_for_report,
    latest_inspection_ids,
    latest_inspections,
    latest_update_texts,
    positions_in_sql,
)
from .reports import (
    INSPECTIONS_PER_CHUNK,
    ProgressReport,
    inspection_report,
    list_report,
    region_report,
)
from .rows import LATEST_UPDATES, ActionAsAt, Row, Section, UpdateText

__all__ = [
    "INSPECTIONS_PER_CHUNK",
    "LATEST_UPDATES",
    "ActionAsAt",
    "ProgressReport",
    "Row",
    "Section",
    "UpdateText",
    "actions_as_at",
    "inspection_report",
    "inspections_for_report",
    "latest_inspection_ids",
    "latest_inspections",
    "latest_update_texts",
    "list_report",
    "positions_in_sql",
    "region_report",
]
