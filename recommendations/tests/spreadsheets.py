"""Spreadsheet test helpers: download, edit with openpyxl, re-save with LibreOffice, upload."""

import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from recommendations.models import PlanUpload

NO_LIBREOFFICE = "LibreOffice (soffice) is not installed: apt-get install -y libreoffice-calc"


def download(client, inspection) -> bytes:
    response = client.get(reverse("action-plan-download", args=[inspection.pk]))
    assert response.status_code == 200, response.status_code
    return response.content


def edit(content: bytes, changes: dict[str, dict[str, object]]) -> bytes:
    """The workbook with cells changed, as a person would in Excel: {"Plan": {"D2": "Agreed"}}."""
    workbook = load_workbook(io.BytesIO(content))
    for sheet, cells in changes.items():
        for ref, value in cells.items():
            workbook[sheet][ref] = value
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def read_back(content: bytes):
    return load_workbook(io.BytesIO(content))


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_libreoffice() -> str:
    """soffice's path; skip without it, or fail where CI requires it (REQUIRE_LIBREOFFICE=1)."""
    path = soffice()
    if path is None:
        if os.environ.get("REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(f"LibreOffice required (REQUIRE_LIBREOFFICE=1): {NO_LIBREOFFICE}")
        pytest.skip(f"LibreOffice test skipped: {NO_LIBREOFFICE}")
    return path


def resave_with_libreoffice(content: bytes) -> bytes:
    """The workbook opened and saved again by LibreOffice, as `soffice --convert-to xlsx` does."""
    path = require_libreoffice()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        source = folder / "in" / "plan.xlsx"
        source.parent.mkdir()
        source.write_bytes(content)
        # A profile of its own, so that a LibreOffice already running elsewhere is not reused.
        profile = f"-env:UserInstallation=file://{folder / 'profile'}"
        subprocess.run(
            [path, profile, "--headless", "--convert-to", "xlsx", "--outdir", str(folder / "out"),
             str(source)],
            check=True,
            capture_output=True,
            timeout=180,
        )  # fmt: skip
        return (folder / "out" / "plan.xlsx").read_bytes()


def upload(client, inspection, content: bytes, name: str = "plan.xlsx", **headers):
    return client.post(
        reverse("action-plan-upload", args=[inspection.pk]),
        {"file": SimpleUploadedFile(name, content)},
        headers=headers,
    )


def preview_url(inspection, plan_upload: PlanUpload) -> str:
    return reverse("action-plan-preview", args=[inspection.pk, plan_upload.uuid])


def confirm_url(inspection, plan_upload: PlanUpload) -> str:
    return reverse("action-plan-confirm", args=[inspection.pk, plan_upload.uuid])


def latest_upload() -> PlanUpload:
    return PlanUpload.objects.order_by("-pk").first()


def upload_and_preview(client, inspection, changes: dict, content: bytes | None = None):
    """Download (unless given the content), edit, upload; the preview page's response."""
    content = edit(content or download(client, inspection), changes)
    response = upload(client, inspection, content)
    assert response.status_code == 303, response.content.decode()[-2000:]
    return client.get(response["Location"])


def page_text(response) -> str:
    import html

    return html.unescape(response.content.decode())
