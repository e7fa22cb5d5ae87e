"""Join separately rendered parts of one document into one PDF and lay its page frame over them.

The parts carry the content without footers; the frame is PDFs of as many blank pages in all,
each with its footers ("Page 3 of 40"). Every frame page becomes a form XObject drawn over the
matching page after that page's own content, which is kept as it was (its compressed streams are
copied, never decoded), wrapped in q/Q so the frame starts from a clean graphics state.

Done with pypdf: the parts' objects are copied, so the memory used is about the size of the
finished PDF, whatever the size of the bank. Each part keeps its own font subsets.
"""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
)

from quizgen.printing.merge import carry_catalog, join_structure

FRAME = NameObject("/QuizgenFrame")


def join(parts: list[bytes], frames: list[bytes]) -> bytes:
    """The parts' pages in order, each with the matching page of the frames (also in parts)."""
    writer = PdfWriter()
    readers = [PdfReader(io.BytesIO(data)) for data in parts]
    starts = []
    for reader in readers:
        starts.append(len(writer.pages))
        writer.append(reader)
    join_structure(writer, readers, starts)
    frame_pdfs = [PdfReader(io.BytesIO(data)) for data in frames]
    frame_pages = [page for frame_pdf in frame_pdfs for page in frame_pdf.pages]
    if len(frame_pages) != len(writer.pages):
        raise ValueError(f"the page frame has {len(frame_pages)} pages for {len(writer.pages)}")
    before = writer._add_object(_stream(b"q\n"))
    after = writer._add_object(_stream(b"\nQ\nq " + FRAME.encode() + b" Do Q\n"))
    seen: set[int] = set()
    for page, frame_page in zip(writer.pages, frame_pages):
        drawn = frame_page.get_contents()
        assert drawn is not None  # every page of the frame draws its header and footer
        form = _stream(drawn.get_data())
        form.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): ArrayObject(frame_page.mediabox),
                NameObject("/Resources"): frame_page.raw_get("/Resources").clone(writer),
            }
        )
        resources = _own_resources(page, writer, seen)
        xobjects = DictionaryObject(resources.get("/XObject", DictionaryObject()))
        xobjects[FRAME] = writer._add_object(form)
        resources[NameObject("/XObject")] = xobjects
        contents = page.raw_get("/Contents")
        own = list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) else [contents]
        page[NameObject("/Contents")] = ArrayObject([before, *own, after])
    first = frame_pdfs[0]  # rendered from the same template: the document's title and language
    writer.add_metadata(dict(first.metadata or {}))
    carry_catalog(writer, first)
    writer.pdf_header = first.pdf_header
    if hasattr(writer, "compress_identical_objects"):  # pypdf 4.3+: the dictionaries every part
        writer.compress_identical_objects()  # repeats are written once (12% smaller)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _own_resources(page, writer: PdfWriter, seen: set[int]) -> DictionaryObject:
    """The page's resource dictionary, made its own if other pages share it (WeasyPrint gives
    each page its own), so that adding this page's frame changes no other page."""
    raw = page.raw_get("/Resources") if "/Resources" in page else None
    if isinstance(raw, IndirectObject) and raw.idnum not in seen:
        seen.add(raw.idnum)
        shared = raw.get_object()
        assert isinstance(shared, DictionaryObject)  # a page's /Resources is a dictionary
        return shared
    copy = DictionaryObject(raw.get_object() if raw is not None else {})
    page[NameObject("/Resources")] = writer._add_object(copy)
    return copy


def _stream(data: bytes):
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream.flate_encode()
