"""Questions judged against each other: one that prints another's answer on the same paper, and
two that ask the same fact."""

from __future__ import annotations

import math
from collections import Counter
from typing import AbstractSet, Callable, Iterator, Sequence

from quizgen.bank.lint.registry import Finding, bank_rule
from quizgen.bank.lint.variants import number_value
from quizgen.bank.lint.words import COMMON_WORDS, KIN_PREFIX, as_written, content_words, kin, numbers_in, plain, quoted
from quizgen.bank.model import (
    Bank,
    Card,
    Cloze,
    Match,
    MultipleChoice,
    Numeric,
    Order,
    Prompted,
    Question,
    ShortAnswer,
    SingleChoice,
)
from quizgen.text import cloze
from quizgen.text.numbers import number_text

# Outputs that show one question at a time: two questions that meet only there are never seen together.
ONE_AT_A_TIME = frozenset({"anki"})


def seen_together(bank: Bank) -> Callable[[Question, Question], bool]:
    """A test of whether two questions can be shown at once: some output has both (a question
    without `outputs` is in every one), and no section draws just one of them."""
    drawn_apart = {}
    for section, questions in bank.parts():
        if section.draw == 1:
            drawn_apart.update({q.id: section for q in questions})

    def together(a: Question, b: Question) -> bool:
        if a.id in drawn_apart and drawn_apart[a.id] is drawn_apart.get(b.id):
            return False
        if not a.outputs and not b.outputs:
            return True
        common = set(a.outputs or b.outputs) & set(b.outputs or a.outputs)
        return bool(common - ONE_AT_A_TIME)

    return together


def keys(q: Question) -> list[str]:
    """Each answer a question is marked right for; any one of them printed elsewhere gives it away."""
    if isinstance(q, SingleChoice):
        return [q.answer]
    if isinstance(q, MultipleChoice):
        return list(q.answer)
    if isinstance(q, ShortAnswer):
        return list(q.answer)
    if isinstance(q, Numeric):
        return [number_text(q.answer)] if q.answer is not None else []
    if isinstance(q, Cloze):
        return [d.answer for d in cloze.deletions(q.text)] + [a for alts in q.accept.values() for a in alts]
    return []  # true/false, order, match, card, essay: the answer is a judgement or an arrangement


def shown(q: Question, with_choices: bool) -> str:
    """What a question prints for the student to read (a cloze in Anki shows its other blanks)."""
    parts: list[str] = []
    if isinstance(q, Prompted):
        parts.append(q.prompt)
    if isinstance(q, (SingleChoice, MultipleChoice)) and with_choices:
        parts += q.choices
    if isinstance(q, Order):
        parts += q.items
    if isinstance(q, Match):
        parts += [f"{p.left} {p.right}" for p in q.pairs]
    if isinstance(q, Cloze):
        parts.append(cloze.replace(q.text, lambda d, i: d.answer))
    if isinstance(q, Card):
        parts.append(q.front)
    return " ".join(plain(p) for p in parts)


def telling(key: str) -> tuple[AbstractSet[str], AbstractSet[str]]:
    """The words and numbers of a key that would give it away: words that are not common English,
    and numbers, though a key that is a lone digit says too little (digits are everywhere)."""
    text = plain(key)
    numbers = numbers_in(text)
    words = {w for w in content_words(text) if w not in COMMON_WORDS and not w.replace(".", "").isdigit()}
    if not words and all(len(n) == 1 for n in numbers):
        return set(), set()
    return words, numbers


def subject_words(texts: Sequence[AbstractSet[str]]) -> AbstractSet[str]:
    """The words the bank is about (in a quarter of its questions, and in 3 or more): sharing
    them says nothing about two questions."""
    frequency = Counter(word for text in texts for word in text)
    return {w for w, n in frequency.items() if n >= 3 and n >= SUBJECT_SHARE * len(texts)}


def _tokens(words: AbstractSet[str], numbers: AbstractSet[str]) -> set[str]:
    return set(words) | {f"#{n}" for n in numbers}  # a number and a word never meet


