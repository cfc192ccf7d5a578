"""The PDF's section for each inspection: its ratings, an overview, each recommendation."""

import datetime

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Paragraph,
)

from inspections.models import Categorisation, Rating
from recommendations.models import Response
from reporting.charts import day_label
from reporting.export_data import ExportData, Row, Section
from reporting.forms import PREVIOUS_RECOMMENDATIONS

from .cover import score_text
from .layout import (
    ACTION_STATUS,
    MONTH,
    RESPONSE,
    WIDEST_RAG_TAG,
    WIDEST_STATUS_TAG,
    Tag,
    clean,
    date_text,
    facts,
    fit_widths,
    judgement_tag,
    para,
    rag_tag,
    rating_tag,
    shorten,
    status_tag,
    table,
    word_width,
)

# Each inspection


def _ratings_panel(section: Section) -> list:
    rows = []
    for standard in section.inspection.standards.all():
        questions = "\n".join(
            f"{kq.text} {kq.percent_yes}% ({section.key_question_band(kq.percent_yes)})"
            for kq in standard.key_questions.all()
        )
        rows.append([f"{standard.code} {standard.name}", rating_tag(standard.rating), questions])
    if not rows:
        return []
    headings = ["Standard", "Rating", "Key questions (% Yes, band)"]
    widths = fit_widths(
        headings, [1, 0, 2.2], least=[0, Tag.width_of(Rating.REQUIRES_IMPROVEMENT.label)]
    )
    return [para("Ratings", "h2"), table(headings, rows, widths)]


def _actions_summary(row: Row, as_at: datetime.date) -> str:
    if not row.actions:
        return "None"
    overdue = sum(a.is_overdue(as_at) for a in row.actions)
    text = f"{len(row.actions)}"
    return text + (f", {overdue} overdue" if overdue else "")


def _response(row: Row) -> str:
    response = row.plan.response
    return Response(response).label if response in Response.values else "Not recorded"


def _latest_work(row: Row) -> str:
    if not row.updates:
        return "No updates recorded"
    latest = row.updates[0]
    text = latest.what_was_done + (f" Impact: {latest.impact}" if latest.impact else "")
    return f"{date_text(latest.created_at.date())}: {shorten(text)}"


def _overview(export: ExportData, section: Section) -> list:
    if export.layout == PREVIOUS_RECOMMENDATIONS:
        headings = [
            "No.",
            "Recommendation",
            "Action taken and impact (latest)",
            "Categorisation",
            "Improvement still required?",
            "Status",
        ]
        rows = [
            [
                str(row.recommendation.number),
                shorten(row.recommendation.text),
                _latest_work(row),
                judgement_tag(row.position.judgement),
                row.improvement_label,
                status_tag(row.position.status),
            ]
            for row in section.rows
        ]
        least = [0, 0, 0, Tag.width_of(Categorisation.SUFFICIENT.label), 0, WIDEST_STATUS_TAG]
        widths = fit_widths(headings, [0, 3, 4, 0, 0, 0], least=least)
        heading = "Progress on recommendations"
    else:
        headings = [
            "No.",
            "Recommendation",
            "Agreed / Partly agreed / Not agreed",
            "Actions",
            "Owner",
            "Target date",
            "Status",
            "RAG",
        ]
        rows = [
            [
                str(row.recommendation.number),
                shorten(row.recommendation.text),
                _response(row),
                _actions_summary(row, export.as_at),
                shorten(row.plan.owner, 80) or "Not recorded",
                date_text(row.plan.target_date, "Not set"),
                status_tag(row.position.status),
                rag_tag(row.position.rag),
            ]
            for row in section.rows
        ]
        least = [0, 0, RESPONSE, word_width("overdue"), 0, MONTH, WIDEST_STATUS_TAG, WIDEST_RAG_TAG]
        widths = fit_widths(headings, [0, 6, 1.2, 0.5, 2, 0.6, 0, 0], least=least)
        heading = "Action plan"
    return [para(heading, "h2"), table(headings, rows, widths)]


def _decision(row: Row) -> list:
    decision = row.decision
    return [
        para(decision.decision),
        para(f"Recorded {date_text(decision.created_at.date())}", "small"),
    ]


def _paragraphs(text: str, style: str = "cell") -> list[Paragraph]:
    """One paragraph per line of `text`, so that a long entry can split between them too."""
    lines = [line for line in clean(text).split("\n") if line.strip()]
    return [para(line, style) for line in lines] or [para("")]


