"""What a list's filter form applies, in words, for the message an empty filtered list shows."""

import datetime

from django import forms, template
from django.utils.formats import date_format

register = template.Library()


def _choice_labels(field: forms.Field) -> dict[str, str]:
    labels = {}
    for value, label in field.choices:
        if isinstance(label, list | tuple):  # an optgroup
            labels.update({str(v): str(lab) for v, lab in label})
        else:
            labels[str(value)] = str(label)
    return labels


def _describe(field: forms.Field, value) -> str:
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    if isinstance(field, forms.ModelChoiceField | forms.ModelMultipleChoiceField):
        values = value if isinstance(field, forms.ModelMultipleChoiceField) else [value]
        return ", ".join(field.label_from_instance(item) for item in values)
    if isinstance(field, forms.ChoiceField):
        labels = _choice_labels(field)
        values = value if isinstance(value, list | tuple) else [value]
        return ", ".join(labels.get(str(item), str(item)) for item in values)
    return str(value)


@register.simple_tag
def applied_filters(form: forms.Form) -> list[tuple[str, str | None]]:
    """(label, value) for each filter the user set on a valid bound form, in the form's order.

    A field the request left out is not "applied", even where the form fills in a default (the
    activity feed's week); a ticked checkbox has no value to show, only its label.
    """
    if form is None or not form.is_bound or not form.is_valid():
        return []
    applied = []
    for name, field in form.fields.items():
        if field.widget.value_omitted_from_data(form.data, form.files, form.add_prefix(name)):
            continue
        value = form.cleaned_data.get(name)
        if value is None or value is False or value == "":
            continue
        if isinstance(field, forms.ModelMultipleChoiceField) and not value:
            continue
        if isinstance(value, list | tuple) and not value:
            continue
        label = str(field.label or name)
        applied.append((label, None if value is True else _describe(field, value)))
    return applied