class _Printed:
    """Which questions print each word and number, in their statements (prompt, items, pairs,
    card front, cloze text) and with their choices too: every question's answer is looked up
    here once, not compared with every other question."""

    def __init__(self, bank: Bank):
        self.stated: dict[str, set[str]] = {}
        self.offered: dict[str, set[str]] = {}
        self.offered_words: dict[str, AbstractSet[str]] = {}
        for q in bank.questions:
            for index, with_choices in ((self.stated, False), (self.offered, True)):
                text = shown(q, with_choices)
                for token in _tokens(content_words(text), numbers_in(text)):
                    index.setdefault(token, set()).add(q.id)
            self.offered_words[q.id] = content_words(shown(q, True))

    def printing(self, key: str, with_choices: bool) -> set[str]:
        """The ids of the questions that print every telling word and number of `key`."""
        tokens = _tokens(*telling(key))
        if not tokens:
            return set()
        index = self.offered if with_choices else self.stated
        return set.intersection(*(index.get(t, set()) for t in tokens))

    def ties(self, qid: str, asked: AbstractSet[str]) -> int:
        """How many words of `asked` the question prints (or a form of each)."""
        shown = self.offered_words[qid]
        return sum(any(kin(a, w) for w in shown if a[:KIN_PREFIX] == w[:KIN_PREFIX]) for a in asked)


def _asking_text(q: Question) -> str:
    if isinstance(q, Cloze):
        return plain(cloze.replace(q.text, lambda d, i: " "))
    return plain(q.prompt) if isinstance(q, Prompted) else ""


@bank_rule("cross-leak")
def _cross_leak(bank: Bank) -> Iterator[Finding]:
    together = seen_together(bank)
    printed = _Printed(bank)
    subject = subject_words([content_words(fact_text(q)) for q in bank.questions])
    for q in bank.questions:
        answers = keys(q)
        if not answers:
            continue
        # A recall question's key is given away by any statement that prints it: another question's
        # prompt, items, pairs, card front or cloze text. A choice is not a statement: a key among
        # another question's choices, like a choice question's key (shown among its own choices
        # already) named elsewhere, gives it away only tied to what this question asks (a word of
        # its prompt, beside the key, in the same question). A figure among another question's
        # choices stands among other figures: it gives this one away only when that question
        # asks much the same (two words of this prompt, everyday ones too: "players" and "field"
        # for a team's size), not when it merely shares one ("eight" among the values of a "bit").
        recall = not isinstance(q, (SingleChoice, MultipleChoice))
        named = set().union(*(content_words(plain(a)) for a in answers))
        asked = content_words(_asking_text(q)) - named - subject - COMMON_WORDS
        asked_all = content_words(_asking_text(q)) - named - subject  # everyday words too, to weigh a figure
        given: dict[str, str] = {}
        for answer in answers:
            stated = printed.printing(answer, with_choices=False)
            figure = _figure(answer)
            for qid in printed.printing(answer, with_choices=recall) - {q.id} - set(given):
                if recall and figure and qid not in stated:
                    close = printed.ties(qid, asked_all) >= FIGURE_TIES
                else:
                    close = printed.ties(qid, asked) >= 1
                if recall and qid in stated or close:
                    given[qid] = answer
        telling_ones = [
            (other, given[other.id]) for other in bank.questions if other.id in given and together(q, other)
        ]
        if telling_ones:
            other, answer = telling_ones[0]
            more = f" (and {len(telling_ones) - 1} more)" if len(telling_ones) > 1 else ""
            yield Finding(
                "id",
                f"'{other.id}' (line {other.where('id').line}){more} prints '{plain(answer)}', this question's "
                "answer, on the same paper",
                "reword one of them, show them in different outputs (outputs:), or draw them apart in a section",
                q,
                tuple(o for o, _ in telling_ones),
            )


def _figure(answer: str) -> bool:
    """Whether an answer is a number alone, in digits or in words ("60", "eight")."""
    words, numbers = telling(answer)
    return bool(numbers) and not words or number_value(plain(answer)) is not None


def fact_text(q: Question) -> str:
    """What a question asks and answers, as one text, to compare questions with each other."""
    if isinstance(q, (SingleChoice, MultipleChoice)):
        parts = [q.prompt, *q.correct]
    elif isinstance(q, ShortAnswer):
        parts = [q.prompt, q.answer[0]]
    elif isinstance(q, Numeric):
        parts = [q.prompt, number_text(q.answer) if q.answer is not None else ""]
    elif isinstance(q, Cloze):
        parts = [cloze.replace(q.text, lambda d, i: d.answer)]
    elif isinstance(q, Card):
        parts = [q.front, q.back]
    elif isinstance(q, Order):
        parts = [q.prompt, *q.items]
    elif isinstance(q, Match):
        parts = [q.prompt, *(f"{p.left} {p.right}" for p in q.pairs)]
    else:
        assert isinstance(q, Prompted), q.type  # the types left (true/false, essay) all have a prompt
        parts = [q.prompt]
    return " ".join(plain(p) for p in parts)


def _one_key(q: Question) -> str | None:
    """The single answer of a question that has one (a paraphrase of it has the same)."""
    if isinstance(q, SingleChoice):
        return q.answer
    if isinstance(q, ShortAnswer):
        return q.answer[0]
    return None


