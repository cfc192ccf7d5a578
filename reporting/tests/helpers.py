"""Shared helpers for the reporting tests."""

import csv
import datetime
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from tests import factory


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    """Noon (by default) on `day` in the service's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def signed_in(client, user):
    client.force_login(user)
    return client


def queries_for(client, url: str):
    """The response to GET `url` and the number of queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    return response, len(queries)


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def read_xlsx(response):
    """The workbook, whether served whole or streamed (as a FileResponse is)."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return load_workbook(io.BytesIO(body))


def read_pdf(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split())


def grow(inspection, author, updates_each: int = 5, actions_each: int = 2) -> None:
    """More of everything, to show query counts do not depend on it."""
    for rec in inspection.recommendations.all():
        for index in range(updates_each):
            factory.update(
                rec,
                author,
                status="in_progress",
                rag="amber",
                at=at(days_ago(60 - index)),
                what_was_done=f"Step {index}",
            )
        for _ in range(actions_each):
            factory.action(rec, due_date=days_ago(3))
