"""Limits on what one bank (or a file given to `import` or `grade`) may ask of quizgen, and how a
user raises them.

A shared bank is untrusted: a megabyte-long prompt or a 500 MB image is a mistake or an attack,
and every format would pay for it in time and memory. Each limit has a generous default and an
environment variable that raises it (the bank file size also has `--max-bank-mb`); every message
that reports a limit names the way to change it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    variable: str  # the environment variable that overrides the default
    default: float
    unit: str  # how the value is counted, for messages

    def value(self) -> float:
        raw = os.environ.get(self.variable, "").strip()
        try:
            value = float(raw) if raw else self.default
        except ValueError:
            value = self.default
        return value if value > 0 else self.default

    def exceeded(self, actual: str, verb: str = "is") -> str:
        """`is X; the limit is Y (raise it with VAR=N)`, for a message about one value."""
        return (
            f"{verb} {actual}; the limit is {self.value():,g} {self.unit} "
            f"(raise it with the environment variable {self.variable})"
        )

    def fixed(self) -> FixedLimit:
        """This limit with its value read now, for a loop that asks it for every text."""
        return FixedLimit(self.variable, self.default, self.unit, self.value())


@dataclass(frozen=True)
class FixedLimit(Limit):
    amount: float = 0.0

    def value(self) -> float:
        return self.amount


TEXT_CHARS = Limit("QUIZGEN_MAX_TEXT_CHARS", 20_000, "characters per text")
IMAGE_MB = Limit("QUIZGEN_MAX_IMAGE_MB", 10, "MiB per image")
# Decoded, an image takes 4 bytes a pixel in every format that draws it: a 420 KB PNG of
# 12,000 x 12,000 pixels cost the PDF over a gigabyte. 40 million pixels is a 7,700 x 5,200 photo.
IMAGE_MEGAPIXELS = Limit("QUIZGEN_MAX_IMAGE_MEGAPIXELS", 40, "million pixels per image")
# Lists whose length the format does not fix (accepted answers, tags, evidence terms): 50,000
# accepted answers made one question cost the PDF half a minute and a gigabyte.
LIST_ITEMS = Limit("QUIZGEN_MAX_LIST_ITEMS", 100, "items per list")
# Rendered HTML per character of Markdown (plus markup.GROWTH_ALLOWANCE characters per text).
MARKUP_GROWTH = Limit("QUIZGEN_MAX_MARKUP_GROWTH", 10, "times the text's length")
# Links per text: WeasyPrint pays for each link in time and memory (20 texts of 2,700 links each
# took 286 s and over 1 GiB for one PDF part); real questions link a handful of sources.
LINKS = Limit("QUIZGEN_MAX_LINKS", 100, "links per text")
# Scans for `quizgen grade` are untrusted files too: each page is decoded, graded and released in
# turn, but a 5 KB PDF can declare 100,000 pages, and a TIFF frame's header any size at all.
SCAN_PAGES = Limit("QUIZGEN_MAX_SCAN_PAGES", 2_000, "pages per scan file")
# A decoded frame takes a byte a pixel and locating the sheet several copies more; an A4 page
# scanned at 600 dpi is 35 million pixels, a 48-megapixel phone photo 48.
SCAN_MEGAPIXELS = Limit("QUIZGEN_MAX_SCAN_MEGAPIXELS", 60, "million pixels per scanned page")
# A file given to `quizgen import` is untrusted like a bank: it is refused before it is read when
# larger than this (a workbook also when its parts would inflate past it), and its reader stops
# at the question past the second limit. 10,000 questions make a bank of about 3 MB.
IMPORT_MB = Limit("QUIZGEN_MAX_IMPORT_MB", 32, "MiB per imported file")
IMPORT_QUESTIONS = Limit("QUIZGEN_MAX_IMPORT_QUESTIONS", 10_000, "questions per imported file")
