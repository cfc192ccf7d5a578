"""An uploaded plan applied: all its changes in one transaction, or none of them.

The stored file is read and reviewed again against the data as it stands at that moment,
then every change goes through the domain functions (`change_plan`, `add_action`,
`edit_action`, `move_due_date`, `set_action_status`, `record_update`), so that the history
records who changed what, as with the forms. Any refusal rolls all of it back and comes back
as a problem on its cell.
"""

from django.db import transaction
from django.utils import timezone

from ..models import PlanUpload
from ..plan import PlanRefused
from ..rules import TransitionRefused
from .context import Review
from .read import FileRefused, PlanFile, Problem, open_plan
from .review import review_plan


class AlreadyApplied(Exception):
    pass


def check_belongs(plan_file: PlanFile, inspection) -> None:
    if plan_file.pdu_id != inspection.pdu_id:
        raise FileRefused(
            "The selected file is another PDU's action plan: download this PDU's plan, make "
            "your changes in it and upload that"
        )
    if plan_file.inspection_id != inspection.pk:
        raise FileRefused(
            "The selected file is the plan of another of this PDU's inspections: upload it on "
            "that inspection's page"
        )


def apply_plan(upload: PlanUpload, *, by, may_verify: bool) -> Review:
    """Review the stored file again and make all its changes, or none; return the review.

    Raises AlreadyApplied if this upload, or another upload of the same download, was applied.
    """
    with transaction.atomic():
        # Every upload of one download is locked, so that two confirmed at once are serialised.
        list(PlanUpload.objects.select_for_update().filter(download_token=upload.download_token))
        locked = PlanUpload.objects.select_for_update().get(pk=upload.pk)
        applied = PlanUpload.objects.filter(
            download_token=locked.download_token, applied_at__isnull=False
        )
        if applied.exists():
            raise AlreadyApplied
        plan_file = open_plan(bytes(locked.content))
        check_belongs(plan_file, locked.inspection)
        review = review_plan(plan_file, locked.inspection, by=by, may_verify=may_verify)
        if not review.can_apply:
            return review
        for operation in review.operations:
            try:
                with transaction.atomic():
                    operation.run()
            except PlanRefused as refusal:
                for key, message in refusal.errors.items():
                    cell = operation.cells.get(key, operation.default_cell)
                    review.problems.append(Problem(operation.sheet, cell, message))
            except TransitionRefused as refusal:
                review.problems.append(
                    Problem(operation.sheet, operation.cells["status"], str(refusal))
                )
        if review.problems:
            transaction.set_rollback(True)
            return review
        locked.applied_at = timezone.now()
        locked.save(update_fields=["applied_at"])
    upload.applied_at = locked.applied_at
    return review


def earlier_application(upload: PlanUpload) -> PlanUpload | None:
    """This upload, or another upload of the same download, once it has been applied."""
    return (
        PlanUpload.objects.filter(download_token=upload.download_token, applied_at__isnull=False)
        .order_by("applied_at")
        .first()
    )


def review_upload(upload: PlanUpload, *, by, may_verify: bool) -> Review:
    """The preview of a stored upload against the data as it stands now; writes nothing."""
    try:
        plan_file = open_plan(bytes(upload.content))
        check_belongs(plan_file, upload.inspection)
    except FileRefused as refusal:
        return Review(problems=[Problem("", "", str(refusal))])
    return review_plan(plan_file, upload.inspection, by=by, may_verify=may_verify)
