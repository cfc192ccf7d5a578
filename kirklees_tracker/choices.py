"""Choice fields whose short lists of rows are read once per form, by one ordinary query.

Django's ModelChoiceIterator reads its queryset through `.iterator()`: on PostgreSQL a
server-side cursor (DECLARE, FETCH and CLOSE, three round trips, the cursor held over the
commit), on every pass over the choices. The lists here are short (a region's PDUs, a PDU's
people, an inspection's standards), so they are read into the queryset's own cache instead:
one plain query, and any later pass over the choices in the same form (the widget's, the
filter summary's) costs nothing. Validation still looks up the submitted value by its own
query, as Django's does.
"""

import django_filters
from django import forms
from django_filters.fields import ModelChoiceIterator as FilterChoiceIterator


class ReadOnce(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)

    def __len__(self):
        # Reads the rows (rather than COUNT them), since they are about to be drawn anyway.
        return len(self.queryset) + (1 if self.field.empty_label is not None else 0)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.queryset)


class ModelChoiceField(forms.ModelChoiceField):
    iterator = ReadOnce


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = ReadOnce


class _FilterReadOnce(FilterChoiceIterator, ReadOnce):
    """django-filter's iterator (which adds its "null" choice) over `ReadOnce`."""


class FilterModelChoiceField(django_filters.fields.ModelChoiceField):
    iterator = _FilterReadOnce


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = FilterModelChoiceField
