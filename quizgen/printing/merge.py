"""Several printed documents in one PDF for the print shop: the papers (`-f pdf --collate`) and
the answer sheets (`-f sheets --collate`), in version or class order."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter


def collate(documents: list[bytes]) -> bytes:
    """Several documents in one PDF for the print shop, each starting on an odd (right-hand) page:
    a document of an odd number of pages is followed by a blank page, so printed double-sided no
    sheet holds the end of one student's paper and the start of the next."""
    writer = PdfWriter()
    for data in documents:
        reader = PdfReader(io.BytesIO(data))
        writer.append(reader)
        if len(reader.pages) % 2:
            box = reader.pages[-1].mediabox
            writer.add_blank_page(width=box.width, height=box.height)
    writer.add_metadata(dict(PdfReader(io.BytesIO(documents[0])).metadata or {}))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
