"""An unbound form is drawn once for what its markup depends on, and that drawing is reused;
a drawing is always the one the form would draw afresh, and a bound form is always fresh."""

import itertools

from django import forms
from django.test.signals import template_rendered

from inspections.models import Categorisation
from kirklees_tracker.forms import DRAWINGS
from recommendations.forms import ActionForm, ProgressUpdateForm, VerifyForm
from recommendations.models import RAG, Status
from recommendations.plan import pdu_people


def fresh(form) -> str:
    """The form drawn by Django itself, past any stored drawing."""
    return forms.Form.render(form)


def form_templates_drawn(action) -> int:
    drawn = []

    def count(sender, template, **kwargs):
        if template.name == "govuk/form.html":
            drawn.append(template.name)

    template_rendered.connect(count)
    try:
        action()
    finally:
        template_rendered.disconnect(count)
    return len(drawn)


def update_form(status=Status.IN_PROGRESS, may_verify=False, rag=RAG.AMBER, judgement="", yes=""):
    current = {
        "status": status,
        "rag": rag,
        "judgement": judgement,
        "improvement_still_required": yes,
    }
    return ProgressUpdateForm(current_status=status, may_verify=may_verify, current=current)


def test_the_same_update_form_twice_is_drawn_once(db):
    DRAWINGS.clear()

    drawn = form_templates_drawn(lambda: (str(update_form()), str(update_form())))

    assert drawn == 1


def test_every_update_form_drawing_is_the_one_drawn_afresh(db):
    DRAWINGS.clear()
    positions = itertools.product(
        Status.values,
        (False, True),
        ["", *RAG.values],
        ["", *Categorisation.values],
        ("", "yes", "no"),
    )
    for status, may_verify, rag, judgement, yes in positions:
        form = update_form(status, may_verify, rag, judgement, yes)

        assert str(form) == fresh(form), (status, may_verify, rag, judgement, yes)


def test_a_bound_update_form_is_drawn_afresh_with_its_errors(db):
    str(update_form())
    data = {"update-what_was_done": ""}
    form = ProgressUpdateForm(data, current_status=Status.IN_PROGRESS, may_verify=False)

    assert "Enter what was done" in str(form)


def test_the_action_form_names_a_person_by_their_new_name_once_renamed(db, kirklees, manager):
    before = str(ActionForm(people=pdu_people(kirklees.pdu_id)))
    manager.first_name = "Renamed"
    manager.save()

    after = str(ActionForm(people=pdu_people(kirklees.pdu_id)))

    assert "Renamed" not in before
    assert "Renamed" in after


def test_the_action_form_offers_a_new_member_of_the_pdu(db, kirklees, manager, other_manager):
    str(ActionForm(people=pdu_people(kirklees.pdu_id)))
    other_manager.memberships.create(pdu=kirklees.pdu, role=manager.memberships.get().role)

    form = ActionForm(people=pdu_people(kirklees.pdu_id))

    assert str(form) == fresh(form)
    assert f'value="{other_manager.pk}"' in str(form)


def test_the_verify_form_drawing_is_the_one_drawn_afresh(db):
    str(VerifyForm(current_status=Status.COMPLETE))
    form = VerifyForm(current_status=Status.COMPLETE)

    assert str(form) == fresh(form)


def test_a_form_with_initial_values_of_its_own_is_drawn_every_time(db):
    def draw_twice():
        str(VerifyForm(current_status=Status.COMPLETE, initial={"comments": "One"}))
        str(VerifyForm(current_status=Status.COMPLETE, initial={"comments": "Two"}))

    assert form_templates_drawn(draw_twice) == 2
