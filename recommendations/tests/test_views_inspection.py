import datetime

from django.urls import reverse

from inspections.models import Rating, Role
from recommendations.models import RAG, Status
from recommendations.tests.data import give_every_recommendation_history, use_private_storage
from tests import factory

# Session, user, memberships, the inspection, its standards, their key questions, the
# framework's key-question bands, the recommendations, a later inspection's reviews of them
# (with the PDU's position before its fieldwork), the previous-recommendation review (with the
# recommendations it reviews and their positions); an unchanged session is not saved.
INSPECTION_QUERIES = 10


def url(inspection) -> str:
    return reverse("inspection-detail", args=[inspection.pk])


def test_the_inspection_page_shows_the_published_facts(client, manager, kirklees):
    client.force_login(manager)
    response = client.get(url(kirklees))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Yorkshire and the Humber" in content
    assert "November 2024" in content
    assert "3/21" in content
    if kirklees.lead_inspector:
        assert kirklees.lead_inspector in content


def test_the_inspection_page_groups_the_seven_standards_by_domain(client, manager, kirklees):
    client.force_login(manager)
    domains = client.get(url(kirklees)).context["domains"]
    assert [(d.number, [row.standard.code for row in d.standards]) for d in domains] == [
        (1, ["P 1.1", "P 1.2", "P 1.3"]),
        (2, ["P 2.1", "P 2.2", "P 2.3", "P 2.4"]),
    ]


def test_each_key_question_is_shown_with_its_percentage_and_band(client, manager, kirklees):
    client.force_login(manager)
    domains = client.get(url(kirklees)).context["domains"]
    assessment = domains[1].standards[0]
    assert [kq.question.percent_yes for kq in assessment.key_questions] == [43, 60, 29]
    assert [kq.band for kq in assessment.key_questions] == [
        Rating.INADEQUATE,
        Rating.REQUIRES_IMPROVEMENT,
        Rating.INADEQUATE,
    ]


def test_the_recommendations_table_shows_status_rag_and_owner(client, manager, kirklees):
    recommendation = kirklees.recommendations.get(number=1)
    factory.plan(recommendation, owner="Head of Service")
    factory.update(recommendation, manager, status=Status.IN_PROGRESS, rag=RAG.AMBER)
    client.force_login(manager)
    content = client.get(url(kirklees)).content.decode()
    assert reverse("recommendation-detail", args=[recommendation.pk]) in content
    assert "Head of Service" in content
    assert "In progress" in content
    assert "Amber" in content


def test_the_previous_recommendations_review_is_shown(client, manager, kirklees):
    client.force_login(manager)
    response = client.get(url(kirklees))
    assert len(response.context["reviews"]) == 7
    assert "Improvement still required?" in response.content.decode()


def test_the_inspection_page_has_one_h1(client, manager, kirklees):
    client.force_login(manager)
    assert client.get(url(kirklees)).content.decode().count("<h1") == 1


def test_an_inspection_of_another_pdu_is_not_found(client, other_manager, kirklees):
    client.force_login(other_manager)
    assert client.get(url(kirklees)).status_code == 404


def test_an_inspection_that_does_not_exist_is_not_found(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/inspections/999999/").status_code == 404


def test_the_inspection_page_takes_the_same_queries_whatever_the_history(
    client, db, settings, tmp_path, django_assert_num_queries
):
    use_private_storage(settings, tmp_path)
    north = factory.region("North")
    small = factory.inspection(factory.pdu("Small", in_region=north), recommendations=3)
    big = factory.inspection(
        factory.pdu("Big", in_region=north), recommendations=12, published=datetime.date(2025, 3, 1)
    )
    author = factory.user()
    give_every_recommendation_history(small, author, actions=1, updates=1)
    give_every_recommendation_history(big, author, actions=3, updates=4)
    client.force_login(factory.member(north, Role.REGIONAL_LEAD))
    client.get(url(small))
    with django_assert_num_queries(INSPECTION_QUERIES):
        client.get(url(small))
    with django_assert_num_queries(INSPECTION_QUERIES):
        response = client.get(url(big))
    assert len(response.context["recommendations"]) == 12
