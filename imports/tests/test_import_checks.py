"""A re-import never changes in silence what others depend on: differences, checks, flags."""

import datetime
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from imports.differences import (
    ALLOW_DROPPING_KEY_QUESTIONS,
    ALLOW_REGION_MOVE,
    ALLOW_TEXT_CHANGES,
    compare_report,
)
from imports.importer import ImportRefused, save_report
from inspections.models import PDU, Inspection, KeyQuestion, Standard
from inspections.report_parser import parse_report_bytes
from recommendations.models import Indicator, Recommendation, Status
from tests import factory

KIRKLEES_TEXT = factory.KIRKLEES_REPORT.read_text(encoding="utf-8")
REGION_LINE = "The Probation Service – Yorkshire and the Humber Region"
FIRST_RECOMMENDATION = "ensure that it has sufficient staffing resources"
SAFETY_QUESTION = "Does assessment focus sufficiently on keeping other people safe?\t<b>29%</b>"


def variant(tmp_path, old: str, new: str) -> str:
    assert old in KIRKLEES_TEXT
    path = tmp_path / "kirklees-variant.md"
    path.write_text(KIRKLEES_TEXT.replace(old, new), encoding="utf-8")
    return str(path)


def moved(tmp_path) -> str:
    return variant(tmp_path, REGION_LINE, "The Probation Service – North West Region")


def reworded(tmp_path) -> str:
    return variant(tmp_path, FIRST_RECOMMENDATION, "make sure that it has enough staff")


def without_safety_question(tmp_path) -> str:
    return variant(tmp_path, SAFETY_QUESTION + "\n", "")


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def snapshot() -> dict:
    return {
        "regions": list(PDU.objects.values_list("name", "region__name")),
        "texts": list(Recommendation.objects.order_by("pk").values_list("text", flat=True)),
        "questions": list(KeyQuestion.objects.order_by("pk").values_list("pk", "text")),
        "history": Inspection.history.count(),
    }


@pytest.fixture
def safety_indicator(kirklees):
    question = KeyQuestion.objects.get(
        standard__inspection=kirklees,
        text="Does assessment focus sufficiently on keeping other people safe?",
    )
    return Indicator.objects.create(
        inspection=kirklees,
        key_question=question,
        name="Assessment keeps other people safe",
        source="Key question, P 2.1",
        unit="percent",
        better="higher",
        baseline_value=29,
        baseline_date=datetime.date(2024, 8, 1),
    )


@pytest.fixture
def worked_on(kirklees, manager):
    recommendation = kirklees.recommendations.get(number=1)
    factory.update(recommendation, manager, Status.IN_PROGRESS)
    return recommendation


def test_the_same_report_again_shows_no_differences(kirklees):
    comparison = compare_report(parse_report_bytes(factory.KIRKLEES_REPORT.read_bytes()))

    assert not comparison.new_inspection
    assert comparison.differences == []
    assert comparison.warnings == []


def test_a_new_inspection_is_said_to_be_new(db):
    comparison = compare_report(parse_report_bytes(factory.KIRKLEES_REPORT.read_bytes()))

    assert comparison.new_inspection


def test_the_dry_run_prints_the_json_on_stdout_and_the_differences_on_stderr(kirklees, tmp_path):
    out, err = run("import_report", reworded(tmp_path), "--dry-run")

    assert json.loads(out)["recommendations"][0]["text"].startswith("make sure that it has")
    assert "Recommendation 1: text changes from 'ensure that it has" in err


def test_the_dry_run_of_an_unchanged_report_says_so(kirklees):
    _out, err = run("import_report", str(factory.KIRKLEES_REPORT), "--dry-run")

    assert "No differences from what is stored." in err


def test_the_dry_run_warns_of_what_would_be_refused_and_writes_nothing(kirklees, tmp_path):
    before = snapshot()

    _out, err = run("import_report", moved(tmp_path), "--dry-run")

    assert "would be refused without --allow-region-move" in err
    assert "PDU: region changes from 'Yorkshire and the Humber' to 'North West'" in err
    assert snapshot() == before


def test_a_pdu_moving_region_is_refused_without_the_flag(kirklees, tmp_path):
    before = snapshot()

    with pytest.raises(CommandError) as refusal:
        run("import_report", moved(tmp_path))

    message = str(refusal.value)
    assert "nothing was changed" in message
    assert "would move from Yorkshire and the Humber to North West" in message
    assert "--allow-region-move" in message
    assert snapshot() == before


def test_a_pdu_moves_region_with_the_flag(kirklees, tmp_path):
    run("import_report", moved(tmp_path), "--allow-region-move")

    assert PDU.objects.get(name="Kirklees").region.name == "North West"


