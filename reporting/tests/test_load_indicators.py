import copy
import json
import re
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from recommendations.models import Indicator

DATA = Path(settings.BASE_DIR) / "inspections" / "data"
INDICATORS = DATA / "kirklees-2024-indicators.json"
REPORT = DATA / "kirklees-2024.md"
WORDS = {"four": 4, "five": 5, "eight": 8, "nine": 9}


def report_text() -> str:
    """The report as words: markup stripped, whitespace collapsed."""
    text = re.sub(r"<[^>]+>", " ", REPORT.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", text)


def figures_in(sentence: str) -> list[int]:
    numbers = [int(n) for n in re.findall(r"\d+", sentence)]
    numbers += [value for word, value in WORDS.items() if re.search(rf"\b{word}\b", sentence)]
    return numbers


def indicator_file() -> dict:
    return json.loads(INDICATORS.read_text(encoding="utf-8"))


def load(path: Path) -> str:
    out = StringIO()
    call_command("load_indicators", str(path), stdout=out)
    return out.getvalue()


def write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "indicators.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def snapshot() -> list:
    return [
        (i.name, i.baseline_value, i.source, sorted(r.number for r in i.recommendations.all()))
        for i in Indicator.objects.prefetch_related("recommendations").order_by("pk")
    ]


@pytest.mark.parametrize("item", indicator_file()["indicators"], ids=lambda item: item["name"])
def test_each_source_sentence_is_quoted_verbatim_from_the_report(item):
    for sentence in item["source"]:
        assert re.sub(r"\s+", " ", sentence) in report_text()


@pytest.mark.parametrize("item", indicator_file()["indicators"], ids=lambda item: item["name"])
def test_each_baseline_figure_is_in_its_source_sentence(item):
    figures = figures_in(" ".join(item["source"]))
    baseline = item["baseline"]
    for key in ("cases", "total", "value"):
        if key in baseline:
            assert baseline[key] in figures
    if "target" in item:
        assert item["target"]["value"] in figures


def test_the_file_holds_the_baselines_the_report_gives(kirklees):
    load(INDICATORS)
    got = {
        i.name: (
            i.unit,
            i.better,
            i.baseline_value,
            i.baseline_cases,
            i.baseline_total,
            i.target_value,
            sorted(r.number for r in i.recommendations.all()),
        )
        for i in Indicator.objects.prefetch_related("recommendations")
    }
    assert got == {
        "Probation officer vacancy rate": ("percent", "lower", 25, None, None, None, [1]),
        "Probation officer workload (WMT)": ("wmt", "lower", 134, None, None, 120, [1, 3]),
        "Probation services officer workload (WMT)": ("wmt", "lower", 112, None, None, None, [1]),
        "Child safeguarding information sufficient": (
            "cases",
            "higher",
            Decimal("57.5"),
            23,
            40,
            None,
            [5, 6],
        ),
        "Risk of harm identified and analysed": (
            "cases",
            "higher",
            Decimal("41.5"),
            17,
            41,
            None,
            [6],
        ),
        "Other agencies involved in managing risk of harm": (
            "cases",
            "higher",
            Decimal("13.8"),
            4,
            29,
            None,
            [4],
        ),
        "CRS referral offered where needed": (
            "cases",
            "higher",
            Decimal("42.9"),
            15,
            35,
            None,
            [2],
        ),
        "Protected characteristics taken into account in planning": (
            "cases",
            "higher",
            Decimal("33.3"),
            11,
            33,
            None,
            [8],
        ),
        "Assessment focuses sufficiently on keeping other people safe": (
            "percent",
            "higher",
            29,
            None,
            None,
            None,
            [5, 6],
        ),
    }


def test_the_key_question_indicator_is_linked_to_its_key_question(kirklees):
    load(INDICATORS)
    indicator = Indicator.objects.get(key_question__isnull=False)
    assert indicator.key_question.standard.code == "P 2.1"
    assert indicator.key_question.text == (
        "Does assessment focus sufficiently on keeping other people safe?"
    )
    assert indicator.key_question.percent_yes == indicator.baseline_value == 29


def test_the_workload_target_is_the_end_of_2024(kirklees):
    load(INDICATORS)
    indicator = Indicator.objects.get(name="Probation officer workload (WMT)")
    assert str(indicator.target_date) == "2024-12-31"
    assert str(indicator.baseline_date) == "2024-08-12"


def test_loading_twice_changes_nothing_the_second_time(kirklees):
    load(INDICATORS)
    before = snapshot()
    output = load(INDICATORS)
    assert snapshot() == before
    assert "0 created, 0 changed, 9 unchanged" in output


def test_loading_again_puts_back_an_edited_baseline(kirklees):
    load(INDICATORS)
    Indicator.objects.filter(name="Probation officer vacancy rate").update(baseline_value=30)
    output = load(INDICATORS)
    assert "1 changed" in output
    assert Indicator.objects.get(name="Probation officer vacancy rate").baseline_value == 25


def test_it_refuses_a_file_naming_an_inspection_not_found(kirklees, tmp_path):
    data = indicator_file()
    data["published"] = "2021-06"
    data_path = write(tmp_path, data)
    with pytest.raises(CommandError, match="No inspection of Kirklees published in June 2021"):
        load(data_path)
    assert not Indicator.objects.exists()


def test_it_refuses_a_file_naming_a_recommendation_not_found_and_writes_nothing(kirklees, tmp_path):
    load(INDICATORS)
    before = snapshot()
    data = indicator_file()
    data["indicators"][0]["baseline"]["value"] = 26
    data["indicators"][-1]["recommendations"] = [5, 9]
    with pytest.raises(CommandError, match="has no recommendation 9"):
        load(write(tmp_path, data))
    assert snapshot() == before


def test_it_refuses_a_key_question_whose_wording_differs(kirklees, tmp_path):
    data = indicator_file()
    data["indicators"][-1]["key_question"]["text"] = "Does assessment keep people safe?"
    with pytest.raises(CommandError, match="reads 'Does assessment focus sufficiently"):
        load(write(tmp_path, data))
    assert not Indicator.objects.exists()


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["indicators"][0].update(unit="furlongs"), "unit must be one of"),
        (lambda d: d["indicators"][0].update(better="sideways"), "better must be one of"),
        (lambda d: d["indicators"][3]["baseline"].update(cases=41), "n no more than N"),
        (lambda d: d["indicators"][0]["baseline"].update(date="12/08/2024"), "is not a date"),
        (lambda d: d["indicators"][0]["baseline"].update(value="lots"), "is not a number"),
        (lambda d: d["indicators"].append(dict(d["indicators"][0])), "listed more than once"),
        (lambda d: d.pop("pdu"), "must name its PDU"),
        (lambda d: d.update(indicators=[]), "must list its indicators"),
    ],
)
def test_it_refuses_bad_input_with_a_message_and_nothing_changed(
    kirklees, tmp_path, change, message
):
    data = copy.deepcopy(indicator_file())
    change(data)
    with pytest.raises(CommandError, match=message):
        load(write(tmp_path, data))
    assert not Indicator.objects.exists()


def test_it_refuses_a_file_that_is_not_json(kirklees, tmp_path):
    path = tmp_path / "indicators.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="is not a JSON file"):
        load(path)


def test_a_first_load_reports_every_indicator_created(kirklees):
    assert "9 created, 0 changed, 0 unchanged" in load(INDICATORS)
