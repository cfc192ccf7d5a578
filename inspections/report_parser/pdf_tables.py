"""A PDF page's tables, found from the lines and boxes drawn on it (its ruling lines).

The drawn paths are read through PDFium as straight segments. Horizontal and vertical
segments are snapped together and joined into ruling lines; where they cross are the
corners of cells; a cell is the smallest box whose four sides are drawn. Cells that share a
corner make one table (a box drawn alone, around a single cell, is not a table).

Coordinates are from the page's top (as a reader sees it): y grows downwards.
"""

import ctypes
from bisect import bisect_right
from dataclasses import dataclass, field

# Drawn lines this close (points) are one line; a gap this small does not break it.
SNAP = 3.0
# A ruling line is at least this long; anything shorter is a dot or a rectangle's side.
MIN_LENGTH = 3.0
# Beyond these a page is a drawing (a chart, a map), not a report's table: its text is still
# read as lines, only its drawn lines are not taken for tables. They bound the work.
MAX_SEGMENTS_PER_DOCUMENT = 200_000
MAX_OBJECTS_PER_DOCUMENT = 500_000
MAX_CROSSINGS_PER_PAGE = 5_000
MAX_FORM_DEPTH = 4


@dataclass
class Table:
    cells: list[tuple[float, float, float, float]]  # (x0, top, x1, bottom)
    bbox: tuple[float, float, float, float] = (0, 0, 0, 0)
    _xs: list[float] = field(default_factory=list)
    _ys: list[float] = field(default_factory=list)
    _owner: dict = field(default_factory=dict)

    def __post_init__(self):
        self.bbox = (
            min(c[0] for c in self.cells),
            min(c[1] for c in self.cells),
            max(c[2] for c in self.cells),
            max(c[3] for c in self.cells),
        )
        self._xs = sorted({v for c in self.cells for v in (c[0], c[2])})
        self._ys = sorted({v for c in self.cells for v in (c[1], c[3])})
        for number, (x0, top, x1, bottom) in enumerate(self.cells):
            for i in range(self._xs.index(x0), self._xs.index(x1)):
                for k in range(self._ys.index(top), self._ys.index(bottom)):
                    self._owner[i, k] = number

    def contains(self, x: float, y: float) -> bool:
        x0, top, x1, bottom = self.bbox
        return x0 <= x <= x1 and top <= y <= bottom

    def cell_at(self, x: float, y: float) -> int | None:
        """The number of the cell the point is in, or None."""
        i = bisect_right(self._xs, x) - 1
        k = bisect_right(self._ys, y) - 1
        return self._owner.get((i, k))

    def rows(self) -> list[tuple[float, float, list[int | None]]]:
        """(top, bottom, the cell in each column or None), row by row: cells grouped by their
        top, columns by their left side."""
        columns = sorted({c[0] for c in self.cells})
        tops = sorted({c[1] for c in self.cells})
        rows = []
        for top in tops:
            numbers = [n for n, c in enumerate(self.cells) if c[1] == top]
            by_column = {self.cells[n][0]: n for n in numbers}
            bottom = max(self.cells[n][3] for n in numbers)
            rows.append((top, bottom, [by_column.get(x) for x in columns]))
        return rows


class Budget:
    """How many drawn segments and page objects are still to be read in this document."""

    def __init__(self):
        self.segments = MAX_SEGMENTS_PER_DOCUMENT
        self.objects = MAX_OBJECTS_PER_DOCUMENT


def _matrix(obj, pdfium_c) -> tuple[float, ...]:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner, outer) -> tuple[float, ...]:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _path_segments(obj, matrix, height, pdfium_c, out) -> None:
    """Append the path's straight segments ((x0, y0), (x1, y1)), top-down, to `out`."""
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    start = current = None
    for index in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, index)
        if not segment or not pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
            continue
        point = (a * x.value + c * y.value + e, height - (b * x.value + d * y.value + f))
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_LINETO and current is not None:
            out.append((current, point))
        elif kind != pdfium_c.FPDF_SEGMENT_LINETO:
            start = point if kind == pdfium_c.FPDF_SEGMENT_MOVETO else start
        current = point
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
            out.append((current, start))
            current = start


