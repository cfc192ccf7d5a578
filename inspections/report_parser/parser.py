"""The parser of a report's lines: the title page, the ratings panel, the recommendations.

It anchors on the template's fixed phrases ("Fieldwork started", "Overall rating", "PDU
should:", "Key question", "Progress on previous recommendations") and on the standards
listed in the ratings panel, never on line numbers. A value is taken only where the
template puts it, and only when it agrees with the rest; anything else is a problem, and
any problem refuses the whole report.
"""

import re

from .data import LIMITS, RATINGS, RecommendationData, ReportData, ReportError
from .sections import SectionsMixin
from .text import clean, heading_text, is_heading, month, rating_of, split_rating

STANDARD = re.compile(r"^P\s?(\d+)\.(\d+)\.?\s+(.+)$")
_SCORE = re.compile(r"^(\d{1,3})\s*/\s*(\d{1,3})$")
_NUMBERED = re.compile(r"^\s*(\d{1,3})[.)]\s+(.*)$")
_MAX_PROBLEMS = 40
_MAX_STANDARDS = 30
# Lines of page furniture that a list of recommendations is read across.
_MAX_INTERRUPTION = 6
_INTRO = "inspection of probation services in"
# What a PDU's name must not read like: the region's line, the organisations, the date.
_NOT_A_PDU = re.compile(
    r"\bregion\b|probation service\b|inspectorate|\bhmpps\b|ministry of justice|"
    r"his majesty|\bhm\b|inspection of|\b(?:19|20)\d\d\b|:",
    re.IGNORECASE,
)


