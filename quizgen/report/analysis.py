"""The statistics of a class's attempts at one bank, and the flags they raise.

Everything here is computed by `quizgen.grading.statistics` from the attempts
(`attempts.Attempt`): the totals, reliability and histogram of the whole test; per question its
facility, discriminations, the choices picked in the upper and lower groups, blanks and flags;
per tag and per section the share of the points earned; per student their score and what to
revise. docs/report.md describes each number and its formula.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from quizgen.bank.model import Bank, MultipleChoice, Question, SingleChoice, TrueFalse
from quizgen.grading import statistics
from quizgen.present import i18n
from quizgen.present.versions import letters
from quizgen.report.attempts import Attempt

# A question's flags need this many attempts: below it, one student more or less turns a
# number around (docs/lint.md).
MIN_SAMPLE = 20
TOO_EASY = 0.95
TOO_HARD = 0.2
WEAK = 0.2  # a corrected point-biserial below this does not separate strong students from weak
HISTOGRAM_BINS = 10


def _(message: str) -> str:
    """Marks a message for the catalogs (`pybabel extract`); the report translates it when shown."""
    return message


MESSAGES = {
    "miskeyed": _(
        "probably mis-keyed: the strongest students chose %(choice)s (%(count)s of %(group)s), the key %(key)s (%(key_count)s)"
    ),
    "negative-discrimination": _(
        "negative discrimination (%(value)s): the students who did worse overall did better on this question"
    ),
    "weak-discrimination": _("does not separate: discrimination %(value)s, below %(limit)s"),
    "strong-distractor": _(
        "distractor %(choice)s was chosen by more of the strongest students (%(upper)s) than of the weakest (%(lower)s)"
    ),
    "unused-distractor": _("distractor %(choice)s was never chosen"),
    "too-easy": _("too easy: facility %(value)s, above %(limit)s"),
    "too-hard": _("too hard: facility %(value)s, below %(limit)s"),
}


@dataclass(frozen=True)
class Flag:
    code: str  # also the lint rule's code
    params: dict
    choice: int | None = None  # the bank's choice it is about, if any

    @property
    def message(self) -> str:
        return MESSAGES[self.code]

    def text(self, words=None, number=None) -> str:
        """The message with its numbers, in the language of `words` (English without). A choice is
        named by its letter and its text ("C, Pacific"): on a shuffled paper C was another letter."""
        shown = {
            k: (number(v) if number else f"{v:.2f}") if isinstance(v, float) else v for k, v in self.params.items()
        }
        for name in ("choice", "key"):
            if self.params.get(f"{name}_text"):
                shown[name] = f"{shown[name]}, {self.params[name + '_text']}"
        return (words.gettext(self.message) if words else self.message) % shown


@dataclass(frozen=True)
class ChoiceCount:
    name: str  # A, B... as written in the bank; the words for True and False
    text: str  # the choice as written (Markdown)
    key: bool
    total: int
    upper: int
    lower: int


@dataclass
class QuestionStats:
    question: Question
    number: int  # its place in the bank
    attempts: int = 0  # attempts with a score for it
    blank: int = 0
    unmarked: int = 0  # marked by hand, no score yet
    facility: float | None = None
    discrimination: float | None = None  # corrected point-biserial (item-rest correlation)
    upper_lower: float | None = None
    upper_facility: float | None = None
    lower_facility: float | None = None
    partial: bool = False  # some attempts earned part of the points
    choices: list[ChoiceCount] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)


@dataclass(frozen=True)
class Share:
    """A tag's or a section's questions: the share of their points the class earned."""

    name: str
    questions: int
    share: float | None


@dataclass(frozen=True)
class Student:
    name: str
    earned: float
    out_of: float
    tags: dict  # tag -> share
    revise: tuple[Question, ...]  # the questions not fully right

    @property
    def share(self) -> float:
        return self.earned / self.out_of if self.out_of else 0.0


@dataclass
class Analysis:
    bank: Bank
    attempts: int
    max_points: float
    summary: statistics.Summary | None  # of the attempts' percentages
    reliability: statistics.Reliability | None
    histogram: list[int]
    upper_size: int
    questions: list[QuestionStats]
    tags: list[Share]
    sections: list[Share]
    students: list[Student]
    min_sample: int


def analyse(bank: Bank, attempts: list[Attempt], *, min_sample: int = MIN_SAMPLE) -> Analysis:
    ids = [q.id for q in bank.questions]
    weights = [float(q.points) for q in bank.questions]
    # One table read once (10,000 attempts make half a million responses): a row per attempt, its
    # response to each question in the bank's order, then the share of the points it earned
    # (None: not answered, or marked by hand and not yet scored).
    table = [[a.responses.get(qid) for qid in ids] for a in attempts]
    scores = [[None if r is None else r.score for r in row] for row in table]
    # An attempt with nothing scored yet (all marked by hand) has no total to rank or count.
    kept = [i for i, row in enumerate(scores) if any(s is not None for s in row)]
    if len(kept) < len(attempts):
        attempts, table, scores = [attempts[i] for i in kept], [table[i] for i in kept], [scores[i] for i in kept]
    # fsum of lists, not of generators: the same exact sums, in a third of the time.
    earned = [math.fsum([s * w for s, w in zip(row, weights) if s is not None]) for row in scores]
    out_of = [math.fsum([w for s, w in zip(row, weights) if s is not None]) for row in scores]
    shares = [e / o if o else 0.0 for e, o in zip(earned, out_of)]
    split = statistics.groups(shares)
    words = i18n.translations(bank)
    questions = [
        _question(q, n, [row[n - 1] for row in table], earned, split, words, min_sample)
        for n, q in enumerate(bank.questions, start=1)
    ]
    seen = [n for n, s in enumerate(questions) if s.attempts]
    complete = [
        [row[n] * weights[n] for n in seen]  # type: ignore[operator]
        for row in scores
        if all(row[n] is not None for n in seen)
    ]
    place = {qid: n for n, qid in enumerate(ids)}
    tag_groups = [(tag, [q for q in bank.questions if tag in q.tags]) for tag in _tags(bank)]
    tag_columns = [(tag, [place[q.id] for q in questions]) for tag, questions in tag_groups]
    return Analysis(
        bank=bank,
        attempts=len(attempts),
        max_points=max(out_of, default=0.0),
        summary=statistics.summary([100 * s for s in shares]),
        reliability=statistics.reliability(complete),
        histogram=statistics.histogram(shares, 1.0, HISTOGRAM_BINS),
        upper_size=len(split.upper) if split else 0,
        questions=questions,
        tags=_shares(tag_groups, scores, place, weights),
        sections=_shares(((s.title, list(qs)) for s, qs in bank.parts()), scores, place, weights)
        if bank.sections
        else [],
        students=[_student(a, row, bank.questions, weights, tag_columns) for a, row in zip(attempts, scores)],
        min_sample=min_sample,
    )


def _tags(bank: Bank) -> list[str]:
    return sorted({tag for q in bank.questions for tag in q.tags})


def _names(q: Question, words) -> list[tuple[int | bool, str, str]]:
    """(what a response holds, its name, its text) for each answer a choice question offers."""
    if isinstance(q, TrueFalse):
        return [(True, words.gettext("True"), ""), (False, words.gettext("False"), "")]
    if isinstance(q, (SingleChoice, MultipleChoice)):
        # The bank's letters, as its papers print them (أ ب ج in Arabic, or its `labels: {letters}`).
        named = letters(len(q.choices), i18n.choice_letters(words))
        return [(i, name, q.choices[i]) for i, name in enumerate(named)]
    return []


def _question(q, number, column: list, earned, split, words, min_sample) -> QuestionStats:
    """`column`: each attempt's response to `q` (None: not answered)."""
    stats = QuestionStats(q, number)
    scores: dict[int, float] = {}
    for i, response in enumerate(column):
        if response is None:
            continue
        if response.score is None:
            stats.unmarked += 1
            continue
        scores[i] = response.score
        stats.blank += response.blank
    if not scores:
        return stats
    order = sorted(scores)
    values = [scores[i] for i in order]
    stats.attempts = len(values)
    stats.partial = any(0 < v < 1 for v in values)
    stats.facility = statistics.facility(values)
    stats.discrimination = statistics.corrected_point_biserial(values, float(q.points), [earned[i] for i in order])
    stats.upper_lower = statistics.upper_minus_lower(scores, split)
    if split is not None:
        stats.upper_facility = statistics.facility([scores[i] for i in split.upper if i in scores])
        stats.lower_facility = statistics.facility([scores[i] for i in split.lower if i in scores])
    upper, lower = (set(split.upper), set(split.lower)) if split else (set(), set())
    key = _key(q)
    names = _names(q, words)
    if names:
        # One pass over the attempts: what each chose, overall and in each group. A true/false
        # answer is a bool, a choice an int: count them under their own kind (True == 1).
        slot = {(type(value), value): n for n, (value, _, _) in enumerate(names)}
        total, up, low = [0] * len(names), [0] * len(names), [0] * len(names)
        # A class picks few distinct answers (a reader shares one tuple between equal answers):
        # tally them, each with its groups, then count each tally's choices once. Tallied by
        # the tuple's identity, not its value, so that (True,) is never merged with (1,).
        picks = [column[i].chosen for i in order]
        chosen = {id(pick): pick for pick in picks}
        for (pick, in_upper, in_lower), count in Counter(
            zip(map(id, picks), [i in upper for i in order], [i in lower for i in order])
        ).items():
            for value in chosen[pick]:
                n = slot.get((type(value), value))
                if n is None:
                    continue
                total[n] += count
                up[n] += count * in_upper
                low[n] += count * in_lower
        stats.choices = [
            ChoiceCount(name, text, value in key, total[n], up[n], low[n])
            for n, (value, name, text) in enumerate(names)
        ]
    if stats.attempts >= min_sample:
        stats.flags = _flags(stats, len(upper))
    return stats


