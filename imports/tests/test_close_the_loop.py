"""The next inspection closes the loop: Kirklees 2023 held as 2024's previous inspection, each
reviewed row linked to its tracked recommendation, the PDU's judgement beside HMIP's."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from imports.importer import save_report
from inspections.models import Categorisation, Inspection, PreviousRecommendationReview, Rating
from inspections.report_parser import parse_report_bytes
from inspections.tests.fixtures.reports.expected import KIRKLEES
from recommendations.loop import (
    fieldwork_moment,
    judgements_beside,
    match_recommendation,
    normalised,
    with_judgement_before_fieldwork,
)
from recommendations.models import Recommendation, Status
from recommendations.rules import position_as_at
from tests import factory


@pytest.fixture
def earlier(kirklees) -> Inspection:
    return kirklees.previous_inspection


def at(year, month, day) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 10))


def review(kirklees, number) -> PreviousRecommendationReview:
    return kirklees.previous_recommendation_reviews.get(number=number)


def test_kirklees_2023_is_held_with_only_what_the_2024_report_says(earlier):
    assert f"{earlier.published:%Y-%m}" == "2023-03"
    assert earlier.overall_rating == Rating.INADEQUATE
    assert earlier.score is None
    assert earlier.framework is None
    assert earlier.fieldwork_started is None
    assert not earlier.standards.exists()
    assert not earlier.report_imported


def test_kirklees_2023_has_the_seven_reviewed_recommendations_in_the_tables_order(earlier):
    texts = list(earlier.recommendations.order_by("number").values_list("number", "text"))

    assert texts == [
        (number, row["text"])
        for number, row in enumerate(KIRKLEES["previous_recommendations"], start=1)
    ]


def test_each_2024_review_row_is_linked_to_the_2023_recommendation_it_reviews(kirklees, earlier):
    links = [
        (r.number, r.reviews_recommendation.inspection_id, r.reviews_recommendation.number)
        for r in kirklees.previous_recommendation_reviews.select_related("reviews_recommendation")
    ]

    assert links == [(n, earlier.pk, n) for n in range(1, 8)]


def test_importing_kirklees_twice_changes_nothing_the_second_time(kirklees):
    report = parse_report_bytes(factory.KIRKLEES_REPORT.read_bytes())

    result = save_report(report, source_name=factory.KIRKLEES_REPORT.name)

    assert result.unchanged
    assert Recommendation.objects.count() == 8 + 7


def test_a_link_corrected_in_the_admin_survives_a_re_import(kirklees, earlier):
    row = review(kirklees, 1)
    row.reviews_recommendation = earlier.recommendations.get(number=2)
    row.save()

    save_report(parse_report_bytes(factory.KIRKLEES_REPORT.read_bytes()))

    row.refresh_from_db()
    assert row.reviews_recommendation.number == 2


def test_work_on_a_2023_recommendation_survives_a_re_import(kirklees, earlier, manager):
    recommendation = earlier.recommendations.get(number=3)
    factory.update(recommendation, manager, Status.IN_PROGRESS, judgement=Categorisation.SOME)

    save_report(parse_report_bytes(factory.KIRKLEES_REPORT.read_bytes()))

    assert recommendation.updates.count() == 1


def test_texts_match_whatever_their_case_punctuation_and_spacing():
    assert normalised("Use data, and  performance information.") == normalised(
        "use data and performance information"
    )


def test_a_recommendation_retyped_slightly_still_matches(db):
    inspection = factory.inspection(recommendations=0)
    wanted = Recommendation.objects.create(
        inspection=inspection, number=1, text="improve the quality of risk assessment"
    )
    Recommendation.objects.create(
        inspection=inspection, number=2, text="maintain good relationships with staff"
    )

    assert match_recommendation("Improve the quality of risk assessments", [wanted]) == wanted


def test_a_text_unlike_any_recommendation_matches_none(db):
    inspection = factory.inspection(recommendations=0)
    Recommendation.objects.create(inspection=inspection, number=1, text="recruit more staff")

    assert match_recommendation("Reduce workloads", inspection.recommendations.all()) is None


def test_an_imported_previous_inspection_is_linked_by_text(db):
    previous = factory.inspection(
        factory.pdu("Kirklees", in_region=factory.region("Yorkshire and the Humber")),
        recommendations=0,
        published=datetime.date(2023, 3, 1),
    )
    rows = KIRKLEES["previous_recommendations"]
    for number, row in enumerate(reversed(rows), start=1):
        Recommendation.objects.create(inspection=previous, number=number, text=row["text"].lower())

    kirklees = factory.import_kirklees()

    first = review(kirklees, 1).reviews_recommendation
    assert (first.inspection, first.number) == (previous, 7)
    assert previous.recommendations.count() == 7


def test_the_judgement_before_fieldwork_is_the_position_as_at_its_start(kirklees, earlier, lead):
    recommendation = earlier.recommendations.get(number=2)
    factory.update(recommendation, lead, Status.IN_PROGRESS, judgement="none", at=at(2023, 9, 1))
    factory.update(recommendation, lead, Status.IN_PROGRESS, judgement="some", at=at(2024, 7, 31))
    factory.update(recommendation, lead, Status.COMPLETE, judgement="sufficient", at=at(2024, 8, 2))
    row = with_judgement_before_fieldwork(PreviousRecommendationReview.objects).get(
        pk=review(kirklees, 2).pk
    )

    judged = judgements_beside(row)

    moment = fieldwork_moment(kirklees) - datetime.timedelta(microseconds=1)
    assert judged.before == position_as_at(recommendation.updates.all(), moment)
    assert (judged.self_assessed_label, judged.categorisation_label) == (
        "Some progress",
        "Some progress",
    )
    assert judged.agrees


def test_with_no_update_before_fieldwork_the_pdu_made_no_judgement(kirklees):
    row = with_judgement_before_fieldwork(PreviousRecommendationReview.objects).get(
        pk=review(kirklees, 1).pk
    )

    judged = judgements_beside(row)

    assert judged.self_assessed_label == "Not judged"
    assert judged.agrees is None


def test_the_2023_recommendation_page_shows_the_2024_judgement(client, kirklees, earlier, manager):
    recommendation = earlier.recommendations.get(number=6)
    factory.update(recommendation, manager, judgement="some", at=at(2024, 5, 1))
    client.force_login(manager)

    response = client.get(reverse("recommendation-detail", args=[recommendation.pk]))

    section = response.content.decode().split('id="reviewed-later"')[1].split("</section>")[0]
    assert "November 2024 inspection" in section
    assert "Some progress" in section
    assert "Sufficient progress" in section
    assert "From the update of" in section


def test_a_recommendation_nobody_reviewed_later_has_no_such_section(client, kirklees, manager):
    client.force_login(manager)

    response = client.get(kirklees.recommendations.get(number=1).get_absolute_url())

    assert 'id="reviewed-later"' not in response.content.decode()


def test_the_2024_inspection_page_sets_the_judgements_side_by_side(client, kirklees, manager):
    client.force_login(manager)

    response = client.get(kirklees.get_absolute_url())

    rows = response.context["judgements"]
    assert len(rows) == 7
    assert [r.review.categorisation for r in rows][:3] == [
        Categorisation.NONE,
        Categorisation.SOME,
        Categorisation.NONE,
    ]
    assert 'id="judgements"' in response.content.decode()


def test_the_2023_inspection_page_shows_what_2024_found(client, earlier, manager):
    client.force_login(manager)

    response = client.get(earlier.get_absolute_url())

    assert response.status_code == 200
    assert len(response.context["reviewed_later"]) == 7
    assert "Reviewed at the next inspection" in response.content.decode()


def test_the_2024_page_links_to_the_2023_inspection(client, kirklees, earlier, manager):
    client.force_login(manager)

    response = client.get(kirklees.get_absolute_url())

    assert f'href="{earlier.get_absolute_url()}"' in response.content.decode()
