"""Walks through every page a role can reach, in each state that looks different, on the
data the `tracked` fixture makes."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Tracked:
    """Kirklees part way through its action plan, so that every page has something to show."""

    inspection: object
    in_progress: object  # recommendation 5: one update, an action whose due date moved
    complete: object  # recommendation 6: marked Complete, awaiting verification
    action: object
    indicator: object

    @property
    def region(self):
        return self.inspection.pdu.region


@dataclass(frozen=True)
class Visit:
    name: str
    path: Callable[[Tracked], str]
    status: int = 200
    then: Callable | None = None  # what to do on the page before looking at it


def leave_empty_and_press(button: str, *, swapped: bool = False):
    """Submit the form with nothing filled in: htmx swaps the errors in, or the page reloads."""

    def act(page):
        if swapped:
            page.get_by_role("button", name=button).click()
            page.locator(".govuk-error-summary").wait_for()
            return
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name=button).click()
        assert navigation.value.status == 400

    return act


def post_without_htmx(form: str):
    """form.submit() fires no submit event, so htmx leaves it alone: the post made without JS."""

    def act(page):
        with page.expect_navigation() as navigation:
            page.locator(form).evaluate("form => form.submit()")
        assert navigation.value.status == 400

    return act


def filter_in_place(page) -> None:
    page.get_by_label("Status").select_option(label="In progress")
    page.wait_for_url("**/recommendations/?*status=in_progress*")
    page.locator("#results").wait_for()


SHARED_VISITS = [
    Visit("home", lambda t: "/"),
    Visit("inspection", lambda t: f"/inspections/{t.inspection.pk}/"),
    Visit("status over time", lambda t: f"/inspections/{t.inspection.pk}/status/"),
    Visit(
        "status over time, with a bad date",
        lambda t: f"/inspections/{t.inspection.pk}/status/?as_at=nonsense",
        status=400,
    ),
    Visit("recommendations", lambda t: "/recommendations/"),
    Visit(
        "recommendations, filtered in place", lambda t: "/recommendations/", then=filter_in_place
    ),
    Visit("recommendations, filtered", lambda t: "/recommendations/?status=in_progress&rag=amber"),
    Visit(
        "recommendations, with a bad filter",
        lambda t: "/recommendations/?standard=nonsense",
        status=400,
    ),
    Visit("recommendation in progress", lambda t: f"/recommendations/{t.in_progress.pk}/"),
    Visit("recommendation awaiting verification", lambda t: f"/recommendations/{t.complete.pk}/"),
    Visit(
        "recommendations, filtered to nothing",
        lambda t: "/recommendations/?status=verified&rag=red",
    ),
    Visit("actions", lambda t: "/actions/"),
    Visit("actions, filtered to nothing", lambda t: "/actions/?status=complete"),
    Visit("activity", lambda t: "/activity/"),
    Visit(
        "activity, with a bad date",
        lambda t: "/activity/?since-day=31&since-month=2&since-year=2025",
        status=400,
    ),
    Visit(
        "the previous inspection", lambda t: f"/inspections/{t.inspection.previous_inspection.pk}/"
    ),
    Visit("your account", lambda t: "/account/"),
]
MANAGER_VISITS = [
    *SHARED_VISITS,
    Visit(
        "recommendation, update with errors swapped in",
        lambda t: f"/recommendations/{t.in_progress.pk}/",
        then=leave_empty_and_press("Save update", swapped=True),
    ),
    Visit(
        "recommendation, update with errors on a new page",
        lambda t: f"/recommendations/{t.in_progress.pk}/",
        then=post_without_htmx("#log-update form"),
    ),
    Visit("action due date", lambda t: f"/actions/{t.action.pk}/due-date/"),
    Visit(
        "action due date, with errors on a new page",
        lambda t: f"/actions/{t.action.pk}/due-date/",
        then=post_without_htmx(".govuk-summary-card form[action$='/due-date/']"),
    ),
    Visit("upload an edited plan", lambda t: f"/inspections/{t.inspection.pk}/action-plan/upload/"),
    Visit("the plan", lambda t: f"/recommendations/{t.in_progress.pk}/plan/"),
    Visit(
        "the plan, with errors swapped in",
        lambda t: f"/recommendations/{t.in_progress.pk}/plan/",
        then=leave_empty_and_press("Save the plan", swapped=True),
    ),
    Visit(
        "the plan, with errors on a new page",
        lambda t: f"/recommendations/{t.in_progress.pk}/plan/",
        then=post_without_htmx("#plan form"),
    ),
    Visit(
        "action due date, with errors",
        lambda t: f"/actions/{t.action.pk}/due-date/",
        then=leave_empty_and_press("Move the due date", swapped=True),
    ),
    Visit("new measurement", lambda t: f"/indicators/{t.indicator.pk}/measurements/new"),
    Visit(
        "new measurement, with errors",
        lambda t: f"/indicators/{t.indicator.pk}/measurements/new",
        then=leave_empty_and_press("Save measurement"),
    ),
]
LEAD_VISITS = [
    *SHARED_VISITS,
    Visit(
        "recommendation, verification with errors swapped in",
        lambda t: f"/recommendations/{t.complete.pk}/",
        then=leave_empty_and_press("Save decision", swapped=True),
    ),
    Visit("region", lambda t: f"/regions/{t.region.pk}/"),
    Visit("region status over time", lambda t: f"/regions/{t.region.pk}/status/"),
]
VISITS = {"manager": MANAGER_VISITS, "lead": LEAD_VISITS}


def walk(page, visits: list[Visit], tracked: Tracked, look: Callable) -> list[str]:
    """Visit each page; `look(page)` lists what is wrong with it. Returns every page's findings."""
    findings = []
    for visit in visits:
        path = visit.path(tracked)
        response = page.goto(path)
        if response.status != visit.status:
            findings.append(f"{visit.name} ({path}) answered {response.status}")
            continue
        if visit.then:
            visit.then(page)
        found = look(page)
        if found:
            findings.append(f"{visit.name} ({page.url}):")
            findings.extend(f"  {line}" for line in found)
    return findings