def _key(q: Question) -> set:
    if isinstance(q, TrueFalse):
        return {q.answer}
    if isinstance(q, (SingleChoice, MultipleChoice)):
        return {i for i, c in enumerate(q.choices) if c in q.correct}
    return set()


def _flags(stats: QuestionStats, group: int) -> list[Flag]:
    flags = []
    keys = [c for c in stats.choices if c.key]
    distractors = [(i, c) for i, c in enumerate(stats.choices) if not c.key]
    miskeyed = None
    if group and len(keys) == 1 and distractors and not isinstance(stats.question, MultipleChoice):
        i, top = max(distractors, key=lambda pair: pair[1].upper)
        if top.upper > keys[0].upper:
            miskeyed = i
            flags.append(
                Flag(
                    "miskeyed",
                    {
                        "choice": top.name,
                        "choice_text": _short(top.text),
                        "count": top.upper,
                        "group": group,
                        "key": keys[0].name,
                        "key_text": _short(keys[0].text),
                        "key_count": keys[0].upper,
                    },
                    i,
                )
            )
    d = stats.discrimination
    if d is not None and d < 0:
        flags.append(Flag("negative-discrimination", {"value": d}))
    elif d is not None and d < WEAK:
        flags.append(Flag("weak-discrimination", {"value": d, "limit": WEAK}))
    if stats.facility is not None and stats.facility > TOO_EASY:
        flags.append(Flag("too-easy", {"value": stats.facility, "limit": TOO_EASY}))
    if stats.facility is not None and stats.facility < TOO_HARD:
        flags.append(Flag("too-hard", {"value": stats.facility, "limit": TOO_HARD}))
    for i, choice in distractors:
        if choice.total == 0 and not isinstance(stats.question, TrueFalse):  # "too easy" says it for true/false
            flags.append(Flag("unused-distractor", {"choice": choice.name, "choice_text": _short(choice.text)}, i))
        elif group and choice.upper > choice.lower and i != miskeyed:
            params = {"choice": choice.name, "choice_text": _short(choice.text), "upper": choice.upper}
            flags.append(Flag("strong-distractor", {**params, "lower": choice.lower}, i))
    return flags


