"""The status chart's two renderings: every label inside the canvas and clear of the others,
fewer and larger labels on the narrow one, and the same figures in both."""

import datetime
import itertools
import xml.etree.ElementTree as ET

import pytest

from reporting.charts import NARROW, WIDE, date_labels, status_chart, status_chart_svg, text_width
from reporting.status_over_time import RAGS, STATUSES, Week

SVG = "{http://www.w3.org/2000/svg}"


def weeks(count: int, total: int = 8) -> list[Week]:
    last = datetime.date(2026, 11, 29)
    days = [last - datetime.timedelta(days=7 * n) for n in range(count)][::-1]
    return [
        Week(
            day,
            {s: (total if s == STATUSES[index % 4] else 0) for s in STATUSES},
            dict.fromkeys(RAGS, 0),
            is_as_at=day == last,
        )
        for index, day in enumerate(days)
    ]


def label_boxes(svg: str) -> tuple[float, float, list[tuple[float, float, float, float]]]:
    """The canvas's size and each text line's estimated box (left, top, right, bottom)."""
    root = ET.fromstring(svg)
    _, _, width, height = map(float, root.get("viewBox").split())
    boxes = []
    for text in root.iter(f"{SVG}text"):
        size = float(text.get("font-size"))
        x, y = float(text.get("x")), float(text.get("y"))
        lines = [(text.text or "", x, y)]
        for span in text.iter(f"{SVG}tspan"):
            lines.append((span.text, float(span.get("x")), y + float(span.get("dy"))))
        for words, lx, ly in lines:
            w = text_width(words, size)
            anchor = text.get("text-anchor", "start")
            left = {"start": lx, "middle": lx - w / 2, "end": lx - w}[anchor]
            # Arial rises 0.9 em above the baseline and falls 0.21 em below it.
            boxes.append((left, ly - size * 0.92, left + w, ly + size * 0.22))
    return width, height, boxes


@pytest.mark.parametrize("layout", [WIDE, NARROW], ids=lambda layout: layout.name)
@pytest.mark.parametrize("count", [1, 2, 13, 27, 110, 520])
@pytest.mark.parametrize("total", [1, 8, 180, 1500])
def test_no_label_is_clipped_by_the_canvas(layout, count, total):
    svg = status_chart_svg(weeks(count, total), title="T", chart_id="c", layout=layout)
    width, height, boxes = label_boxes(svg)
    for left, top, right, bottom in boxes:
        assert left >= 0 and right <= width, (left, right, width)
        assert top >= 0 and bottom <= height, (top, bottom, height)


@pytest.mark.parametrize("layout", [WIDE, NARROW], ids=lambda layout: layout.name)
@pytest.mark.parametrize("count", [2, 13, 27, 110, 520])
def test_no_two_labels_overlap(layout, count):
    _, _, boxes = label_boxes(
        status_chart_svg(weeks(count), title="T", chart_id="c", layout=layout)
    )
    for index, a in enumerate(boxes):
        for b in boxes[index + 1 :]:
            apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
            assert apart, (a, b)


def date_label_count(svg: str) -> int:
    return svg.count('text-anchor="middle"')


def test_the_narrow_chart_has_fewer_date_labels_in_larger_text():
    data = weeks(110)
    wide = status_chart_svg(data, title="T", chart_id="c", layout=WIDE)
    narrow = status_chart_svg(data, title="T", chart_id="c", layout=NARROW)
    assert 2 <= date_label_count(narrow) < date_label_count(wide) <= 10
    assert NARROW.font_size > WIDE.font_size
    # Drawn across a 290 px phone column, the narrow chart's text is still about 16 px high.
    assert NARROW.font_size * 290 / NARROW.width >= 16


def test_the_as_at_week_always_has_its_date_label():
    for count in (1, 2, 13, 14, 110):
        svg = status_chart_svg(weeks(count), title="T", chart_id="c", layout=NARROW)
        assert ">29 Nov<tspan" in svg, count


def test_date_labels_keep_clear_of_each_other_when_moved_in_from_the_edge():
    centres = [10.0 + 3 * n for n in range(100)]
    placed = date_labels(centres, label_width=40, width=310)
    positions = sorted(placed.values())
    assert max(placed) == 99
    assert all(b - a >= 48 for a, b in itertools.pairwise(positions))
    assert positions[0] >= 22 and positions[-1] <= 288


def test_both_renderings_carry_their_own_ids_and_the_same_bars():
    html = status_chart(weeks(13), title="Kirklees", chart_id="status-chart")
    assert html.count("<svg ") == 2
    assert 'id="status-chart-wide-title"' in html and 'id="status-chart-narrow-title"' in html
    wide, narrow = html.split("</svg>")[:2]
    assert wide.count("<title>") == narrow.count("<title>") == 13
    assert 'class="app-chart app-chart--wide"' in wide
    assert 'class="app-chart app-chart--narrow"' in narrow


def test_the_value_axis_is_as_wide_as_its_widest_number():
    svg = status_chart_svg(weeks(13, total=1500), title="T", chart_id="c", layout=NARROW)
    assert ">1500</text>" in svg
    _, _, boxes = label_boxes(svg)
    assert min(box[0] for box in boxes) >= 0


def test_markup_in_the_title_is_escaped():
    svg = status_chart_svg(weeks(2), title="<script>x</script>", chart_id="c")
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