class _Parser(SectionsMixin):
    def __init__(self, lines: list[str]):
        self.lines = lines
        self.texts = [clean(line) for line in lines]
        self.problems: list[str] = []

    def problem(self, message: str) -> None:
        self.problems.append(message)

    def find(self, predicate, start: int = 0, end: int | None = None) -> int | None:
        end = len(self.lines) if end is None else min(end, len(self.lines))
        for index in range(start, end):
            if predicate(self.lines[index]):
                return index
        return None

    def find_text(self, pattern: str, start: int = 0) -> int | None:
        """The first line from `start` whose cleaned text holds `pattern` (any case)."""
        compiled = re.compile(pattern, re.IGNORECASE)
        for index in range(start, len(self.texts)):
            if compiled.search(self.texts[index]):
                return index
        return None

    def next_text(self, start: int, end: int | None = None) -> tuple[int, str] | None:
        """The first non-empty cleaned line from `start` on (before `end`, if the text goes
        that far)."""
        end = len(self.lines) if end is None else min(end, len(self.lines))
        for index in range(start, end):
            if self.texts[index]:
                return index, self.texts[index]
        return None

    def sections_start(self) -> tuple[int | None, int | None]:
        """Where the ratings panel and the recommendations start; the contents page and
        the like also say "Ratings", so the panel is the "Ratings" followed by a score."""
        ratings = recommendations = None
        for index, line in enumerate(self.lines):
            if heading_text(line) != "Ratings":
                continue
            end = self.find(lambda line: heading_text(line) == "Recommendations", index + 1)
            window = self.texts[index + 1 : end if end is not None else len(self.lines)]
            if any(text.lower().startswith(("score", "overall rating")) for text in window):
                return index, end
            if ratings is None:
                ratings, recommendations = index, end
        return ratings, recommendations

    def parse(self) -> ReportData:
        pdu, region, published = self.title()
        ratings_start, recommendations_start = self.sections_start()
        if ratings_start is None:
            self.problem('No "Ratings" section: the score and ratings panel are missing.')
            ratings_start = 0
        if recommendations_start is None:
            self.problem('No "Recommendations" section after the ratings panel.')
            recommendations_start = len(self.lines)

        fieldwork, score, max_score, overall, panel = self.ratings_panel(
            ratings_start, recommendations_start
        )
        recommendations, body_start = self.recommendations(recommendations_start, pdu)
        standards = self.standards(panel, body_start)
        previous, previous_published = self.previous_recommendations(body_start)

        text = " ".join(self.texts)
        lead = re.search(r"led by HM Inspector\s+([^,.]{1,200})", text)
        cases = re.search(
            r"We inspected\s+(\d{1,5})\s+community orders and\s+(\d{1,5})\s+releases", text
        )
        previous_rating = re.search(
            r"(?:last|previously) inspected[^.]{0,300}?rated overall as\s*['‘’\"]?("
            + "|".join(RATINGS)
            + r")",
            text,
            re.IGNORECASE,
        )
        report = ReportData(
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
        self.check_texts(report)
        if len(self.problems) > _MAX_PROBLEMS:
            more = len(self.problems) - _MAX_PROBLEMS
            self.problems[_MAX_PROBLEMS:] = [f"… and {more} more problems like these."]
        if self.problems:
            raise ReportError(self.problems)
        return report

    def check_texts(self, report: ReportData) -> None:
        def check(what: str, where: str, text: str) -> None:
            if "\ufffd" in text:
                self.problem(
                    f"{where}: the {what} has characters that cannot be read ({text[:80]!r}); "
                    "the file's text is damaged or uses a font without its characters."
                )
            if len(text) > LIMITS[what]:
                self.problem(
                    f"{where}: the {what} is {len(text)} characters long; the longest "
                    f"accepted is {LIMITS[what]}. Is the text run together with the next?"
                )

        check("PDU name", "Title page", report.pdu)
        check("region", "Title page", report.region)
        check("lead inspector", "Acknowledgements", report.lead_inspector)
        for s in report.standards:
            check("standard name", s.code, s.name)
            check("standard statement", s.code, s.statement)
            check("standard summary", s.code, s.summary)
            for number, question in enumerate(s.key_questions, start=1):
                check("key question", f"{s.code}, key question {number}", question.text)
        for r in report.recommendations:
            check("recommendation", f"Recommendation {r.number}", r.text)
        for number, p in enumerate(report.previous_recommendations, start=1):
            where = f"Progress on previous recommendations, row {number}"
            check("previous recommendation", where, p.text)
            check("action taken and impact", where, p.action_taken_and_impact)

    # The title page: "Kirklees PDU", "The Probation Service – ... Region", "..., November 2024",
    # each on a line of its own or run together on one.
    def title(self):
        pdu = region = published = None
        intro = self.find_text(_INTRO)
        if intro is not None:
            rest = self.texts[intro].split(":", 1)[1].strip() if ":" in self.texts[intro] else ""
            if not rest and (found := self.next_text(intro + 1, intro + 6)):
                rest = found[1]
            rest = re.split(r"\s*(?:The Probation Service|HM Inspectorate of Probation,)", rest)[0]
            pdu = re.sub(r"\s+(?:PDU|Probation Delivery Unit)$", "", rest, flags=re.I).strip()
            if pdu and _NOT_A_PDU.search(pdu):
                self.problem(
                    f"Title page: {pdu!r} stands where the PDU's name should be, but it reads "
                    "like a region, an organisation or a date, not a PDU."
                )
                pdu = None
        if not pdu and not any(p.startswith("Title page") for p in self.problems):
            self.problem(
                'No PDU name: expected it on the title page after "An inspection of '
                'probation services in:".'
            )
        region_line = self.find_text(r"Probation Service\s*[–—-]")
        if region_line is not None:
            text = self.texts[region_line]
            region = re.split(r"Probation Service\s*[–—-]\s*", text, maxsplit=1)[-1]
            region = re.split(r"\s*HM Inspectorate of Probation,", region)[0]
            region = re.sub(r"\s+Region$", "", region, flags=re.IGNORECASE).strip()
            if region and re.search(r"\bPDU\b|inspectorate", region, re.IGNORECASE):
                self.problem(f"Title page: cannot read a region from {text!r}.")
                region = None
        if not region and not any("region" in p for p in self.problems):
            self.problem(
                'No region: expected a title-page line such as "The Probation Service – '
                'Yorkshire and the Humber Region".'
            )
        date_line = self.find_text(r"HM Inspectorate of Probation,\s*[A-Za-z]+\s+\d")
        if date_line is not None:
            text = self.texts[date_line]
            published = month(re.split(r"HM Inspectorate of Probation,", text)[-1])
            if published is None:
                self.problem(
                    f"Line {date_line + 1}: cannot read the month of publication from {text!r}."
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
            elif match := STANDARD.match(text):
                code = f"P {match.group(1)}.{match.group(2)}"
                name, rating = split_rating(match.group(3))
                found = None if rating else self.next_text(index + 1, end)
                if found and rating_of(found[1]):
                    rating = rating_of(found[1])
                    index = found[0]
                elif (
                    found and not STANDARD.match(found[1]) and not is_heading(self.lines[found[0]])
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
        if len(panel) > _MAX_STANDARDS:
            self.problem(
                f"Ratings section: {len(panel)} standards listed; a framework has at most "
                f"{_MAX_STANDARDS}."
            )
            panel = panel[:_MAX_STANDARDS]
        seen = set()
        for code, _name, _rating in panel:
            if code in seen:
                self.problem(f"Ratings section: {code} is listed twice.")
            seen.add(code)
        return fieldwork, score or 0, max_score or 0, overall or "", panel

    def recommendations(self, start: int, pdu: str) -> tuple[list[RecommendationData], int]:
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
        recommendations: list[RecommendationData] = []
        index = intro + 1
        while True:
            heading = clean(self.lines[intro].lstrip().lstrip("#"))
            if heading.lower() == "should:" and intro > 0:
                heading = f"{self.texts[intro - 1]} {heading}"
            to_pdu = bool(re.search(r"\bPDU\b", heading)) or bool(pdu and pdu in heading)
            items, index = self.numbered_list(index)
            if not items:
                self.problem(
                    f"Recommendations section: no numbered recommendations after {heading!r}."
                )
                break
            first = items[0][0]
            if first not in (1, len(recommendations) + 1):
                self.problem(
                    f"Recommendations section: the list after {heading!r} starts at {first}."
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
            for _number, text in items:
                recommendations.append(
                    RecommendationData(
                        len(recommendations) + 1, text, "pdu" if to_pdu else "region"
                    )
                )
            goes_on = self.list_goes_on(index, len(recommendations) + 1)
            if goes_on is None:
                break
            kind, position = goes_on
            if kind == "intro":
                intro = position
                index = intro + 1
            else:
                index = position
        return recommendations, index

    def list_goes_on(self, index: int, expected: int) -> tuple[str, int] | None:
        """Where the recommendations go on after a list ended, across a few lines of
        page furniture: at another "… should:" list, or at the next number of this one."""
        seen = 0
        while index < len(self.lines) and seen < _MAX_INTERRUPTION:
            line, text = self.lines[index], self.texts[index]
            if is_heading(line) and not text.lower().endswith("should:"):
                return None
            if text.lower().endswith("should:"):
                return "intro", index
            if (match := _NUMBERED.match(line)) and int(match.group(1)) == expected:
                return "item", index
            seen += bool(text)
            index += 1
        return None

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
            elif (
                is_heading(line)
                or not items
                or ended_by_blank
                or self.texts[index].lower().endswith("should:")
            ):
                break
            else:
                items[-1][1] = f"{items[-1][1]} {self.texts[index]}".strip()
            index += 1
        return items, index
