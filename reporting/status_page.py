"""What the status-over-time page shows, for an inspection or a region: the weeks in view, the
chart, the weeks table and each recommendation's strip (`reporting/status.html`)."""

import datetime

from django.core.paginator import Paginator

from recommendations.models import Recommendation

from .charts import status_chart, status_strip_rows, weekly_table_rows
from .status_over_time import RAGS, STATUSES, Tracked, rag_label, status_label
from .weeks import status_over_time

# The weeks table beneath a status chart is folded away in a <details> when longer than this.
FOLD_WEEKS_OVER = 13
# Strips a page shows (an inspection's fit on one): a region's come in pages, so that its
# page does not draw every recommendation of every PDU (its chart and weeks still count them).
STRIPS_PAGE = 24


def status_figures(
    recommendations: list[Recommendation],
    subject: str,
    as_at: datetime.date,
    period: str,
    start: datetime.date | None = None,
    *,
    show_pdu: bool = False,
    strips_page: str | int | None = 1,
) -> dict:
    """The page's figures for `recommendations`, each with its `.inspection` loaded (and its
    PDU); `show_pdu` names the PDU in each strip's heading (pages that cover several), and
    `strips_page` is the page of strips to show: a number (past the last: the last), or
    anything else (the first)."""
    tracked = [Tracked(r.pk, r.inspection.published, r.inspection_id) for r in recommendations]
    weeks, changes, first_day = status_over_time(tracked, as_at, period, start)
    page = Paginator(recommendations, STRIPS_PAGE).get_page(strips_page)
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
            page.object_list, changes.rows, as_at, show_pdu=show_pdu, first_day=first_day
        ),
        "page": page,
    }
