"""Pages for following and recording progress on recommendations.

Every view fetches through a scoped query first, so that someone outside the PDU gets a
404 whatever they try; within the PDU, rights to change things give 403 when missing.
With htmx (`request.htmx`) the same views answer with the fragment that changed.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import retarget

from inspections.access import access_for
from inspections.models import KeyQuestion, PreviousRecommendationReview, Standard
from kirklees_tracker.responses import partial_wanted, see_other

from .filters import RecommendationFilter
from .forms import ActionForm, ProgressUpdateForm, VerifyForm, position_initial
from .loop import judgements_beside, with_judgement_before_fieldwork
from .models import (
    Action,
    ActionStatus,
    DueDateChange,
    Evidence,
    PlanChange,
    ProgressUpdate,
    Recommendation,
    Status,
)
from .plan import pdu_people
from .queries import scoped_recommendations, with_overdue_flag
from .rules import TransitionRefused, record_update

PAGE_SIZE = 50


def _get_recommendation(request: HttpRequest, pk: int) -> Recommendation:
    """The recommendation, if the user may read its PDU; 404 otherwise."""
    queryset = scoped_recommendations(request.user).select_related(
        "inspection__pdu__region", "repeats__inspection"
    )
    return get_object_or_404(queryset, pk=pk)


def _get_managed_recommendation(request: HttpRequest, pk: int) -> Recommendation:
    recommendation = _get_recommendation(request, pk)
    if not access_for(request.user).can_manage(recommendation.inspection.pdu):
        raise PermissionDenied
    return recommendation


# The list


@require_GET
@vary_on_headers("HX-Request")
def recommendation_list(request: HttpRequest) -> HttpResponse:
    queryset = with_overdue_flag(
        scoped_recommendations(request.user).select_related("inspection__pdu", "owner_user")
    ).order_by("inspection__pdu__name", "-inspection__published", "number")
    filterset = RecommendationFilter(request.GET, queryset=queryset, request=request)
    valid = filterset.is_valid()
    page = Paginator(filterset.qs if valid else queryset.none(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "filterset": filterset,
        "form": filterset.form,
        "page": page,
        "valid": valid,
        # Only awaiting rows have a waiting time: a failed lookup on each other row is slow.
        "awaiting": valid and bool(filterset.form.cleaned_data.get("awaiting")),
    }
    if partial_wanted(request):
        if not valid or request.htmx.target == "filter-area":
            # Errors belong beside the fields, so the whole filter area is swapped, and swapped
            # again (by the form, which then targets it) once they are corrected. htmx swaps
            # only 2xx answers by default, so this is a 200 either way.
            response = TemplateResponse(request, "recommendations/list.html#filter-area", context)
            return retarget(response, "#filter-area")
        return TemplateResponse(request, "recommendations/list.html#results", context)
    return TemplateResponse(
        request, "recommendations/list.html", context, status=200 if valid else 400
    )


# One recommendation


def _detail_queryset(queryset: QuerySet[Recommendation]) -> QuerySet[Recommendation]:
    """Recommendations with everything their page shows, in a fixed number of queries.

    Every prefetch orders explicitly, by its own columns: the models' default orderings
    name foreign keys, and each would add joins up to the PDU to the prefetch's query.
    """
    update_count = (
        ProgressUpdate.objects.filter(recommendation=OuterRef("pk"))
        .order_by()
        .values("recommendation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        queryset.select_related("inspection__pdu__region", "repeats__inspection", "owner_user")
        .annotate(update_count=Coalesce(Subquery(update_count), 0))
        .prefetch_related(
            Prefetch(
                "standards",
                queryset=Standard.objects.order_by("order", "code").prefetch_related(
                    Prefetch("key_questions", queryset=KeyQuestion.objects.order_by("order", "pk"))
                ),
            ),
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("owner_user")
                .order_by("due_date", "pk")
                .prefetch_related(
                    Prefetch(
                        "due_date_changes",
                        queryset=DueDateChange.objects.select_related("changed_by").order_by(
                            "changed_at", "pk"
                        ),
                    )
                ),
            ),
            Prefetch(
                "plan_changes",
                queryset=PlanChange.objects.select_related("changed_by").order_by(
                    "-changed_at", "-pk"
                ),
            ),
            Prefetch(
                "reviewed_later",
                queryset=with_judgement_before_fieldwork(
                    PreviousRecommendationReview.objects.select_related("inspection")
                ).order_by("-inspection__published", "number"),
            ),
        )
    )


def _forms_for(request: HttpRequest, recommendation: Recommendation, **bound) -> dict:
    """The forms this user gets on the recommendation's page (none for a reader)."""
    access = access_for(request.user)
    pdu = recommendation.inspection.pdu
    forms = {"update_form": None, "verify_form": None, "action_form": None}
    if access.can_manage(pdu):
        forms["update_form"] = bound.get("update_form") or ProgressUpdateForm(
            current_status=recommendation.status,
            may_verify=access.can_verify(pdu),
            current=position_initial(recommendation),
        )
        forms["action_form"] = bound.get("action_form") or ActionForm(people=pdu_people(pdu.pk))
    elif access.can_verify(pdu) and (
        recommendation.status == Status.COMPLETE or "verify_form" in bound
    ):
        forms["verify_form"] = bound.get("verify_form") or VerifyForm(
            current_status=recommendation.status
        )
    return forms


