"""The data of an export "as at" a date: what every export (CSV, Excel, PDF) is written from.

`rows` holds the export's data (sections, rows, actions and updates as at the day),
`queries` reads them, and `export` says what an export covers and reads it, whole or a few
inspections at a time.
"""

from .export import (
    INSPECTIONS_PER_CHUNK,
    ExportData,
    inspection_export_data,
    list_export_data,
    region_export_data,
)
from .queries import (
    actions_as_at,
    inspections_for_export_data,
    latest_inspection_ids,
    latest_inspections,
    latest_update_texts,
    positions_in_sql,
)
from .rows import LATEST_UPDATES, ActionAsAt, Row, Section, UpdateText

__all__ = [
    "INSPECTIONS_PER_CHUNK",
    "LATEST_UPDATES",
    "ActionAsAt",
    "ExportData",
    "Row",
    "Section",
    "UpdateText",
    "actions_as_at",
    "inspection_export_data",
    "inspections_for_export_data",
    "latest_inspection_ids",
    "latest_inspections",
    "latest_update_texts",
    "list_export_data",
    "positions_in_sql",
    "region_export_data",
]
