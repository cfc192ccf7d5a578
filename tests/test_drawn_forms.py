"""A form is drawn once for what its markup depends on, and that drawing is reused: a drawing
is always the one the form would draw afresh. A bound form is drawn afresh, except a list's
filter form, whose drawing is keyed by its data too."""

import itertools

from django import forms
from django.test import RequestFactory
from django.test.signals import template_rendered

from inspections.models import Categorisation
from kirklees_tracker.forms import DRAWINGS
from recommendations.filters import RecommendationFilter
from recommendations.forms import ActionForm, ProgressUpdateForm, VerifyForm
from recommendations.models import RAG, Recommendation, Status
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


def filter_form(user, query: str = ""):
    request = RequestFactory().get("/recommendations/?" + query)
    request.user = user
    filterset = RecommendationFilter(
        request.GET, queryset=Recommendation.objects.all(), request=request
    )
    return filterset.form


FILTERS = [
    "",
    "status=in_progress&rag=amber&overdue=on",
    "status=bogus",
    "standard=P+2.1",
    "standard=nonsense",
    "not_updated_since=2025-03-31",
    "not_updated_since-day=31&not_updated_since-month=2&not_updated_since-year=2025",
    "not_updated_since-day=31&not_updated_since-month=3&not_updated_since-year=2025",
    "status=complete&page=2",
    "owner=999999",
    "pdu=1&pdu=2",
]


def test_every_filter_form_drawing_is_the_one_drawn_afresh(db, lead, kirklees):
    for query in FILTERS + FILTERS:
        form = filter_form(lead, query)

        assert str(form) == fresh(form), query


def test_a_filter_form_with_an_error_shows_it_when_drawn_again(db, lead, kirklees):
    str(filter_form(lead, "status=bogus"))

    form = filter_form(lead, "status=bogus")

    assert "Select a valid choice" in str(form)


def test_a_filter_form_offers_each_user_only_their_own_pdus(db, lead, other_lead, kirklees):
    yorkshire = str(filter_form(lead))

    south_west = str(filter_form(other_lead))

    assert kirklees.pdu.name in yorkshire
    assert kirklees.pdu.name not in south_west


def test_a_filter_form_asked_for_with_a_long_query_is_drawn_every_time(db, lead, kirklees):
    query = "standard=" + "x" * 2000

    drawn = form_templates_drawn(
        lambda: (str(filter_form(lead, query)), str(filter_form(lead, query)))
    )

    assert drawn == 2


def test_a_filter_forms_drawing_does_not_depend_on_the_page_number(db, lead, kirklees):
    def draw_twice():
        str(filter_form(lead, "status=complete"))
        str(filter_form(lead, "status=complete&page=3"))

    assert form_templates_drawn(draw_twice) == 1


def test_an_update_form_with_a_list_among_its_values_is_drawn_afresh(db):
    form = ProgressUpdateForm(
        current_status=Status.IN_PROGRESS,
        may_verify=False,
        current={"status": Status.IN_PROGRESS, "rag": ["red"]},
    )

    assert str(form) == fresh(form)