FIGURE_TIES = 2  # words of a recall prompt a question must print to give away a figure among its choices
SIMILAR = 0.7  # share of the smaller question's (rarity-weighted) words the other one repeats
MIN_SHARED = 3  # two short questions sharing a name or two are not yet the same question
SUBJECT_SHARE = 0.25  # words in this share of the questions (and in 3 or more) are the bank's subject


@bank_rule("near-duplicate")
def _near_duplicates(bank: Bank) -> Iterator[Finding]:
    """How much of the smaller question the other repeats (the overlap coefficient of their
    content words), each word weighted by its rarity in the bank. The bank's subject ("Muse
    Spark" in nearly every question) is left out: sharing it says nothing. A paraphrase ("Mona
    Lisa", "La Gioconda") shares few words but has the same answer: two questions with one key
    that names something (not a number, not the bank's subject) are reported too when they ask
    the same relation of it (`asked_relations`): "Who painted the Mona Lisa?" and "Which master
    created La Gioconda?", not "Who painted the Mona Lisa?" and "Who designed a flying machine?"."""
    texts = [content_words(fact_text(q)) for q in bank.questions]
    frequency = Counter(word for text in texts for word in text)
    subject = subject_words(texts)
    texts = [text - subject for text in texts]
    weight = {word: math.log((len(texts) + 1) / count) for word, count in frequency.items()}
    mass = [sum(weight[w] for w in text) for text in texts]
    answers = [_named_key(q, subject) for q in bank.questions]
    relations = [asked_relations(_asking_text(q)) for q in bank.questions]
    for j, later in enumerate(bank.questions):
        for i in range(j):
            shared = texts[i] & texts[j]
            smaller = min(mass[i], mass[j])
            first = bank.questions[i]
            if len(shared) >= MIN_SHARED and sum(weight[w] for w in shared) >= SIMILAR * smaller:
                said = f"both turn on {quoted(as_written(shared, fact_text(later)))}"
            elif answers[j] and answers[j] == answers[i] and same_relation(relations[i], relations[j]):
                said = f"both have the answer '{plain(_one_key(later) or '')}'"
            else:
                continue
            yield Finding(
                "id",
                f"asks much the same as '{first.id}' (line {first.where('id').line}): {said}",
                "drop one, or make each test a different fact",
                later,
                (first,),
            )
            break


def _named_key(q: Question, subject: AbstractSet[str]) -> frozenset[str]:
    key = _one_key(q)
    if key is None:
        return frozenset()
    words = content_words(plain(key))
    if not words or words <= subject or all(w.replace(".", "").isdigit() for w in words):
        return frozenset()
    return frozenset(words)


# What a question asks of its answer, told by the verb or superlative that asks it. Agent nouns
# ("composer", "author") are left out: they say what kind of answer is wanted ("which composer
# wrote ..."), not what it did. Each relation by its forms, as `fold` leaves them.
_RELATION_FORMS = {
    "made": "make made create created produce produced",  # any way of making (see MAKING)
    "painted": "paint painted",
    "composed": "compose composed",
    "wrote": "write wrote written authored",
    "designed": "design designed",
    "built": "build built",
    "invented": "invent invented",
    "sculpted": "sculpt sculpted carved",
    "directed": "direct directed",
    "discovered": "discover discovered found identified",
    "founded": "founded establish established",
    "named": "call called term name named known",
    "largest": "largest biggest",
    "smallest": "smallest tiniest",
    "nearest": "nearest closest",
    "farthest": "farthest furthest",
    "highest": "highest tallest",
    "deepest": "deepest",
    "longest": "longest",
    "first": "first earliest",
    "oldest": "oldest",
    "fastest": "fastest quickest",
    "heaviest": "heaviest",
    "lightest": "lightest",
    "hottest": "hottest",
    "coldest": "coldest",
}
_RELATION = {form: relation for relation, forms in _RELATION_FORMS.items() for form in forms.split()}
# The particular ways of making: "made" or "created" asks the same as any of them.
MAKING = frozenset({"painted", "composed", "wrote", "designed", "built", "invented", "sculpted", "directed"})


def asked_relations(text: str) -> frozenset[str]:
    """The relations a question's wording asks of its answer ("painted", "nearest", "named")."""
    return frozenset(_RELATION[w] for w in content_words(text) if w in _RELATION)


def same_relation(a: AbstractSet[str], b: AbstractSet[str]) -> bool:
    """Whether two questions ask the same of their answer: a relation in common, or a general
    verb of making ("created") against a particular one ("painted")."""
    if a & b:
        return True
    return "made" in a and bool(b & MAKING) or "made" in b and bool(a & MAKING)
