"""Render every Django form in GOV.UK Design System markup.

With ``FORM_RENDERER = "kirklees_tracker.forms.GovUKFormRenderer"``, ``{{ form }}`` and
``{{ form.field.as_field_group }}`` use the templates in ``templates/govuk/``, and widgets carry
GOV.UK Frontend's classes, so forms need no per-field markup.
"""

import threading
from collections import OrderedDict

from django import forms
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.utils.autoreload import file_changed
from django.utils.translation import get_language

from .dates import DateInput


def govuk_component(widget: forms.Widget) -> str:
    """Name the GOV.UK Frontend component that renders `widget`, as in `govuk-<name>` classes."""
    if isinstance(widget, DateInput):
        return "date-input"
    if isinstance(widget, forms.RadioSelect):
        # CheckboxSelectMultiple is a RadioSelect that allows several choices.
        return "checkboxes" if widget.allow_multiple_selected else "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkboxes"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.FileInput):
        return "file-upload"
    return "input"


class GovUKBoundField(BoundField):
    @property
    def govuk_component(self) -> str:
        return govuk_component(self.field.widget)

    @property
    def first_input_id(self) -> str:
        """The id to link to this field by: radios and checkboxes have one per option, and a date
        links to its first box with an error (or its day)."""
        widget = self.field.widget
        if isinstance(widget, DateInput) and self.auto_id:
            parts = widget.parts_in_error(self.value()) if self.errors else ("day",)
            return f"{self.auto_id}-{parts[0]}"
        return self.id_for_label or (self.subwidgets[0].id_for_label if self.subwidgets else "")

    @property
    def marked_optional(self) -> bool:
        """Whether the label says "(optional)": a field not required, unless the form says not
        to (`field.show_optional = False`)."""
        return not self.field.required and getattr(self.field, "show_optional", True) is not False

    @property
    def suffix(self) -> str:
        """The unit shown after the box (`field.suffix = "%"`), or nothing. Read here rather than
        in the template, where a field without one would be a failed (and slow) lookup."""
        return getattr(self.field, "suffix", "")

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if widget.is_hidden:
            return attrs
        component = govuk_component(widget)
        if component == "date-input":
            # The widget gives each box its own classes, and error state only where it is wrong.
            return attrs
        if component in ("radios", "checkboxes"):
            # Each option's own input; the group's error state is shown by the form group around it.
            classes = [f"govuk-{component}__input"]
        else:
            classes = [f"govuk-{component}"]
            if self.errors:
                classes.append(f"govuk-{component}--error")
        # Classes given here replace the widget's own, so keep those (`govuk-input--width-5`, say).
        classes += [widget.attrs.get("class", ""), attrs.get("class", "")]
        attrs["class"] = " ".join(c for c in classes if c)
        return attrs


# Django's widget templates, drawn instead by ones of the same markup that cost less: each in
# one template, without the includes Django's nest (an option, its input, its attributes).
INPUT_TYPES = ("text", "email", "number", "password", "url", "tel", "search", "hidden", "checkbox")
WIDGET_TEMPLATES = {
    "django/forms/widgets/select.html": "govuk/widgets/select.html",
    "django/forms/widgets/radio_option.html": "govuk/widgets/input_option.html",
    "django/forms/widgets/checkbox_option.html": "govuk/widgets/input_option.html",
    "django/forms/widgets/textarea.html": "govuk/widgets/textarea.html",
    **{f"django/forms/widgets/{kind}.html": "govuk/widgets/input.html" for kind in INPUT_TYPES},
}


class GovUKFormRenderer(TemplatesSetting):
    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"
    bound_field_class = GovUKBoundField

    def get_template(self, template_name):
        return super().get_template(WIDGET_TEMPLATES.get(template_name, template_name))


class DrawnOnce:
    """A form mixin: a form drawn once per process for each `drawing_key()`, then reused,
    since drawing a GOV.UK form costs more than the rest of a page's view.

    `drawing_key()` names everything the form's markup depends on beyond its class (its
    choices, initial values and anything its `__init__` takes); None, the default, draws it
    every time. A bound form (with data, and perhaps errors) is drawn afresh unless the form
    says its drawing is a function of its data too (`draws_bound`, and its key names the
    data). Drawings hold no per-user data but what the key names: the CSRF token sits
    outside `{{ form }}`, in the page. The key also holds the form's renderer, prefix,
    auto_id, label suffix and required-attribute setting; a form whose fields are changed
    after it is made, or drawn with another template, must not use it.
    """

    draws_bound = False

    def drawing_key(self) -> tuple | None:
        return None

    def drawing_class(self):
        """What the key says of the form's class: the class itself, by default."""
        return type(self)

    def render(self, template_name=None, context=None, renderer=None):
        key = None
        if not (template_name or context or renderer) and (self.draws_bound or not self.is_bound):
            key = self.drawing_key()
        if key is None:
            return super().render(template_name, context, renderer)
        key = (
            self.drawing_class(),
            type(self.renderer),
            self.prefix,
            self.auto_id,
            self.label_suffix,
            self.use_required_attribute,
            get_language(),
            key,
        )
        try:
            return DRAWINGS.get(key) or DRAWINGS.put(key, super().render())
        except TypeError:  # a key that cannot be hashed (a list among the initial values)
            return super().render()

    # Django's forms bind these to their own `render` when the class is made.
    __str__ = render
    __html__ = render


def choices_key(form) -> tuple:
    """Every choice each field of `form` offers, by value and label."""
    return tuple(
        (name, tuple((str(value), str(label)) for value, label in field.choices))
        for name, field in form.fields.items()
        if hasattr(field, "choices")
    )


class Drawings:
    """A small least-recently-used store of drawn forms, safe across threads."""

    def __init__(self, size: int):
        self.size = size
        self.items: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        return None

    def put(self, key, html):
        with self.lock:
            self.items[key] = html
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return html

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


# A drawing and its key are a few KB, tens of KB for a form that offers hundreds of people:
# some MB at most per process.
DRAWINGS = Drawings(512)


@receiver(setting_changed)
def _forget_drawings_for_a_setting(**kwargs) -> None:
    """A test that changes a setting (the form renderer, say) gets fresh drawings."""
    DRAWINGS.clear()


@receiver(file_changed)
def _forget_drawings_for_a_file(**kwargs) -> None:
    """The development server reloads a changed template without restarting: draw afresh.
    Returns None, so that the server still decides whether to restart."""
    DRAWINGS.clear()
