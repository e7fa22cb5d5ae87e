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
    NumberObject,
)

FRAME = NameObject("/QuizgenFrame")


def join(parts: list[bytes], frames: list[bytes]) -> bytes:
    """The parts' pages in order, each with the matching page of the frames (also in parts)."""
    writer = PdfWriter()
    readers = [PdfReader(io.BytesIO(data)) for data in parts]
    starts = []
    for reader in readers:
        starts.append(len(writer.pages))
        writer.append(reader)
    _join_structure(writer, readers, starts)
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
    _carry_catalog(writer, first)
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


def collate(documents: list[bytes], title: str = "", labels: list[str] | None = None) -> bytes:
    """Several documents in one PDF for the print shop, each starting on an odd (right-hand) page:
    a document of an odd number of pages is followed by a blank page, so printed double-sided no
    sheet holds the end of one student's paper and the start of the next. `title` replaces the
    first document's; each document gets a bookmark named by its `labels` ("Version A")."""
    writer = PdfWriter()
    readers = [PdfReader(io.BytesIO(data)) for data in documents]
    starts = []
    for reader in readers:
        starts.append(len(writer.pages))
        writer.append(reader, import_outline=False)
        if len(reader.pages) % 2:
            box = reader.pages[-1].mediabox
            writer.add_blank_page(width=box.width, height=box.height)
    _join_structure(writer, readers, starts)
    metadata: dict = dict(readers[0].metadata or {})
    if title:
        metadata["/Title"] = title
    writer.add_metadata(metadata)
    _carry_catalog(writer, readers[0])
    for label, start in zip(labels or [], starts):
        writer.add_outline_item(title=label, page_number=start)
    if hasattr(writer, "compress_identical_objects"):  # drops the parts' old tree roots too
        writer.compress_identical_objects()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _carry_catalog(writer: PdfWriter, first: PdfReader) -> None:
    """What a tagged document's catalog says about the whole document, from its first part:
    the language, that it is tagged, the viewer preferences (title shown, reading direction)
    and the XMP metadata naming PDF/UA."""
    catalog = first.trailer["/Root"]
    assert isinstance(catalog, DictionaryObject)  # the document catalog (/Root) is a dictionary
    for key in ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata"):
        if key in catalog:
            writer.root_object[NameObject(key)] = catalog.raw_get(key).clone(writer)


def _join_structure(writer: PdfWriter, readers: list[PdfReader], starts: list[int]) -> None:
    """One structure tree (the tags) for the joined pages: each document's tree under one root,
    its parent-tree keys (and its pages' `/StructParents`) moved past the documents' before it.
    pypdf's `append` copies pages but not the tree, which would leave the result untagged."""
    root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
    root_ref = writer._add_object(root)
    kids = ArrayObject()
    nums = ArrayObject()
    offset = 0
    for reader, start in zip(readers, starts):
        catalog = reader.trailer["/Root"]
        tree = catalog.get("/StructTreeRoot") if isinstance(catalog, DictionaryObject) else None
        pages = writer.pages[start : start + len(reader.pages)]
        if tree is None:
            continue
        tree = tree.get_object()
        top = tree["/K"].get_object()
        for element in top if isinstance(top, ArrayObject) else [tree.raw_get("/K")]:
            clone = element.clone(writer)
            clone.get_object()[NameObject("/P")] = root_ref
            kids.append(clone)
        pairs = tree["/ParentTree"].get_object().get("/Nums", ArrayObject())
        for key, value in zip(pairs[::2], pairs[1::2]):
            nums.extend([NumberObject(int(key) + offset), value.clone(writer)])
        for page, source in zip(pages, reader.pages):  # pypdf's copy leaves /StructParents out
            if "/StructParents" in source:
                page[NameObject("/StructParents")] = NumberObject(int(source["/StructParents"]) + offset)  # type: ignore[call-overload]
            for annotation in page.get("/Annots") or []:
                annotation = annotation.get_object()
                if "/StructParent" in annotation:
                    annotation[NameObject("/StructParent")] = NumberObject(int(annotation["/StructParent"]) + offset)
        offset += max((int(key) for key in pairs[::2]), default=-1) + 1
    if not kids:
        return
    root[NameObject("/K")] = kids
    root[NameObject("/ParentTree")] = writer._add_object(DictionaryObject({NameObject("/Nums"): nums}))
    root[NameObject("/ParentTreeNextKey")] = NumberObject(offset)
    writer.root_object[NameObject("/StructTreeRoot")] = root_ref
