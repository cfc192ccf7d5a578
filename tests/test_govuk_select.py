"""The GOV.UK form renderer draws selects with its own template (one loop, no include per
option): the markup must be exactly what Django's own select template draws."""

from django import forms
from django.forms.renderers import DjangoTemplates

from kirklees_tracker.forms import GovUKFormRenderer

CHOICES = [
    ("", "Any status"),
    ("open", "Open & <new>"),
    ("Closed", [("complete", "Complete"), ("verified", "Verified")]),
]


def drawn_by(renderer, value):
    widget = forms.Select(choices=CHOICES, attrs={"class": "govuk-select", "data-x": True})
    return widget.render("status", value, attrs={"id": "id_status"}, renderer=renderer)


def test_a_select_is_drawn_exactly_as_django_draws_it():
    assert drawn_by(GovUKFormRenderer(), "verified") == drawn_by(DjangoTemplates(), "verified")


def test_a_select_with_nothing_chosen_is_drawn_exactly_as_django_draws_it():
    assert drawn_by(GovUKFormRenderer(), None) == drawn_by(DjangoTemplates(), None)


def test_a_multiple_select_is_drawn_exactly_as_django_draws_it():
    widget = forms.SelectMultiple(choices=CHOICES)
    ours = widget.render("s", ["open", "complete"], renderer=GovUKFormRenderer())
    assert ours == widget.render("s", ["open", "complete"], renderer=DjangoTemplates())


def test_the_renderer_draws_selects_with_its_own_template():
    template = GovUKFormRenderer().get_template("django/forms/widgets/select.html")
    assert template.origin.name.endswith("templates/govuk/widgets/select.html")