def _lines(text: str) -> str | list[Paragraph]:
    """A text for a cell: as it is if one line, else a paragraph per line."""
    return _paragraphs(text) if "\n" in text else text


def _actions(row: Row, as_at: datetime.date) -> list:
    title = f"Actions ({_actions_summary(row, as_at).lower()})" if row.actions else "Actions"
    story = [para(title, "h3")]
    if not row.actions:
        return [*story, para("No actions recorded.", "small")]
    headings = ["Action", "Owner", "Due", "Status"]
    rows = []
    for action in row.actions:
        due = date_text(action.due_date)
        if action.is_overdue(as_at):
            due = [para(due), para("Overdue", "overdue")]
        rows.append([_lines(action.description), action.owner, due, action.status_label])
    widths = fit_widths(headings, [5, 2, 1.2, 1], least=[0, 0, MONTH, ACTION_STATUS])
    return [*story, table(headings, rows, widths)]


def _updates(row: Row) -> list:
    title = "Latest updates from the PDU" + (
        f" (the {len(row.updates)} most recent)" if len(row.updates) > 1 else ""
    )
    story = [para(title, "h3")]
    if not row.updates:
        return [*story, para("No updates recorded.", "small")]
    headings = ["Date", "By", "What was done", "Impact", "Status"]
    rows = [
        [
            date_text(update.created_at.date()),
            update.author,
            _lines(update.what_was_done),
            _lines(update.impact),
            status_tag(update.status),
        ]
        for update in row.updates
    ]
    widths = fit_widths(headings, [1, 1, 5, 3, 0], least=[MONTH, 0, 0, 0, WIDEST_STATUS_TAG])
    return [*story, table(headings, rows, widths)]


def _indicators(row: Row) -> list:
    if not row.indicators:
        return []
    headings = ["Indicator", "Baseline", "Target", "Latest", "Direction"]
    rows = [
        [
            i.name,
            f"{i.baseline} ({date_text(i.baseline_date)})",
            i.target + (f" by {date_text(i.target_date)}" if i.target_date else ""),
            i.latest_display + (f" ({date_text(i.latest.date)})" if i.latest else ""),
            i.direction,
        ]
        for i in row.indicators
    ]
    widths = fit_widths(headings, [3, 2, 2, 2, 1])
    return [para("Indicators", "h3"), table(headings, rows, widths)]


def _recommendation(export: ExportData, row: Row) -> list:
    rec = row.recommendation
    plan = [
        ("Response", row.response_label),
        ("Owner", row.plan.owner or "Not recorded"),
        ("Target date", date_text(row.plan.target_date, "Not set")),
        ("Status", status_tag(row.position.status)),
        ("RAG", rag_tag(row.position.rag)),
        ("Progress judgement", judgement_tag(row.position.judgement)),
        ("Improvement still required?", row.improvement_label),
    ]
    if row.decision:
        plan.append(("Regional lead's decision", _decision(row)))
    if row.later:
        later = row.later
        plan += [
            ("Reviewed at the next inspection", f"{later.review.inspection.published:%B %Y}"),
            ("PDU's judgement before its fieldwork", later.self_assessed_label),
            ("Inspectorate's categorisation", later.categorisation_label),
            ("Inspectorate: improvement still required?", later.improvement_label),
        ]
    return [
        CondPageBreak(45 * mm),
        para(f"Recommendation {rec.number}", "h2"),
        *_paragraphs(rec.text, "body"),
        facts([(key, _lines(v) if isinstance(v, str) else v) for key, v in plan]),
        *_actions(row, export.as_at),
        *_updates(row),
        *_indicators(row),
    ]


def section_story(export: ExportData, section: Section) -> list:
    inspection = section.inspection
    summary = (
        f"{inspection.pdu.region.name}. Overall rating {section.rating_label}"
        + (f", score {score_text(inspection)}" if inspection.score is not None else "")
        + f". As at {day_label(export.as_at)}: "
        + "; ".join(f"{label} {n}" for label, n in section.by_status)
        + f". Overdue actions: {section.overdue_actions}."
    )
    story = [
        para(f"{section.pdu} PDU: inspection published {inspection.published:%B %Y}", "h1"),
        para(summary, "body"),
    ]
    story += _ratings_panel(section)
    story += _overview(export, section)
    for row in section.rows:
        story += _recommendation(export, row)
    return story
