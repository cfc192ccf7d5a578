"""import_report and export_inspection: every Kirklees figure, other reports, bad input."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from inspections.models import Inspection, KeyQuestion, PreviousRecommendationReview, Standard
from inspections.tests.fixtures.reports.expected import BAD, EXPECTED, KIRKLEES
from recommendations.models import ProgressUpdate, Recommendation, Status
from tests import factory

REPORTS = factory.FIXTURE_REPORTS


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def dry_run(path) -> dict:
    return json.loads(run("import_report", str(path), "--dry-run"))


def table_counts() -> dict:
    models = [Inspection, Standard, KeyQuestion, Recommendation, PreviousRecommendationReview]
    return {model.__name__: model.objects.count() for model in models}


def test_the_dry_run_prints_the_kirklees_report_as_published(db):
    assert dry_run(factory.KIRKLEES_REPORT) == KIRKLEES


def test_the_dry_run_writes_nothing(db):
    dry_run(factory.KIRKLEES_REPORT)

    assert not Inspection.objects.exists()


def test_kirklees_scores_3_of_21_and_is_rated_inadequate(kirklees):
    assert (kirklees.score, kirklees.framework.max_score) == (3, 21)
    assert kirklees.get_overall_rating_display() == "Inadequate"
    assert f"{kirklees.published:%Y-%m}" == "2024-11"
    assert f"{kirklees.fieldwork_started:%Y-%m}" == "2024-08"


def test_kirklees_has_seven_standards_with_their_published_ratings_and_domains(kirklees):
    standards = [
        (s.code, s.name, s.domain, s.get_rating_display()) for s in kirklees.standards.all()
    ]

    assert standards == [
        ("P 1.1", "Leadership", 1, "Requires improvement"),
        ("P 1.2", "Staffing", 1, "Requires improvement"),
        ("P 1.3", "Services", 1, "Requires improvement"),
        ("P 2.1", "Assessment", 2, "Inadequate"),
        ("P 2.2", "Planning", 2, "Inadequate"),
        ("P 2.3", "Implementation and delivery", 2, "Inadequate"),
        ("P 2.4", "Reviewing", 2, "Inadequate"),
    ]


def test_kirklees_has_twelve_key_questions_with_their_wording_and_percentages(kirklees):
    stored = {
        s.code: [(q.text, q.percent_yes) for q in s.key_questions.all()]
        for s in kirklees.standards.all()
    }
    expected = {
        s["code"]: [(q["text"], q["percent_yes"]) for q in s["key_questions"]]
        for s in KIRKLEES["standards"]
    }

    assert stored == expected
    assert sum(len(questions) for questions in stored.values()) == 12
    assert [p for _t, p in stored["P 2.1"]] == [43, 60, 29]


def test_kirklees_has_its_eight_recommendations_word_for_word(kirklees):
    stored = [(r.number, r.text) for r in kirklees.recommendations.all()]

    assert stored == [(r["number"], r["text"]) for r in KIRKLEES["recommendations"]]
    assert stored[4][1] == (
        "ensure that child safeguarding enquiries are undertaken in all relevant cases and "
        "that the information received is sufficient to manage the case"
    )


def test_kirklees_reviews_seven_previous_recommendations(kirklees):
    stored = [
        {
            "text": p.text,
            "action_taken_and_impact": p.action_taken_and_impact,
            "categorisation": p.get_categorisation_display(),
            "improvement_still_required": p.improvement_still_required,
        }
        for p in kirklees.previous_recommendation_reviews.all()
    ]

    assert stored == KIRKLEES["previous_recommendations"]
    assert len(stored) == 7


def test_kirklees_links_its_previous_inspection_of_march_2023(kirklees):
    previous = kirklees.previous_inspection

    assert f"{previous.published:%Y-%m}" == "2023-03"
    assert previous.get_overall_rating_display() == "Inadequate"
    assert not previous.report_imported


def test_kirklees_records_its_lead_inspector_and_cases(kirklees):
    assert kirklees.lead_inspector == "Keith McInnis"
    assert kirklees.cases_inspected == 42


def test_export_inspection_prints_what_the_dry_run_printed(kirklees):
    printed = json.loads(run("export_inspection", "Kirklees", "2024"))

    assert printed == KIRKLEES


def test_export_inspection_refuses_an_unknown_pdu(db):
    with pytest.raises(CommandError, match="No inspection of Nowhere"):
        run("export_inspection", "Nowhere", "2024")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_other_reports_in_the_template_are_read_as_published(db, name):
    assert dry_run(REPORTS / name) == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_other_reports_import_and_export_the_same_json(db, name):
    run("import_report", str(REPORTS / name))
    expected = EXPECTED[name]

    exported = json.loads(run("export_inspection", expected["pdu"], expected["published"][:4]))

    assert exported == expected


def test_a_first_inspection_has_no_previous_recommendations_or_previous_inspection(db):
    inspection = factory.import_fixture("north-somerset-2025.md")

    assert inspection.previous_inspection is None
    assert not inspection.previous_recommendation_reviews.exists()
    assert inspection.recommendations.count() == 11


def test_importing_twice_changes_nothing_the_second_time(kirklees):
    history = kirklees.history.count()

    output = run("import_report", str(factory.KIRKLEES_REPORT))

    assert "already up to date" in output
    assert kirklees.history.count() == history


def test_importing_again_never_touches_progress_updates(kirklees, manager):
    recommendation = kirklees.recommendations.get(number=5)
    factory.update(recommendation, manager, Status.IN_PROGRESS, rag="amber")

    run("import_report", str(factory.KIRKLEES_REPORT))

    recommendation.refresh_from_db()
    assert recommendation.status == Status.IN_PROGRESS
    assert ProgressUpdate.objects.count() == 1


def test_a_published_disagreement_is_kept_and_reported_as_a_warning(db):
    err = StringIO()
    call_command("import_report", str(REPORTS / "published-mismatch-2025.md"), stderr=err)

    inspection = Inspection.objects.get(pdu__name="Wakefield", report_imported=True)
    assert (inspection.score, inspection.get_overall_rating_display()) == (6, "Inadequate")
    assert "falls in the Requires improvement band" in err.getvalue()
    assert "P 2.2 is published as Requires improvement" in err.getvalue()


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_is_refused_with_a_clear_message(db, name):
    with pytest.raises(CommandError) as raised:
        run("import_report", str(REPORTS / name))

    message = str(raised.value).lower()
    assert "nothing was changed" in message
    expected = "not a text report" if name == "binary.bin" else BAD[name]
    assert expected in message


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_leaves_the_database_as_it_was(kirklees, name):
    before = table_counts()

    with pytest.raises(CommandError):
        run("import_report", str(REPORTS / name))

    assert table_counts() == before


def test_a_missing_file_is_refused_with_a_clear_message(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run("import_report", str(tmp_path / "missing.md"))


def test_a_report_whose_key_question_exceeds_100_names_the_standard(db):
    with pytest.raises(CommandError, match=r"P 2\.1, key question 2: 140%"):
        run("import_report", str(REPORTS / "bad-percent-140.md"))


def test_a_truncated_report_names_the_missing_sections(db):
    with pytest.raises(CommandError) as raised:
        run("import_report", str(REPORTS / "bad-truncated.md"))

    assert "P 2.3 Implementation and delivery" in str(raised.value)
    assert "P 2.4 Reviewing" in str(raised.value)


def test_a_report_with_another_maximum_score_gets_a_framework_and_a_warning(db, tmp_path):
    text = factory.KIRKLEES_REPORT.read_text().replace("**03/21**", "**03/27**")
    path = tmp_path / "other-framework.md"
    path.write_text(text)
    err = StringIO()

    call_command("import_report", str(path), stdout=StringIO(), stderr=err)

    assert Inspection.objects.get(report_imported=True).framework.max_score == 27
    assert "No framework scored out of 27" in err.getvalue()


def test_the_dry_run_says_what_it_read_and_both_counts_of_recommendations(db):
    err = StringIO()
    call_command(
        "import_report", str(factory.KIRKLEES_REPORT), "--dry-run", stdout=StringIO(), stderr=err
    )
    assert "Read as text: 8 recommendations (8 to the PDU and 0 to the region)." in err.getvalue()


def test_the_import_summary_gives_both_counts_of_recommendations(db):
    assert "(8 to the PDU and 0 to the region)" in run(
        "import_report", str(factory.KIRKLEES_REPORT)
    )
