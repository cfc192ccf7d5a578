"""Evidence files: what may be attached to a progress update, checked by its first bytes."""

from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

# Extension -> (content type served back, the magic numbers its first bytes may start with).
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
EVIDENCE_TYPES = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".doc": ("application/msword", (OLE2,)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (ZIP,),
    ),
    ".xls": ("application/vnd.ms-excel", (OLE2,)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (ZIP,)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".gif": ("image/gif", (b"GIF87a", b"GIF89a")),
}
ACCEPTED = "PDF, Word (.doc, .docx), Excel (.xls, .xlsx) or an image (.png, .jpg, .gif)"


def check_evidence_file(upload: UploadedFile) -> dict:
    """Check an uploaded file's size, extension and first bytes; return what Evidence stores.

    The content type is ours, from the extension the bytes agree with, never the browser's.
    """
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size == 0:
        raise forms.ValidationError("The selected file is empty")
    if upload.size > limit:
        raise forms.ValidationError(
            f"The selected file must be smaller than {filesizeformat(limit)}"
        )
    suffix = PurePath(upload.name).suffix.lower()
    if suffix not in EVIDENCE_TYPES:
        raise forms.ValidationError(f"The selected file must be a {ACCEPTED}")
    content_type, magics = EVIDENCE_TYPES[suffix]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in magics):
        raise forms.ValidationError(
            f"The selected file is not a real {suffix[1:].upper()} file: its contents do not "
            "match its name"
        )
    name = PurePath(upload.name).name
    if len(name) > 255:
        name = name[: 255 - len(suffix)] + suffix
    return {
        "file": upload,
        "original_name": name,
        "content_type": content_type,
        "size": upload.size,
    }


class EvidenceInput(forms.ClearableFileInput):
    """A single file input that hands every file posted under its name to the field, so that
    a second one is refused rather than dropped in silence."""

    def value_from_datadict(self, data, files, name):
        uploads = files.getlist(name) if hasattr(files, "getlist") else [files.get(name)]
        return uploads if len(uploads) > 1 else super().value_from_datadict(data, files, name)


class EvidenceField(forms.FileField):
    widget = EvidenceInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text", f"{ACCEPTED}, up to {filesizeformat(settings.EVIDENCE_MAX_BYTES)}"
        )
        super().__init__(
            max_length=None,
            allow_empty_file=True,  # we say "empty" ourselves, in our own words
            error_messages={"invalid": "The selected file could not be read"},
            **kwargs,
        )

    def clean(self, data, initial=None):
        if isinstance(data, list):
            raise forms.ValidationError(
                "Select one file only: attach each further file to an update of its own"
            )
        upload = super().clean(data, initial)
        if not upload:
            return None
        return check_evidence_file(upload)