def _short(text: str, most: int = 40) -> str:
    """A choice's text as a flag quotes it: plain, and cut at `most` characters."""
    from quizgen.text import markup

    plain = " ".join(markup.plain(text).split())
    return plain if len(plain) <= most else plain[: most - 1].rstrip() + "…"


def _points(row: list, columns, weights: list[float]) -> tuple[float, float]:
    """Points earned and possible in one attempt's `row` over `columns` (places in the bank); a
    question not scored counts in neither."""
    got = possible = 0.0
    for n in columns:
        score = row[n]
        if score is not None:
            got += score * weights[n]
            possible += weights[n]
    return got, possible


def _shares(groups, scores: list[list], place: dict[str, int], weights: list[float]) -> list[Share]:
    found = []
    for name, questions in groups:
        columns = [place[q.id] for q in questions]
        sums = [_points(row, columns, weights) for row in scores]
        got, possible = sum(g for g, _ in sums), sum(p for _, p in sums)
        found.append(Share(name, len(questions), got / possible if possible else None))
    return found


def _student(attempt: Attempt, scores: list, questions: tuple[Question, ...], weights: list[float], tags) -> Student:
    """`scores`: the attempt's row of the table, in the bank's order; `tags`: (tag, its columns),
    sorted by tag."""
    got, possible = _points(scores, range(len(questions)), weights)
    revise = [q for q, score in zip(questions, scores) if score is not None and score < 1]
    shares = {}
    for tag, columns in tags:
        tag_got, tag_possible = _points(scores, columns, weights)
        if tag_possible:
            shares[tag] = tag_got / tag_possible
    return Student(
        attempt.student or f"{attempt.where.path} #{attempt.where.col}",
        got,
        possible,
        shares,
        tuple(revise),
    )
