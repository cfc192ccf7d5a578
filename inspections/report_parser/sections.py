"""The body of the report: each standard's section with its key questions, and the table
of progress on the previous inspection's recommendations.

Tables are read from their content, not their layout, so that a row is the same whether
its cells are split by tabs, by runs of spaces, or stand one on a line, and whether a long
cell is wrapped over several lines.
"""

import re

from .data import CATEGORISATIONS, KeyQuestionData, PreviousRecommendationData, StandardData
from .text import cells, heading_text, is_heading, is_row, month, rating_of

_STANDARD = re.compile(r"^P\s?(\d+)\.(\d+)\.?\s+(.+)$")
# "43%", "<b>• 21%</b>" once cleaned, "21 per cent", at the end of a row or on its own.
_PERCENT_END = re.compile(r"(?:^|\s|[•·*–-])(\d+)\s*(?:%|per\s*cent)$", re.IGNORECASE)
_BULLET = re.compile(r"^[-•·*–]\s")
# Headings that end a standard's section: the report's other parts.
_SECTION_ENDS = (
    "outcomes",
    "progress on previous recommendations",
    "feedback from people on probation",
    "diversity and inclusion",
    "annexe",
    "background",
)
_TABLE_HEADERS = (
    "previous recommendation",
    "action taken and impact",
    "categorisation",
    "improvement still required",
)
# Words a wrapped cell's line cannot end on: the cell goes on in the next line.
_OPEN_ENDS = re.compile(
    r"(?:\b(?:the|a|an|of|and|or|to|in|on|for|with|by|from|that|its|their|as|at)|[,;–-])$",
    re.I,
)
_GUIDANCE = ("from previous", "briefly describe", "sufficient progress /", "yes / no", "yes/no")
_HEADER_CELLS = {header + end for header in _TABLE_HEADERS for end in ("", "?")}
_MAX_QUESTION_LINES = 5