def _segments(page, height: float, budget: Budget) -> list:
    import pypdfium2.raw as pdfium_c

    out: list = []
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    stack = [(page.raw, None, identity, 0)]
    while stack:
        holder, form, outer, depth = stack.pop()
        count = (
            pdfium_c.FPDFPage_CountObjects(holder)
            if form is None
            else pdfium_c.FPDFFormObj_CountObjects(form)
        )
        for index in range(max(count, 0)):
            obj = (
                pdfium_c.FPDFPage_GetObject(holder, index)
                if form is None
                else pdfium_c.FPDFFormObj_GetObject(form, index)
            )
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                budget.segments -= max(pdfium_c.FPDFPath_CountSegments(obj), 0)
                if budget.segments < 0:
                    return []
                _path_segments(obj, _compose(_matrix(obj, pdfium_c), outer), height, pdfium_c, out)
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
                matrix = _compose(_matrix(obj, pdfium_c), outer)
                stack.append((None, obj, matrix, depth + 1))
            budget.objects -= 1
            if budget.objects < 0:
                return []
    return out


def _snapped(values: list[float]) -> dict[float, float]:
    """Each value to the mean of its cluster (values no more than SNAP from the next)."""
    mapping: dict[float, float] = {}
    cluster: list[float] = []
    for value in [*sorted(set(values)), float("inf")]:
        if cluster and value - cluster[-1] > SNAP:
            mean = sum(cluster) / len(cluster)
            mapping.update((member, mean) for member in cluster)
            cluster = []
        cluster.append(value)
    return mapping


def _joined(edges: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """(position, start, end) edges on the same line joined where they touch or overlap."""
    out: list[tuple[float, float, float]] = []
    for position, start, end in sorted(edges):
        if out and out[-1][0] == position and start <= out[-1][2] + SNAP:
            out[-1] = (position, out[-1][1], max(end, out[-1][2]))
        else:
            out.append((position, start, end))
    return [edge for edge in out if edge[2] - edge[1] >= MIN_LENGTH]


def _rulings(segments) -> tuple[list, list]:
    """Horizontal (y, x0, x1) and vertical (x, top, bottom) ruling lines."""
    flat, upright = [], []
    for (x0, y0), (x1, y1) in segments:
        if abs(y1 - y0) <= 0.5 and abs(x1 - x0) > 0.5:
            flat.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
        elif abs(x1 - x0) <= 0.5 and abs(y1 - y0) > 0.5:
            upright.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))
    ys = _snapped([edge[0] for edge in flat])
    xs = _snapped([edge[0] for edge in upright])
    return (
        _joined([(ys[y], x0, x1) for y, x0, x1 in flat]),
        _joined([(xs[x], top, bottom) for x, top, bottom in upright]),
    )


def _cells(flat: list, upright: list) -> list[tuple[float, float, float, float]]:
    if len(flat) * len(upright) > MAX_CROSSINGS_PER_PAGE:
        return []
    # Where a vertical and a horizontal line cross: the point and the two lines' numbers.
    across: dict[tuple[float, float], tuple[int, int]] = {}
    for v, (x, top, bottom) in enumerate(upright):
        for h, (y, x0, x1) in enumerate(flat):
            if x0 - SNAP <= x <= x1 + SNAP and top - SNAP <= y <= bottom + SNAP:
                across[x, y] = (v, h)
    down: dict[float, list[float]] = {}
    right: dict[float, list[float]] = {}
    for x, y in sorted(across):
        down.setdefault(x, []).append(y)
        right.setdefault(y, []).append(x)

    def joined_down(x, y0, y1) -> bool:
        return across[x, y1][0] == across[x, y0][0]

    def joined_across(y, x0, x1) -> bool:
        return across[x1, y][1] == across[x0, y][1]

    cells = []
    for x, y in sorted(across, key=lambda point: (point[1], point[0])):
        found = None
        for below in (value for value in down[x] if value > y):
            if not joined_down(x, y, below):
                break
            for beyond in (value for value in right[y] if value > x):
                if not joined_across(y, x, beyond):
                    break
                if (beyond, below) in across and (
                    joined_down(beyond, y, below) and joined_across(below, x, beyond)
                ):
                    found = (x, y, beyond, below)
                    break
            if found:
                break
        if found:
            cells.append(found)
    return cells


def _tables(cells: list) -> list[Table]:
    """Cells that share a corner, as tables of two cells or more, top to bottom."""
    parent = list(range(len(cells)))

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    first_at: dict[tuple[float, float], int] = {}
    for n, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x1, top), (x0, bottom), (x1, bottom)):
            if corner in first_at:
                parent[root(n)] = root(first_at[corner])
            else:
                first_at[corner] = n
    groups: dict[int, list] = {}
    for n, cell in enumerate(cells):
        groups.setdefault(root(n), []).append(cell)
    tables = [Table(group) for group in groups.values() if len(group) > 1]
    return sorted(tables, key=lambda table: table.bbox[1])


def find_tables(page, height: float, budget: Budget) -> list[Table]:
    flat, upright = _rulings(_segments(page, height, budget))
    return _tables(_cells(flat, upright))
