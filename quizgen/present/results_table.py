"""The words of `quizgen grade`'s results.csv (docs/grading-scans.md): written by
`quizgen.scans`, read back by `quizgen.report.sheets`, so the two agree by construction.

A row is one student's answer sheet, all its pages; then one column per question number on the
paper, holding the letters read or one of the words below. Files written before the `name`
column (`OLD_COLUMNS`) held a row per scanned page.
"""

from __future__ import annotations

COLUMNS = ["file", "page", "version", "student", "name", "score", "max", "flags"]
OLD_COLUMNS = ["file", "page", "version", "student", "score", "max", "flags"]  # a row per page
BY_HAND = "by hand"  # a question marked by hand
NOT_ON_PAPER = "not on this paper"  # a question number past those this version drew
PAGE_NOT_FOUND = "page not found"  # on a page of the student's sheet that was not among the scans
