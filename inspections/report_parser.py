"""Read the text of an HMIP PDU inspection report into plain data.

The reports come as Markdown (or plain text) converted from the published PDF, with
the artefacts of that conversion: tables as tab-separated lines, figures in <b> or
** or neither, footnote markers, stray bullets, text displaced across pages. The
parser anchors on the template's fixed phrases ("Fieldwork started", "Overall
rating", "PDU should:", "Key question", "Progress on previous recommendations")
and on the standards listed in the ratings panel, never on line numbers.

It either returns everything the report holds or raises ReportError listing each
thing it could not find and where, so that nothing half-read reaches the database.
"""

import datetime
import re
from dataclasses import dataclass, field

RATINGS = ("Outstanding", "Good", "Requires improvement", "Inadequate")
CATEGORISATIONS = ("Sufficient progress", "Some progress", "No progress")
MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
MONTH_YEAR = r"(" + "|".join(MONTHS) + r")\s+(\d{4})"

# The real reports are about 50 KB; a megabyte leaves room and bounds the parsing time.
MAX_REPORT_BYTES = 1024 * 1024


class ReportError(Exception):
    """The report could not be read fully; `problems` says what is missing and where."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass
class KeyQuestionData:
    text: str
    percent_yes: int


@dataclass
class StandardData:
    code: str
    name: str
    domain: int
    rating: str
    statement: str = ""
    summary: str = ""
    key_questions: list[KeyQuestionData] = field(default_factory=list)


@dataclass
class RecommendationData:
    number: int
    text: str


@dataclass
class PreviousRecommendationData:
    text: str
    action_taken_and_impact: str
    categorisation: str
    improvement_still_required: bool


@dataclass
class ReportData:
    pdu: str
    region: str
    published: datetime.date
    fieldwork_started: datetime.date | None
    overall_rating: str
    score: int
    max_score: int
    standards: list[StandardData]
    recommendations: list[RecommendationData]
    previous_recommendations: list[PreviousRecommendationData]
    previous_inspection_published: datetime.date | None = None
    previous_inspection_rating: str = ""
    lead_inspector: str = ""
    cases_inspected: int | None = None


# --- text clean-up -------------------------------------------------------------------

_FOOTNOTE = re.compile(r"<sup>.*?</sup>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)([^*]+?)(?<!\s)\*(?![\w*])")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&nbsp;": " "}


def clean(text: str) -> str:
    """Text without Markdown or HTML markup, whitespace collapsed."""
    text = _FOOTNOTE.sub("", text)
    text = _TAG.sub("", text)
    text = _LINK.sub(r"\1", text)
    for _ in range(2):
        text = _EMPHASIS.sub(r"\2", text)
    text = _ITALIC.sub(r"\1", text)
    text = _ESCAPE.sub(r"\1", text)
    for entity, character in _ENTITIES.items():
        text = text.replace(entity, character)
    return " ".join(text.split())


def heading_text(line: str) -> str:
    """A line's text as a heading would read, without #s or markup."""
    return clean(line.lstrip().lstrip("#")).rstrip(":").strip()


def cells(line: str) -> list[str]:
    """The cleaned cells of a tab-separated table row."""
    return [clean(cell) for cell in line.split("\t") if clean(cell)]


def is_heading(line: str) -> bool:
    return line.lstrip().startswith("#")


def rating_of(text: str) -> str | None:
    text = clean(text).strip(" .'‘’\"")
    for rating in RATINGS:
        if text.lower() == rating.lower():
            return rating
    return None


def split_rating(text: str) -> tuple[str, str | None]:
    """A standard's name, and its rating where the same line ends with one."""
    for rating in RATINGS:
        if text.lower().endswith(" " + rating.lower()):
            return text[: -len(rating)].strip(), rating
    return text.strip(), None


def month(text: str) -> datetime.date | None:
    match = re.search(MONTH_YEAR, text, re.IGNORECASE)
    # A year outside the plausible is a misread, not a date.
    if not match or not 1900 <= int(match.group(2)) <= datetime.date.today().year + 1:
        return None
    return datetime.date(int(match.group(2)), MONTHS[match.group(1).lower()], 1)


