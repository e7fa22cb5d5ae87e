"""Scanned files as greyscale page images: every page of a PDF, every frame of a TIFF, an image.

A file or page that cannot be read becomes a `Page` with a `problem` instead of an image, so one
bad file never stops the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import numpy as np
from PIL import Image, ImageOps, ImageSequence

DPI = 150  # PDFs are rasterised at this: bubbles are 30 pixels wide, plenty to read
MAX_PAGES = 2000  # per PDF: a bigger file is surely not a class's scans
MAX_PIXELS = 60_000_000  # per image: an A4 page at 600 dpi is 35 million


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
        for index in range(min(count, MAX_PAGES)):
            try:
                page = document[index]
                width, height = page.get_size()
                scale = DPI / 72
                if width * height * scale * scale > MAX_PIXELS:
                    scale = (MAX_PIXELS / (width * height)) ** 0.5
                bitmap = page.render(scale=scale, grayscale=True)
                image = np.array(bitmap.to_pil().convert("L"))
                yield Page(path, index + 1, image)
            except pdfium.PdfiumError as error:
                yield Page(path, index + 1, problem=f"this page cannot be rendered ({error})")
        if count > MAX_PAGES:
            yield Page(path, MAX_PAGES + 1, problem=f"has {count} pages; only the first {MAX_PAGES} were read")
    finally:
        document.close()


def _image(path: Path) -> Iterator[Page]:
    try:
        with Image.open(path) as opened:
            frames = ImageSequence.Iterator(opened)
            for number, frame in enumerate(frames, start=1):
                if number > MAX_PAGES:
                    break
                # Opening reads only the header: a huge image is refused before it is decoded.
                if frame.size[0] * frame.size[1] > MAX_PIXELS:
                    yield Page(path, number, problem=f"is an image larger than {MAX_PIXELS} pixels")
                    continue
                # A phone's photo says which way up it is in its EXIF data.
                upright = ImageOps.exif_transpose(frame)
                yield Page(path, number, np.array(upright.convert("L")))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        yield Page(path, 1, problem=f"is an image larger than {MAX_PIXELS} pixels")
    except (OSError, ValueError, SyntaxError) as error:  # Pillow's "cannot identify image file" is OSError
        yield Page(path, 1, problem=f"is neither a PDF nor an image quizgen can read (PNG, JPEG, TIFF): {error}")
