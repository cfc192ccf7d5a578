"""Whatever arrives in a form or a filter, the answer is a form with errors, never a crash."""

import datetime

from django.contrib.auth import get_user_model
from django.http import QueryDict
from hypothesis import given, settings
from hypothesis import strategies as st

from inspections.models import Standard
from recommendations.filters import RecommendationFilter
from recommendations.forms import (
    ActionForm,
    EditActionForm,
    MoveDueDateForm,
    PlanForm,
    ProgressUpdateForm,
    VerifyForm,
)
from recommendations.models import Recommendation, Status

text = st.text(max_size=300) | st.sampled_from(["", " ", "x" * 5001, "2025-02-30", "\x00"])


@settings(max_examples=150, deadline=None)
@given(
    st.fixed_dictionaries(
        dict.fromkeys(
            (
                "what_was_done",
                "impact",
                "status",
                "rag",
                "judgement",
                "improvement_still_required",
                "reason",
            ),
            text,
        )
    ),
    st.sampled_from(Status.values),
    st.booleans(),
)
def test_the_update_form_never_crashes(data, current, may_verify):
    form = ProgressUpdateForm(
        {f"update-{k}": v for k, v in data.items()}, current_status=current, may_verify=may_verify
    )
    if form.is_valid():
        assert form.cleaned_data["status"] in Status.values


@settings(max_examples=100, deadline=None)
@given(text, text, text, st.sampled_from(Status.values))
def test_the_verify_form_never_crashes(decision, comments, reason, current):
    form = VerifyForm(
        {"verify-decision": decision, "verify-comments": comments, "verify-reason": reason},
        current_status=current,
    )
    form.is_valid()


NOBODY = get_user_model().objects.none()


@settings(max_examples=100, deadline=None)
@given(text, text, text, text)
def test_the_action_forms_never_crash(description, owner, due_date, person):
    ActionForm(
        {
            "action-description": description,
            "action-owner": owner,
            "action-owner_user": person,
            "action-due_date": due_date,
        },
        people=NOBODY,
    ).is_valid()
    EditActionForm(
        {"edit-description": description, "edit-owner": owner, "edit-owner_user": person},
        people=NOBODY,
    ).is_valid()
    MoveDueDateForm(
        {"new_due_date": due_date, "reason": description},
        current_due_date=datetime.date(2025, 1, 1),
    ).is_valid()


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "plan-response",
                "plan-response_reason",
                "plan-owner_user",
                "plan-owner",
                "plan-target_date",
                "plan-reason",
                "plan-standards",
            ]
        ),
        text,
    )
)
def test_the_plan_form_never_crashes(data):
    recommendation = Recommendation(target_date=datetime.date(2025, 3, 31))
    PlanForm(
        data, recommendation=recommendation, people=NOBODY, standards=Standard.objects.none()
    ).is_valid()


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(["status", "rag", "owner", "standard", "overdue"]), text))
def test_the_filter_form_never_crashes(params):
    query = QueryDict(mutable=True)
    query.update(params)
    filterset = RecommendationFilter(query, queryset=Recommendation.objects.none())
    filterset.is_valid()