def test_a_text_with_history_is_not_rewritten_without_the_flag(worked_on, tmp_path):
    before = snapshot()

    with pytest.raises(CommandError) as refusal:
        run("import_report", reworded(tmp_path))

    assert "Recommendation 1: its text would change, and the PDU has recorded work" in str(
        refusal.value
    )
    assert "--allow-text-changes" in str(refusal.value)
    assert snapshot() == before


def test_a_text_with_history_is_rewritten_with_the_flag(worked_on, tmp_path):
    run("import_report", reworded(tmp_path), "--allow-text-changes")

    worked_on.refresh_from_db()
    assert worked_on.text.startswith("make sure that it has enough staff")
    assert worked_on.updates.count() == 1


def test_a_text_without_history_is_rewritten_without_asking(kirklees, tmp_path):
    run("import_report", reworded(tmp_path))

    assert kirklees.recommendations.get(number=1).text.startswith("make sure")


def test_a_key_question_text_an_indicator_uses_is_not_rewritten_without_the_flag(
    safety_indicator, tmp_path
):
    path = variant(tmp_path, "keeping other people safe?\t<b>29%", "protecting others?\t<b>29%")

    with pytest.raises(CommandError) as refusal:
        run("import_report", path)

    assert "key question 3: its text would change, and an indicator uses it" in str(refusal.value)


def test_a_dropped_key_question_an_indicator_uses_is_refused_not_a_traceback(
    safety_indicator, tmp_path
):
    before = snapshot()

    with pytest.raises(CommandError) as refusal:
        run("import_report", without_safety_question(tmp_path))

    message = str(refusal.value)
    assert "Standard P 2.1, key question 3" in message
    assert "an indicator uses it" in message
    assert "--allow-dropping-key-questions" in message
    assert snapshot() == before


def test_a_dropped_key_question_goes_with_the_flag_and_the_indicator_stays(
    safety_indicator, tmp_path
):
    run("import_report", without_safety_question(tmp_path), "--allow-dropping-key-questions")

    safety_indicator.refresh_from_db()
    assert safety_indicator.key_question is None
    assert not KeyQuestion.objects.filter(
        text__startswith="Does assessment focus sufficiently on keeping"
    ).exists()
    assert KeyQuestion.objects.filter(standard__code="P 2.1").count() == 2


def test_a_refusal_names_every_flag_it_needs(worked_on, safety_indicator, tmp_path):
    text = KIRKLEES_TEXT.replace(REGION_LINE, "The Probation Service – North West Region")
    text = text.replace(FIRST_RECOMMENDATION, "make sure that it has enough staff")
    path = tmp_path / "everything.md"
    path.write_text(text.replace(SAFETY_QUESTION + "\n", ""), encoding="utf-8")

    with pytest.raises(CommandError) as refusal:
        run("import_report", str(path))

    assert str(refusal.value).endswith(
        "run it again with --allow-region-move --allow-text-changes --allow-dropping-key-questions."
    )


def test_save_report_refuses_with_what_it_held_back(worked_on, tmp_path):
    report = parse_report_bytes(Path(reworded(tmp_path)).read_bytes())

    with pytest.raises(ImportRefused) as refusal:
        save_report(report)

    assert list(refusal.value.held_back) == [ALLOW_TEXT_CHANGES]


def test_the_comparison_lists_each_kind_of_held_back_change(worked_on, safety_indicator, tmp_path):
    text = KIRKLEES_TEXT.replace(REGION_LINE, "The Probation Service – North West Region")
    text = text.replace(FIRST_RECOMMENDATION, "make sure that it has enough staff")
    report = parse_report_bytes(text.replace(SAFETY_QUESTION + "\n", "").encode())

    held_back = compare_report(report).held_back()

    assert list(held_back) == [ALLOW_REGION_MOVE, ALLOW_TEXT_CHANGES, ALLOW_DROPPING_KEY_QUESTIONS]


def test_a_changed_rating_is_a_difference_but_not_held_back(kirklees, tmp_path):
    report = parse_report_bytes(factory.KIRKLEES_REPORT.read_bytes())
    report.standards[0].rating = "Good"

    comparison = compare_report(report)

    assert [str(d) for d in comparison.differences] == [
        "Standard P 1.1: rating changes from 'requires_improvement' to 'good'"
    ]
    assert comparison.held_back() == {}


def test_a_dropped_standard_is_a_difference(kirklees):
    report = parse_report_bytes(factory.KIRKLEES_REPORT.read_bytes())
    report.standards = [s for s in report.standards if s.code != "P 1.3"]

    differences = [str(d) for d in compare_report(report).differences]

    assert "Standard P 1.3: removed (was Services)" in differences
    assert Standard.objects.filter(code="P 1.3").exists()