def decode(data: bytes) -> str:
    if not data.strip():
        raise ReportError(["The report is empty."])
    if len(data) > MAX_REPORT_BYTES:
        raise ReportError([f"The report is larger than {MAX_REPORT_BYTES // 1024 // 1024} MB."])
    if b"\x00" in data:
        raise ReportError(["The file is not a text report (it holds binary data)."])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReportError(
            [f"The file is not a text report in UTF-8 (byte {error.start} cannot be read)."]
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- the parser ----------------------------------------------------------------------

_STANDARD = re.compile(r"^P\s?(\d+)\.(\d+)\.?\s+(.+)$")
_SCORE = re.compile(r"^(\d{1,3})\s*/\s*(\d{1,3})$")
_NUMBERED = re.compile(r"^\s*(\d{1,3})[.)]\s+(.*)$")
_PERCENT = re.compile(r"^[•·\-–*\s]*(\d+)\s*(?:%|per\s*cent)$", re.IGNORECASE)
# Headings that end a standard's section: the report's other parts.
_SECTION_ENDS = (
    "outcomes",
    "progress on previous recommendations",
    "feedback from people on probation",
    "diversity and inclusion",
    "annexe",
    "background",
)


class _Parser:
    def __init__(self, text: str):
        self.lines = text.split("\n")
        self.problems: list[str] = []

    def problem(self, message: str) -> None:
        self.problems.append(message)

    def find(self, predicate, start: int = 0, end: int | None = None) -> int | None:
        end = len(self.lines) if end is None else end
        for index in range(start, end):
            if predicate(self.lines[index]):
                return index
        return None

    def next_text(self, start: int, end: int | None = None) -> tuple[int, str] | None:
        """The first non-empty cleaned line from `start` on."""
        end = len(self.lines) if end is None else end
        for index in range(start, end):
            text = clean(self.lines[index])
            if text:
                return index, text
        return None

    def parse(self) -> ReportData:
        pdu, region, published = self.title()
        ratings_start = self.find(lambda line: heading_text(line) == "Ratings")
        recommendations_start = self.find(
            lambda line: (
                heading_text(line) == "Recommendations"
                and (is_heading(line) or clean(line) == "Recommendations")
            ),
            ratings_start or 0,
        )
        if ratings_start is None:
            self.problem('No "Ratings" section: the score and ratings panel are missing.')
            ratings_start = 0
        if recommendations_start is None:
            self.problem('No "Recommendations" section after the ratings panel.')
            recommendations_start = len(self.lines)

        fieldwork, score, max_score, overall, panel = self.ratings_panel(
            ratings_start, recommendations_start
        )
        recommendations, body_start = self.recommendations(recommendations_start)
        standards = self.standards(panel, body_start)
        previous, previous_published = self.previous_recommendations(body_start)

        text = "\n".join(self.lines)
        lead = re.search(r"led by HM Inspector\s+([^,.\n]+)", clean(text))
        cases = re.search(
            r"We inspected\s+(\d+)\s+community orders and\s+(\d+)\s+releases", clean(text)
        )
        previous_rating = re.search(
            r"(?:last|previously) inspected[^.]*?rated overall as\s*['‘’\"]?("
            + "|".join(RATINGS)
            + r")",
            clean(text),
            re.IGNORECASE,
        )
        if self.problems:
            raise ReportError(self.problems)
        return ReportData(
            pdu=pdu,
            region=region,
            published=published,
            fieldwork_started=fieldwork,
            overall_rating=overall,
            score=score,
            max_score=max_score,
            standards=standards,
            recommendations=recommendations,
            previous_recommendations=previous,
            previous_inspection_published=previous_published,
            previous_inspection_rating=rating_of(previous_rating.group(1))
            if previous_rating
            else "",
            lead_inspector=clean(lead.group(1)) if lead else "",
            cases_inspected=int(cases.group(1)) + int(cases.group(2)) if cases else None,
        )

    # The title page: "**Kirklees PDU**", "The Probation Service – ... Region", "..., November 2024"
    def title(self):
        pdu = region = published = None
        intro = self.find(lambda line: "inspection of probation services in" in clean(line).lower())
        if intro is not None:
            found = self.next_text(intro + 1)
            if found:
                pdu = re.sub(r"\s+PDU$", "", found[1], flags=re.IGNORECASE).strip()
        if not pdu:
            self.problem(
                'No PDU name: expected it on the title page after "An inspection of '
                'probation services in:".'
            )
        region_line = self.find(lambda line: re.search(r"Probation Service\s*[–—-]", clean(line)))
        if region_line is not None:
            region = re.split(r"Probation Service\s*[–—-]\s*", clean(self.lines[region_line]))[1]
            region = re.sub(r"\s+Region$", "", region, flags=re.IGNORECASE).strip()
        if not region:
            self.problem(
                'No region: expected a title-page line such as "The Probation Service – '
                'Yorkshire and the Humber Region".'
            )
        date_line = self.find(
            lambda line: re.match(
                r"^HM Inspectorate of Probation,\s*" + MONTH_YEAR, clean(line), re.IGNORECASE
            )
        )
        if date_line is not None:
            published = month(self.lines[date_line])
            if published is None:
                self.problem(
                    f"Line {date_line + 1}: cannot read the month of publication from "
                    f"{clean(self.lines[date_line])!r}."
                )
        else:
            self.problem(
                'No month of publication: expected a title-page line such as "HM '
                'Inspectorate of Probation, November 2024".'
            )
        return pdu or "", region or "", published

    def ratings_panel(self, start: int, end: int):
        fieldwork = overall = None
        score = max_score = None
        panel: list[tuple[str, str, str | None]] = []
        index = start
        while index < end:
            text = heading_text(self.lines[index])
            lower = text.lower()
            if lower.startswith("fieldwork started"):
                fieldwork = month(text)
            elif lower.startswith("score"):
                # "Score" with the figure on the next line, or "Score: 03/21" on one.
                rest = text[len("score") :].strip(" :")
                found = (index, rest) if rest else self.next_text(index + 1, end)
                match = _SCORE.match(found[1]) if found else None
                if match:
                    score, max_score = int(match.group(1)), int(match.group(2))
                    index = found[0]
            elif lower.startswith("overall rating"):
                rest = text[len("overall rating") :].strip(" :")
                found = (index, rest) if rest else self.next_text(index + 1, end)
                if found and rating_of(found[1]):
                    overall = rating_of(found[1])
                    index = found[0]
            elif match := _STANDARD.match(text):
                code = f"P {match.group(1)}.{match.group(2)}"
                name, rating = split_rating(match.group(3))
                found = None if rating else self.next_text(index + 1, end)
                if found and rating_of(found[1]):
                    rating = rating_of(found[1])
                    index = found[0]
                elif (
                    found and not _STANDARD.match(found[1]) and not is_heading(self.lines[found[0]])
                ):
                    self.problem(
                        f"Ratings section: {code} {name} is rated {found[1]!r}, which is not "
                        f"one of {', '.join(RATINGS)}."
                    )
                panel.append((code, name, rating))
            index += 1

        if fieldwork is None:
            self.problem('Ratings section: no "Fieldwork started" month.')
        if score is None:
            self.problem('Ratings section: no score (a figure such as "03/21" after "Score").')
        elif max_score == 0 or score > max_score:
            self.problem(f"Ratings section: the score {score}/{max_score} is not a valid score.")
        if overall is None:
            self.problem('Ratings section: no overall rating after "Overall rating".')
        if not panel:
            self.problem('Ratings section: no standards (lines such as "P 1.1 Leadership").')
        seen = set()
        for code, _name, _rating in panel:
            if code in seen:
                self.problem(f"Ratings section: {code} is listed twice.")
            seen.add(code)
        return fieldwork, score or 0, max_score or 0, overall or "", panel

    def recommendations(self, start: int) -> tuple[list[RecommendationData], int]:
        """The numbered recommendations, from every "… should:" list in the section.

        Most reports address the PDU alone; some add a list for the region. The lists are
        read in order and numbered 1..N across them, as the report numbers them when it
        continues the count (and in reading order when a list starts again at 1).
        """
        if start >= len(self.lines):
            return [], len(self.lines)
        intro = self.find(lambda line: clean(line).lower().endswith("should:"), start)
        if intro is None:
            self.problem('Recommendations section: no "… PDU should:" list.')
            return [], start
        texts: list[str] = []
        index = intro + 1
        while True:
            items, index = self.numbered_list(index)
            if not items:
                self.problem(
                    f"Recommendations section: no numbered recommendations after "
                    f"{clean(self.lines[intro])!r}."
                )
                break
            first = items[0][0]
            if first not in (1, len(texts) + 1):
                self.problem(
                    f"Recommendations section: the list after {clean(self.lines[intro])!r} "
                    f"starts at {first}."
                )
            for offset, (number, text) in enumerate(items):
                if number != first + offset:
                    self.problem(
                        f"Recommendations section: recommendation {number} is out of sequence "
                        f"(expected {first + offset})."
                    )
                    break
                if not text:
                    self.problem(f"Recommendations section: recommendation {number} has no text.")
            texts.extend(text for _number, text in items)
            following = self.next_text(index)
            if not (following and following[1].lower().endswith("should:")):
                break
            intro = following[0]
            index = intro + 1
        recommendations = [RecommendationData(n, text) for n, text in enumerate(texts, start=1)]
        return recommendations, index

    def numbered_list(self, index: int) -> tuple[list[list], int]:
        """A numbered list's items ([number, text]) from `index`, and where it ended."""
        items: list[list] = []
        ended_by_blank = False
        while index < len(self.lines):
            line = self.lines[index]
            match = _NUMBERED.match(line)
            if match and not is_heading(line):
                items.append([int(match.group(1)), clean(match.group(2))])
                ended_by_blank = False
            elif not line.strip():
                ended_by_blank = bool(items)
            elif is_heading(line) or not items or ended_by_blank:
                break
            else:
                items[-1][1] = f"{items[-1][1]} {clean(line)}".strip()
            index += 1
        return items, index

    def standard_sections(self, panel, start: int) -> dict[str, tuple[int, int, int]]:
        """Where each standard's section starts and ends: {code: (heading, end, level)}."""
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
        previous_text = ""
        for index in range(start, end):
            line = self.lines[index]
            row = cells(line)
            if not row:
                continue
            if is_heading(line) or row[0].lower().startswith(("key question", "strengths")):
                break
            rating = rating_of(row[-1])
            if rating:
                statement = row[0] if len(row) > 1 else previous_text
                return statement, rating, index + 1
            previous_text = clean(line)
        return "", None, start

    def summary(self, start: int, end: int) -> str:
        """The paragraph after the rating, unless it is the key-question boilerplate."""
        paragraph: list[str] = []
        for index in range(start, end):
            line = self.lines[index]
            text = clean(line)
            if not text or set(text) <= set("-|: "):
                if paragraph:
                    break
                continue
            if is_heading(line) or "\t" in line or text.startswith(("-", "•")):
                break
            paragraph.append(text)
        summary = " ".join(paragraph)
        return "" if summary.lower().startswith("our rating") else summary

    def key_questions(self, code: str, start: int, end: int) -> list[KeyQuestionData]:
        header = self.find(
            lambda line: clean(line).lower().startswith("key question") and "\t" in line,
            start,
            end,
        )
        if header is None:
            return []
        questions = []
        index = header + 1
        while index < end:
            line = self.lines[index]
            if not line.strip():
                if questions:
                    break
                index += 1
                continue
            if "\t" not in line:
                break
            row = cells(line)
            number = len(questions) + 1
            if len(row) < 2:
                self.problem(f"{code}, key question {number}: the row has no percentage.")
                break
            match = _PERCENT.match(row[-1])
            if not match:
                self.problem(
                    f"{code}, key question {number}: cannot read the percentage {row[-1]!r}."
                )
            elif int(match.group(1)) > 100:
                self.problem(
                    f"{code}, key question {number}: {match.group(1)}% is not a percentage "
                    "between 0 and 100."
                )
            else:
                questions.append(KeyQuestionData(" ".join(row[:-1]), int(match.group(1))))
            index += 1
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
            if mentions in clean("\n".join(self.lines)).lower():
                self.problem(
                    "The report says progress on previous recommendations is at its end, "
                    'but the "Progress on previous recommendations" table is missing.'
                )
            return [], None
        rows = []
        previous_published = None
        for index in range(heading + 1, len(self.lines)):
            line = self.lines[index]
            if is_heading(line):
                break
            if "\t" not in line:
                continue
            row = cells(line)
            first = row[0].lower() if row else ""
            if first.startswith("previous recommendation"):
                continue
            if re.search(r"<i>|briefly describe", line, re.IGNORECASE):
                previous_published = previous_published or month(clean(line))
                continue
            number = len(rows) + 1
            if len(row) != 4:
                self.problem(
                    f"Progress on previous recommendations, row {number}: expected four "
                    f"columns, found {len(row)}."
                )
                continue
            text, action, categorisation, still_required = row
            matched = next(
                (c for c in CATEGORISATIONS if c.lower() == categorisation.lower()), None
            )
            if matched is None:
                self.problem(
                    f"Progress on previous recommendations, row {number}: {categorisation!r} "
                    f"is not one of {', '.join(CATEGORISATIONS)}."
                )
            answer = still_required.strip(" .").lower()
            if answer not in ("yes", "no"):
                self.problem(
                    f"Progress on previous recommendations, row {number}: improvement still "
                    f"required is {still_required!r}, not Yes or No."
                )
            rows.append(PreviousRecommendationData(text, action, matched or "", answer == "yes"))
        if not rows:
            self.problem('"Progress on previous recommendations": the table has no rows.')
        return rows, previous_published


def parse_report(text: str) -> ReportData:
    """Parse a report's text; raise ReportError naming everything that is missing."""
    return _Parser(text).parse()


def parse_report_bytes(data: bytes) -> ReportData:
    return parse_report(decode(data))
