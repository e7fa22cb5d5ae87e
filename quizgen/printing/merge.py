"""Several printed documents in one PDF, keeping what makes them accessible: the papers
(`-f pdf --collate`) and the answer sheets (`-f sheets --collate`), in version or class order, and
the parts of one long document (`formats/pdf/merge.join`), each with one structure tree (tags),
the language, title and reading direction of the first."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject


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
    join_structure(writer, readers, starts)
    metadata: dict = dict(readers[0].metadata or {})
    if title:
        metadata["/Title"] = title
    writer.add_metadata(metadata)
    carry_catalog(writer, readers[0])
    for label, start in zip(labels or [], starts):
        writer.add_outline_item(title=label, page_number=start)
    if hasattr(writer, "compress_identical_objects"):  # drops the parts' old tree roots too
        writer.compress_identical_objects()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def carry_catalog(writer: PdfWriter, first: PdfReader) -> None:
    """What a tagged document's catalog says about the whole document, from its first part:
    the language, that it is tagged, the viewer preferences (title shown, reading direction)
    and the XMP metadata naming PDF/UA."""
    catalog = first.trailer["/Root"]
    assert isinstance(catalog, DictionaryObject)  # the document catalog (/Root) is a dictionary
    for key in ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata"):
        if key in catalog:
            writer.root_object[NameObject(key)] = catalog.raw_get(key).clone(writer)


def join_structure(writer: PdfWriter, readers: list[PdfReader], starts: list[int]) -> None:
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
