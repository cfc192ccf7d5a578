"""What the status-over-time page shows, for an inspection or a region: the weeks in view, the
chart, the weeks table and each recommendation's strip (`reporting/status.html`)."""

import datetime

from recommendations.models import Recommendation

from .charts import status_chart, status_strip_rows, weekly_table_rows
from .status_over_time import RAGS, STATUSES, Tracked, rag_label, status_label
from .weeks import status_over_time

# The weeks table beneath a status chart is folded away in a <details> when longer than this.
FOLD_WEEKS_OVER = 13


def status_figures(
    recommendations: list[Recommendation],
    subject: str,
    as_at: datetime.date,
    period: str,
    start: datetime.date | None = None,
    *,
    show_pdu: bool = False,
) -> dict:
    """The page's figures for `recommendations`, each with its `.inspection` loaded (and its
    PDU); `show_pdu` names the PDU in each strip's heading (pages that cover several)."""
    tracked = [Tracked(r.pk, r.inspection.published, r.inspection_id) for r in recommendations]
    weeks, changes, first_day = status_over_time(tracked, as_at, period, start)
    return {
        "weeks": weeks,
        "fold_weeks": len(weeks) > FOLD_WEEKS_OVER,
        "week_rows": weekly_table_rows(weeks),
        "status_headings": [status_label(s) for s in STATUSES],
        "rag_headings": [rag_label(r) for r in RAGS],
        "chart": status_chart(
            weeks,
            title=f"Recommendations by status, week by week, {subject}",
            chart_id="status-chart",
        ),
        "strips": status_strip_rows(
            recommendations, changes.rows, as_at, show_pdu=show_pdu, first_day=first_day
        ),
    }
