"""Pages for running the action plan: the plan's fields and the actions against it.

Each change goes through the domain functions in `plan` and `actions`, which record who
changed what and why. With htmx the forms work in place on the recommendation page (the
answer is the fragment that changed); without it they are ordinary pages that post and
redirect.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from inspections.access import access_for
from kirklees_tracker.responses import partial_wanted, see_other

from . import actions as action_rules
from .forms import ActionForm, ActionStatusForm, EditActionForm, MoveDueDateForm, PlanForm
from .models import Action, ActionStatus, DueDateChange, Recommendation
from .plan import PlanRefused, change_plan, pdu_people
from .views import _detail_context, _get_managed_recommendation

# The plan


def _plan_form(recommendation: Recommendation, data=None) -> PlanForm:
    return PlanForm(
        data,
        recommendation=recommendation,
        people=pdu_people(recommendation.inspection.pdu_id),
        standards=recommendation.inspection.standards.order_by("order", "code"),
        initial={
            "response": recommendation.response,
            "response_reason": recommendation.response_reason,
            "owner_user": recommendation.owner_user_id,
            "owner": recommendation.owner,
            "target_date": recommendation.target_date,
            "standards": list(recommendation.standards.values_list("pk", flat=True)),
        },
    )


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def plan_change(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = _get_managed_recommendation(request, pk)
    form = _plan_form(recommendation, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            changes = change_plan(recommendation, by=request.user, **form.plan_fields())
        except PlanRefused as refusal:
            form.add_refusal(refusal)
        else:
            if not partial_wanted(request):
                messages.success(request, "Plan saved" if changes else "Nothing was changed")
                return see_other(recommendation.get_absolute_url() + "#plan")
            context = _detail_context(request, recommendation)
            context["plan_saved"] = "Plan saved" if changes else "Nothing was changed"
            return TemplateResponse(request, "recommendations/detail.html#plan", context)
    template = "recommendations/plan_form.html"
    if partial_wanted(request):
        template += "#plan-form"
    # In place on the recommendation's page the form's heading sits below the page's own h1.
    in_place = partial_wanted(request) and request.htmx.current_url_abs_path != request.path
    context = {"recommendation": recommendation, "form": form, "in_place": in_place}
    status = 400 if form.errors and not partial_wanted(request) else 200
    return TemplateResponse(request, template, context, status=status)


# Actions


def _get_managed_action(request: HttpRequest, pk: int) -> Action:
    queryset = (
        Action.objects.select_related("recommendation__inspection__pdu", "owner_user")
        .prefetch_related(
            Prefetch(
                "due_date_changes",
                queryset=DueDateChange.objects.select_related("changed_by"),
            )
        )
        .filter(access_for(request.user).pdu_filter("recommendation__inspection__pdu__"))
    )
    action = get_object_or_404(queryset, pk=pk)
    if not access_for(request.user).can_manage(action.recommendation.inspection.pdu):
        raise PermissionDenied
    return action


def _people_for(action: Action):
    return pdu_people(action.recommendation.inspection.pdu_id)


def _action_forms(action: Action, **bound) -> dict:
    return {
        "edit_form": bound.get("edit_form")
        or EditActionForm(
            people=_people_for(action),
            initial={
                "description": action.description,
                "owner_user": action.owner_user_id,
                "owner": action.owner,
            },
        ),
        "form": bound.get("form") or MoveDueDateForm(current_due_date=action.due_date),
        "status_form": bound.get("status_form")
        or ActionStatusForm(initial={"status": action.status}),
    }


def _action_page(request: HttpRequest, action: Action, **bound) -> HttpResponse:
    """The action's page, or with htmx its forms in place of its card; errors give 400 plainly."""
    context = {
        "action": action,
        "recommendation": action.recommendation,
        "changes": action.due_date_changes.all(),
        **_action_forms(action, **bound),
    }
    if partial_wanted(request):
        return TemplateResponse(request, "recommendations/action.html#action-forms", context)
    status = 400 if bound else 200
    return TemplateResponse(request, "recommendations/action.html", context, status=status)


def _action_saved(request: HttpRequest, action: Action, message: str) -> HttpResponse:
    """After a change: back to the recommendation page, or with htmx the action's fresh card."""
    if not partial_wanted(request):
        messages.success(request, message)
        return see_other(action.recommendation.get_absolute_url() + f"#action-{action.pk}")
    action = _get_managed_action(request, action.pk)
    context = {
        "action": action,
        "can_manage": True,
        "action_saved": message,
        "action_statuses": ActionStatus.choices,
    }
    return TemplateResponse(request, "recommendations/detail.html#action-card", context)


@require_POST
@vary_on_headers("HX-Request")
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = _get_managed_recommendation(request, pk)
    form = ActionForm(request.POST, people=pdu_people(recommendation.inspection.pdu_id))
    ok = form.is_valid()
    if ok:
        try:
            action_rules.add_action(recommendation, by=request.user, **form.cleaned_data)
        except PlanRefused as refusal:
            for name, message in refusal.errors.items():
                form.add_error(name if name in form.fields else None, message)
            ok = False
    if ok and not partial_wanted(request):
        messages.success(request, "Action added")
        return see_other(recommendation.get_absolute_url() + "#actions")
    context = _detail_context(request, recommendation, **({} if ok else {"action_form": form}))
    if partial_wanted(request):
        context["action_added"] = ok
        return TemplateResponse(request, "recommendations/detail.html#actions", context)
    return TemplateResponse(request, "recommendations/detail.html", context, status=400)


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def action_move_due_date(request: HttpRequest, pk: int) -> HttpResponse:
    action = _get_managed_action(request, pk)
    if request.method == "GET":
        return _action_page(request, action)
    form = MoveDueDateForm(request.POST, current_due_date=action.due_date)
    if not form.is_valid():
        return _action_page(request, action, form=form)
    try:
        action_rules.move_due_date(action, by=request.user, **form.cleaned_data)
    except PlanRefused as refusal:
        form.add_error(None, str(refusal))
        return _action_page(request, action, form=form)
    return _action_saved(request, action, "Due date moved")


@require_POST
@vary_on_headers("HX-Request")
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = _get_managed_action(request, pk)
    form = EditActionForm(request.POST, people=_people_for(action))
    if not form.is_valid():
        return _action_page(request, action, edit_form=form)
    try:
        changed = action_rules.edit_action(action, by=request.user, **form.cleaned_data)
    except PlanRefused as refusal:
        form.add_error(None, str(refusal))
        return _action_page(request, action, edit_form=form)
    return _action_saved(request, action, "Action changed" if changed else "Nothing was changed")


@require_POST
@vary_on_headers("HX-Request")
def action_set_status(request: HttpRequest, pk: int) -> HttpResponse:
    action = _get_managed_action(request, pk)
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        return _action_page(request, action, status_form=form)
    action_rules.set_action_status(action, form.cleaned_data["status"], by=request.user)
    return _action_saved(request, action, "Action status changed")
