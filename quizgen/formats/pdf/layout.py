"""How a paper or key is cut for rendering: whole when it is short, or in `Part`s, runs of
questions rendered on their own and joined afterwards (`merge.py`), with the page frame laid over
them. What each version holds is `quizgen.present.versions`."""

from __future__ import annotations

from dataclasses import dataclass

from quizgen.present.versions import Printed, Version


@dataclass(frozen=True)
class Part:
    """What one rendering of a paper or key template prints.

    The whole document is one part with everything and its page footers (`frame`). A long
    document is cut into parts of whole questions, each starting on a new page and printed
    without footers; its page frame is then rendered as more parts of `blank_pages` empty pages
    that carry only the footers ("Page 3 of 40"), and laid over the joined parts.
    """

    head: bool = False  # the title block, fields and instructions
    grid: tuple = ()  # key: answer-grid tables (see Version.grid)
    answers_head: bool = False  # key: the "Answers and explanations" heading
    questions: tuple[Printed, ...] = ()
    frame: bool = True  # prints the page footers
    blank_pages: int = 0  # > 0: (a piece of) the page frame of a document
    first_page: int = 1  # cut in parts: its pages first_page, ... of
    total_pages: int = 0  # total_pages


def whole(version: Version, kind: str) -> Part:
    """The whole paper or key as one part."""
    grid = tuple(version.grid()) if kind == "key" else ()
    return Part(head=True, grid=grid, answers_head=True, questions=version.questions)


def parts(version: Version, kind: str, questions_per_part: int, grid_tables_per_part: int) -> list[Part]:
    """The paper or key cut into parts of at most `questions_per_part` questions.

    The key's answer grid comes first, in parts of `grid_tables_per_part` tables, then the answers.
    A part never splits a question; the header goes with the first part.
    """
    qs = version.questions
    step = max(1, questions_per_part)
    if kind == "paper":
        return [
            Part(head=start == 0, questions=qs[start : start + step], frame=False)
            for start in range(0, max(len(qs), 1), step)
        ]
    tables = version.grid()
    per = max(1, grid_tables_per_part)
    made = [
        Part(head=start == 0, grid=tuple(tables[start : start + per]), frame=False)
        for start in range(0, max(len(tables), 1), per)
    ]
    made += [
        Part(answers_head=start == 0, questions=qs[start : start + step], frame=False)
        for start in range(0, len(qs), step)
    ]
    return made


def frames(total_pages: int, pages_per_part: int) -> list[Part]:
    """The page frame of a document of `total_pages` pages, in parts of `pages_per_part` pages."""
    step = max(1, pages_per_part)
    return [
        Part(blank_pages=min(step, total_pages - start), first_page=start + 1, total_pages=total_pages)
        for start in range(0, total_pages, step)
    ]