TIMELINE_PAGE = 10


class _Timeline(Paginator):
    """The recommendation's updates, newest first, in pages: the latest ten, then older ones.

    A page, not the whole history, so that the page's size and time do not grow with it.
    The count was read with the recommendation (`update_count`), so it is not asked again.
    """

    def __init__(self, recommendation: Recommendation):
        updates = (
            ProgressUpdate.objects.filter(recommendation=recommendation)
            .select_related("author")
            .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("pk")))
            .order_by("-created_at", "-pk")
        )
        super().__init__(updates, TIMELINE_PAGE)
        self._count = recommendation.update_count

    @property
    def count(self) -> int:
        return self._count


def _detail_context(request: HttpRequest, recommendation: Recommendation, **bound) -> dict:
    """The page's context after a change: the recommendation read again, with everything."""
    full = _detail_queryset(Recommendation.objects).get(pk=recommendation.pk)
    return _page_context(request, full, **bound)


def _page_context(request: HttpRequest, full: Recommendation, **bound) -> dict:
    """`full`: a recommendation from `_detail_queryset`."""
    # After a change the timeline starts again from the newest update.
    number = request.GET.get("updates") if request.method == "GET" else 1
    timeline = _Timeline(full).get_page(number)
    return {
        "recommendation": full,
        "inspection": full.inspection,
        "standards": full.standards.all(),
        "actions": full.actions.all(),
        "plan_changes": full.plan_changes.all(),
        "updates": timeline.object_list,
        "timeline": timeline,
        "can_manage": access_for(request.user).can_manage(full.inspection.pdu),
        "action_statuses": ActionStatus.choices,
        "reviewed_later": [judgements_beside(review, full) for review in full.reviewed_later.all()],
        **_forms_for(request, full, **bound),
    }


@require_GET
@vary_on_headers("HX-Request", "HX-Target")
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # One read of the recommendation, scoped and with everything its page shows.
    queryset = _detail_queryset(scoped_recommendations(request.user))
    context = _page_context(request, get_object_or_404(queryset, pk=pk))
    if partial_wanted(request) and request.htmx.target == "timeline":
        # The timeline's "older" and "newer" links swap just the timeline.
        return TemplateResponse(request, "recommendations/detail.html#timeline", context)
    return TemplateResponse(request, "recommendations/detail.html", context)


def _respond_to_update(
    request: HttpRequest, recommendation: Recommendation, form_key: str, form, ok: bool
) -> HttpResponse:
    """Answer a progress update or a verification, with or without htmx."""
    if ok and not partial_wanted(request):
        messages.success(request, "Update recorded")
        return see_other(recommendation.get_absolute_url() + "#timeline")
    bound = {} if ok else {form_key: form}
    context = _detail_context(request, recommendation, **bound)
    if partial_wanted(request):
        context["update_recorded"] = ok
        return TemplateResponse(request, "recommendations/update_response.html", context)
    return TemplateResponse(request, "recommendations/detail.html", context, status=400)


@require_POST
@vary_on_headers("HX-Request")
def log_update(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = _get_managed_recommendation(request, pk)
    may_verify = access_for(request.user).can_verify(recommendation.inspection.pdu)
    form = ProgressUpdateForm(
        request.POST,
        request.FILES,
        current_status=recommendation.status,
        may_verify=may_verify,
        current=position_initial(recommendation),
    )
    ok = form.is_valid()
    if ok:
        try:
            record_update(
                recommendation, author=request.user, may_verify=may_verify, **form.update_fields()
            )
        except TransitionRefused as refusal:
            # Someone else moved the status on between the page loading and this post.
            form.add_transition_error(refusal)
            ok = False
    return _respond_to_update(request, recommendation, "update_form", form, ok)


@require_POST
@vary_on_headers("HX-Request")
def verify(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = _get_recommendation(request, pk)
    if not access_for(request.user).can_verify(recommendation.inspection.pdu):
        raise PermissionDenied
    form = VerifyForm(request.POST, current_status=recommendation.status)
    ok = form.is_valid()
    if ok:
        try:
            record_update(
                recommendation,
                author=request.user,
                may_verify=True,
                what_was_done=form.what_was_done(),
                status=form.new_status,
                rag=recommendation.rag,
                judgement=recommendation.judgement,
                improvement_still_required=recommendation.improvement_still_required,
                reason=form.cleaned_data["reason"],
                kind=form.kind,
            )
        except TransitionRefused as refusal:
            form.add_error(None, str(refusal))
            ok = False
    return _respond_to_update(request, recommendation, "verify_form", form, ok)


# Evidence


@require_GET
def evidence_download(request: HttpRequest, uuid) -> FileResponse:
    queryset = Evidence.objects.filter(
        access_for(request.user).pdu_filter("update__recommendation__inspection__pdu__")
    )
    evidence = get_object_or_404(queryset, uuid=uuid)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The file is no longer stored.") from missing
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