class SectionsMixin:
    def standard_sections(self, panel, start: int) -> dict[str, tuple[int, int]]:
        """Where each standard's section starts and ends: {code: (heading, end)}."""
        names = {code: name.lower() for code, name, _rating in panel}
        starts = []
        for index in range(start, len(self.lines)):
            match = _STANDARD.match(heading_text(self.lines[index]))
            if not match:
                continue
            code = f"P {match.group(1)}.{match.group(2)}"
            if names.get(code) == match.group(3).strip().lower():
                starts.append((index, code))
        sections = {}
        for position, (index, code) in enumerate(starts):
            end = starts[position + 1][0] if position + 1 < len(starts) else len(self.lines)
            for inner in range(index + 1, end):
                line = self.lines[inner]
                if is_heading(line) and heading_text(line).lower().startswith(_SECTION_ENDS):
                    end = inner
                    break
                if is_heading(line) and re.match(r"^\d+\.\s", heading_text(line)):
                    end = inner  # the next domain's heading, "2. Service delivery"
                    break
            if code not in sections:
                sections[code] = (index, end)
        return sections

    def standards(self, panel, start: int) -> list[StandardData]:
        sections = self.standard_sections(panel, start)
        standards = []
        for code, name, panel_rating in panel:
            domain = int(code.split()[1].split(".")[0])
            if code not in sections:
                self.problem(
                    f"{code} {name}: listed in the ratings panel but its section is missing "
                    "from the report."
                )
                continue
            heading, end = sections[code]
            statement, section_rating, after = self.statement_and_rating(heading + 1, end)
            if panel_rating and section_rating and panel_rating != section_rating:
                self.problem(
                    f"{code} {name}: rated {panel_rating} in the ratings panel but "
                    f"{section_rating} in its section."
                )
            rating = panel_rating or section_rating
            if not rating:
                self.problem(
                    f"{code} {name}: no rating, neither in the ratings panel nor in its section."
                )
            key_questions = self.key_questions(code, heading + 1, end)
            if domain >= 2 and not key_questions:
                self.problem(f"{code} {name}: no key-question table in its section.")
            standards.append(
                StandardData(
                    code=code,
                    name=name,
                    domain=domain,
                    rating=rating or "",
                    statement=statement,
                    summary=self.summary(after, end),
                    key_questions=key_questions,
                )
            )
        return standards

    def statement_and_rating(self, start: int, end: int):
        """The standard's statement and the rating printed beside or under it."""
        paragraph: list[str] = []
        for index in range(start, end):
            line = self.lines[index]
            row = cells(line)
            if not row:
                paragraph = []
                continue
            if is_heading(line) or row[0].lower().startswith(("key question", "strengths")):
                break
            rating = rating_of(row[-1])
            if rating:
                if "\t" in line:
                    statement = row[0] if len(row) > 1 else " ".join(paragraph)
                else:
                    statement = " ".join([*paragraph, *row[:-1]])
                return statement, rating, index + 1
            paragraph.append(self.texts[index])
        return "", None, start

    def summary(self, start: int, end: int) -> str:
        """The paragraph after the rating, unless it is the key-question boilerplate."""
        paragraph: list[str] = []
        for index in range(start, end):
            line = self.lines[index]
            text = self.texts[index]
            if not text or set(text) <= set("-|: "):
                if paragraph:
                    break
                continue
            if is_heading(line) or is_row(line) or _BULLET.match(text):
                break
            paragraph.append(text)
        summary = " ".join(paragraph)
        return "" if summary.lower().startswith("our rating") else summary

    def key_questions(self, code: str, start: int, end: int) -> list[KeyQuestionData]:
        """The rows of the key-question table: a question, then its percentage 'Yes'."""
        header = next(
            (
                index
                for index in range(start, end)
                if self.texts[index].lower().startswith("key question")
                and len(self.texts[index]) < 60
            ),
            None,
        )
        if header is None:
            return []
        questions: list[KeyQuestionData] = []
        pending: list[str] = []
        index = header + 1
        if (found := self.next_text(index, end)) and found[1].lower().startswith("percentage"):
            index = found[0] + 1
        while index < end:
            line, text = self.lines[index], self.texts[index]
            index += 1
            if not text:
                continue
            if is_heading(line) or (_BULLET.match(text) and not pending):
                break
            number = len(questions) + 1
            row = cells(line)
            match = _PERCENT_END.search(text)
            if "\t" in line and len(row) > 1 and not match:
                self.problem(
                    f"{code}, key question {number}: cannot read the percentage {row[-1]!r}."
                )
                break
            if not match:
                pending.append(text)
                if len(pending) >= _MAX_QUESTION_LINES or (not questions and len(pending) > 3):
                    break
                continue
            question = " ".join([*pending, text[: match.start()].strip(" •·*–-")]).strip()
            pending = []
            if not question.endswith("?"):
                if not question and "\t" in line:
                    self.problem(f"{code}, key question {number}: the row has no question.")
                break
            if int(match.group(1)) > 100:
                self.problem(
                    f"{code}, key question {number}: {match.group(1)}% is not a percentage "
                    "between 0 and 100."
                )
            else:
                questions.append(KeyQuestionData(question, int(match.group(1))))
        if pending and questions and pending[0].endswith("?"):
            self.problem(
                f"{code}, key question {len(questions) + 1}: cannot find the percentage of "
                f"{pending[0]!r}."
            )
        if not questions and not any(code in problem for problem in self.problems):
            self.problem(f"{code}: the key-question table has no rows.")
        return questions

    def previous_recommendations(self, start: int):
        heading = self.find(
            lambda line: heading_text(line).lower() == "progress on previous recommendations",
            start,
        )
        if heading is None:
            mentions = "progress made against previous recommendations can be found"
            if any(mentions in text.lower() for text in self.texts):
                self.problem(
                    "The report says progress on previous recommendations is at its end, "
                    'but the "Progress on previous recommendations" table is missing.'
                )
            return [], None
        segments: list[str] = []  # the table's cells in reading order
        for index in range(heading + 1, len(self.lines)):
            if is_heading(self.lines[index]):
                break
            # A header row repeated on each page of the table is left out wherever it is.
            segments += [c for c in cells(self.lines[index]) if c.lower() not in _HEADER_CELLS]
        # The row under the header that says what to write, with the previous report's date.
        guidance = 0
        while guidance < min(len(segments), 12) and (
            segments[guidance].lower().startswith(_GUIDANCE)
            or (guidance and segments[guidance][:1].islower())
            or (guidance and segments[guidance][:1] == "(")
            or (guidance and "consider repeating" in segments[guidance].lower())
        ):
            guidance += 1
        previous_published = month(" ".join(segments[:guidance]))
        segments = segments[guidance:]
        rows = self._table_rows(segments)
        if not rows and not self.problems:
            self.problem('"Progress on previous recommendations": the table has no rows.')
        return rows, previous_published

    def _table_rows(self, segments: list[str]) -> list[PreviousRecommendationData]:
        """Rows from the cells in order: each row ends with a categorisation and Yes/No."""
        rows = []
        cell_texts: list[str] = []
        categorisations = {c.lower(): c for c in CATEGORISATIONS}
        index = 0
        while index < len(segments):
            segment = segments[index]
            answer = segments[index + 1].strip(" .").lower() if index + 1 < len(segments) else ""
            if segment.lower() in categorisations or (
                answer in ("yes", "no") and len(segment.split()) <= 3 and cell_texts
            ):
                number = len(rows) + 1
                where = f"Progress on previous recommendations, row {number}"
                categorisation = categorisations.get(segment.lower())
                if categorisation is None:
                    self.problem(
                        f"{where}: {segment!r} is not one of {', '.join(CATEGORISATIONS)}."
                    )
                if answer not in ("yes", "no"):
                    self.problem(
                        f"{where}: improvement still required is {answer or 'missing'!r}, "
                        "not Yes or No."
                    )
                text, action = self._two_cells(cell_texts, where)
                rows.append(
                    PreviousRecommendationData(text, action, categorisation or "", answer == "yes")
                )
                cell_texts = []
                index += 2
                continue
            cell_texts.append(segment)
            index += 1
        if cell_texts:
            self.problem(
                f"Progress on previous recommendations, row {len(rows) + 1}: expected four "
                f"columns, found {len(cell_texts)} ({cell_texts[0][:60]!r}…) with no "
                "categorisation and no Yes or No after it."
            )
        return rows

    def _two_cells(self, parts: list[str], where: str) -> tuple[str, str]:
        """The previous recommendation and the action taken, from the lines between rows.

        Two parts are the two cells. More are wrapped lines: the recommendation goes on
        while a line starts in lower case or the line before ends mid-phrase; the first line
        that starts a new sentence begins the action taken.
        """
        if len(parts) == 2:
            return parts[0], parts[1]
        if len(parts) > 2:
            split = next(
                (
                    position
                    for position in range(1, len(parts))
                    if parts[position][:1].isupper() and not _OPEN_ENDS.search(parts[position - 1])
                ),
                None,
            )
            if split is not None:
                return " ".join(parts[:split]), " ".join(parts[split:])
        self.problem(
            f"{where}: expected four columns, found {len(parts) + 2}; cannot tell the previous "
            "recommendation from the action taken."
        )
        return " ".join(parts), ""
