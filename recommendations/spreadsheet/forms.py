"""The upload form: it cleans the file into a readable plan of this inspection, or says why not."""

from django import forms
from django.template.defaultfilters import filesizeformat

from .apply import check_belongs
from .read import MAX_BYTES, FileRefused, open_plan


class PlanUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload the edited action plan",
        help_text=f"An Excel workbook (.xlsx) downloaded from this page, up to "
        f"{filesizeformat(MAX_BYTES)}",
        allow_empty_file=True,  # "empty" is said in our own words
        error_messages={
            "required": "Select the edited action plan",
            "invalid": "The selected file could not be read",
        },
    )

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.inspection = inspection
        self.plan_file = None
        self.content = b""

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                f"The selected file must be smaller than {filesizeformat(MAX_BYTES)}"
            )
        content = upload.read()
        try:
            plan_file = open_plan(content)
            check_belongs(plan_file, self.inspection)
        except FileRefused as refusal:
            raise forms.ValidationError(str(refusal)) from refusal
        self.plan_file, self.content = plan_file, content
        return upload
