"""The parser reads the template however the conversion from PDF dressed it."""

import re

import pytest

from imports.importer import report_json
from inspections.report_parser import ReportError, clean, decode, parse_report
from inspections.tests.fixtures.reports.expected import KIRKLEES
from tests import factory

TEXT = factory.KIRKLEES_REPORT.read_text()


def read(text: str) -> dict:
    return report_json(parse_report(text))


def test_figures_without_bold_read_the_same():
    assert read(re.sub(r"</?b>", "", TEXT)) == KIRKLEES


def test_figures_in_markdown_bold_read_the_same():
    assert read(re.sub(r"</?b>", "**", TEXT)) == KIRKLEES


def test_windows_line_endings_and_a_byte_order_mark_read_the_same():
    data = ("\ufeff" + TEXT.replace("\n", "\r\n")).encode()

    assert read(decode(data)) == KIRKLEES


def test_a_score_without_a_leading_zero_or_bold_reads_the_same():
    assert read(TEXT.replace("**03/21**", "3/21")) == KIRKLEES


def test_a_gap_in_the_recommendation_numbers_is_refused():
    text = TEXT.replace("\n4. undertake sufficient liaison", "\n5. undertake sufficient liaison")

    with pytest.raises(ReportError, match="recommendation 5 is out of sequence"):
        parse_report(text)


def test_a_rating_that_is_not_a_rating_is_refused():
    text = TEXT.replace("P 1.2 Staffing\n\nRequires improvement", "P 1.2 Staffing\n\nFair")

    with pytest.raises(ReportError, match=r"P 1\.2 Staffing"):
        parse_report(text)


def test_a_panel_and_a_section_that_disagree_are_refused():
    text = TEXT.replace(
        "all people on probation.\n\nRequires improvement\n\nLeaders were aware",
        "all people on probation.\n\nGood\n\nLeaders were aware",
    )

    with pytest.raises(ReportError, match="rated Requires improvement in the ratings panel"):
        parse_report(text)


def test_a_report_without_a_title_names_what_is_missing():
    text = TEXT.replace("**Kirklees PDU**", "").replace("An inspection of probation", "A")

    with pytest.raises(ReportError, match="No PDU name"):
        parse_report(text)


def test_a_score_above_its_maximum_is_refused():
    with pytest.raises(ReportError, match="22/21 is not a valid score"):
        parse_report(TEXT.replace("**03/21**", "**22/21**"))


def test_a_previous_recommendation_with_an_unknown_categorisation_is_refused():
    text = TEXT.replace("\tSome progress\tYes\n", "\tGreat progress\tYes\n", 1)

    with pytest.raises(ReportError, match="'Great progress' is not one of"):
        parse_report(text)


def test_plain_prose_is_not_a_report():
    with pytest.raises(ReportError) as raised:
        parse_report("Dear colleague,\n\nPlease find attached.\n")

    assert len(raised.value.problems) >= 3


def test_clean_removes_markup_and_footnotes_and_collapses_space():
    assert clean("<b>Our rating</b><sup>4</sup>  for **assessment**\t[is](x)") == (
        "Our rating for assessment is"
    )


def test_ratings_on_the_same_line_as_their_standards_read_the_same():
    text = re.sub(
        r"\n(P \d\.\d [A-Za-z ]+)\n\n(Requires improvement|Inadequate)\n", r"\n\1\t\2\n", TEXT
    )
    text = text.replace("Score\n\n**03/21**", "Score: **03/21**")
    text = text.replace("### Overall rating\n\n**Inadequate**", "Overall rating: Inadequate")

    assert "P 1.1 Leadership\tRequires improvement" in text
    assert read(text) == KIRKLEES


def test_a_second_list_for_the_region_continues_the_numbering():
    text = TEXT.replace(
        "appropriate services and interventions.\n",
        "appropriate services and interventions.\n\n"
        "### **The Probation Service Yorkshire and the Humber region should:**\n\n"
        "9. ensure that accredited programmes are delivered in Kirklees\n",
    )

    recommendations = parse_report(text).recommendations

    assert [r.number for r in recommendations] == list(range(1, 10))
    assert recommendations[-1].text == "ensure that accredited programmes are delivered in Kirklees"


def test_a_second_list_starting_again_at_1_is_numbered_on_in_reading_order():
    text = TEXT.replace(
        "appropriate services and interventions.\n",
        "appropriate services and interventions.\n\n"
        "The Probation Service Yorkshire and the Humber region should:\n\n"
        "1. review staffing across the region\n"
        "2. support middle managers' development\n",
    )

    recommendations = parse_report(text).recommendations

    assert [r.number for r in recommendations] == list(range(1, 11))
    assert recommendations[9].text == "support middle managers' development"


def test_a_text_that_ends_on_its_title_pages_first_words_is_refused_not_a_crash():
    with pytest.raises(ReportError, match="No PDU name"):
        parse_report("An inspection of probation services in")
