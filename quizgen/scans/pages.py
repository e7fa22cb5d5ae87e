"""Scanned files as greyscale page images: every page of a PDF, every frame of a TIFF, an image.

Pages come one at a time, and the caller drops each before asking for the next, so a file of
2,000 pages costs the memory of one. A file or page that cannot be read becomes a `Page` with a
`problem` instead of an image, so one bad file never stops the others. Scans are anyone's files:
a file with more pages than `limits.SCAN_PAGES` is refused before any page is read, a PDF page is
rasterised at most at `RENDER_PIXELS` whatever size it declares, and an image frame larger than
`limits.SCAN_MEGAPIXELS` is refused from its header, before it is decoded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import numpy as np
from PIL import Image, ImageOps, ImageSequence

from quizgen.bank import limits

DPI = 150  # PDFs are rasterised at this: bubbles are 30 pixels wide, plenty to read
# A PDF page is drawn at DPI but never bigger than this: an A3 page at 150 dpi is 4.4 million
# pixels, and a page that declares itself a square kilometre costs no more than that.
RENDER_PIXELS = 9_000_000


def _max_pages() -> int:
    return int(limits.SCAN_PAGES.value())


def _max_pixels() -> int:
    return int(limits.SCAN_MEGAPIXELS.value() * 1_000_000)


def _too_many(count: int) -> str:
    return "has " + limits.SCAN_PAGES.exceeded(f"{count:,} pages", verb="").strip() + "; no page was read"


@dataclass
class Page:
    file: Path
    number: int  # 1-based, in the file
    image: np.ndarray | None = None  # uint8 greyscale
    problem: str = ""


def read(path: Path) -> Iterator[Page]:
    path = Path(path)
    try:
        with path.open("rb") as f:
            head = f.read(5)
    except OSError as error:
        yield Page(path, 1, problem=f"cannot be read: {error.strerror or error}")
        return
    if head == b"%PDF-":
        yield from _pdf(path)
    else:
        yield from _image(path)


def _pdf(path: Path) -> Iterator[Page]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        yield Page(path, 1, problem=f"is not a readable PDF ({error})")
        return
    try:
        count = len(document)
        if count == 0:
            yield Page(path, 1, problem="is a PDF without pages")
        elif count > _max_pages():
            yield Page(path, 1, problem=_too_many(count))
        else:
            for index in range(count):
                yield _pdf_page(path, document, index)
    finally:
        document.close()


def _pdf_page(path: Path, document, index: int) -> Page:
    import pypdfium2 as pdfium

    page = bitmap = None
    try:
        page = document[index]
        width, height = page.get_size()  # in points, as the file declares them
        scale = DPI / 72
        bound = min(RENDER_PIXELS, _max_pixels())
        if width * height * scale * scale > bound:
            scale = (bound / max(width * height, 1.0)) ** 0.5
        bitmap = page.render(scale=scale, grayscale=True)
        return Page(path, index + 1, np.array(bitmap.to_pil().convert("L")))
    except pdfium.PdfiumError as error:
        return Page(path, index + 1, problem=f"this page cannot be rendered ({error})")
    finally:
        # pdfium keeps a loaded page (and its bitmap) until closed, not until collected.
        for opened in (bitmap, page):
            if opened is not None:
                opened.close()


def _image(path: Path) -> Iterator[Page]:
    limit = _max_pixels()
    too_big = "is an image of " + limits.SCAN_MEGAPIXELS.exceeded("{:,} x {:,} pixels", verb="").strip()
    try:
        with Image.open(path) as opened:
            count = getattr(opened, "n_frames", 1)  # a TIFF's frames are counted from their headers
            if count > _max_pages():
                yield Page(path, 1, problem=_too_many(count))
                return
            for number, frame in enumerate(ImageSequence.Iterator(opened), start=1):
                # Opening reads only the header: a huge frame is refused before it is decoded.
                if frame.size[0] * frame.size[1] > limit:
                    yield Page(path, number, problem=too_big.format(*frame.size))
                    continue
                # A phone's photo says which way up it is in its EXIF data.
                upright = ImageOps.exif_transpose(frame)
                yield Page(path, number, np.array(upright.convert("L")))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        yield Page(path, 1, problem=f"is an image too large to decode ({error})")
    except (OSError, ValueError, SyntaxError) as error:  # Pillow's "cannot identify image file" is OSError
        yield Page(path, 1, problem=f"is neither a PDF nor an image quizgen can read (PNG, JPEG, TIFF): {error}")
