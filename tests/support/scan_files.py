"""Hostile scan files for `quizgen grade`, written byte by byte so a test can make thousands of
pages, or pages of any declared size, in a few kilobytes and milliseconds."""

from __future__ import annotations

import struct

# A one-question bank to grade the hostile files against (they hold no answer sheet).
BANK = """\
id: scans
title: Scans
questions:
  - id: capital
    type: single
    prompt: Capital of France?
    choices: [Paris, Lyon]
    answer: Paris
"""
A6 = (298, 420)  # points: 620 x 875 pixels at the grader's 150 dpi, half a megabyte a page


def blank_pdf(pages: int, width_pt: float = 595, height_pt: float = 842) -> bytes:
    """A PDF of `pages` empty pages of the size given (A4 by default), all sharing one empty
    content stream: 2,000 pages are about 250 KB."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{n + 4} 0 R" for n in range(pages))
    objects.append(f"<< /Type /Pages /Count {pages} /Kids [{kids}] >>".encode())
    objects.append(b"<< /Length 0 >>\nstream\n\nendstream")
    page = f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width_pt} {height_pt}] /Contents 3 0 R >>"
    objects += [page.encode()] * pages
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def tiff_frames(frames: int, width: int, height: int) -> bytes:
    """A little-endian TIFF of `frames` greyscale frames, each declaring `width` x `height`
    pixels but carrying one strip of a single byte: only its headers can be read."""
    entries = 9
    ifd_size = 2 + entries * 12 + 4
    out = bytearray(b"II*\x00" + struct.pack("<I", 8))
    for index in range(frames):
        start = len(out)
        data = start + ifd_size  # the one byte of pixels, right after this frame's directory
        following = data + 2 if index + 1 < frames else 0
        tags = [
            (256, 4, width),  # ImageWidth, LONG
            (257, 4, height),  # ImageLength
            (258, 3, 8),  # BitsPerSample, SHORT
            (259, 3, 1),  # Compression: none
            (262, 3, 1),  # PhotometricInterpretation: black is zero
            (273, 4, data),  # StripOffsets
            (277, 3, 1),  # SamplesPerPixel
            (278, 4, height),  # RowsPerStrip
            (279, 4, 1),  # StripByteCounts
        ]
        out += struct.pack("<H", entries)
        for tag, kind, value in tags:
            out += struct.pack("<HHI", tag, kind, 1) + (
                struct.pack("<HH", value, 0) if kind == 3 else struct.pack("<I", value)
            )
        out += struct.pack("<I", following) + b"\xff\x00"
    return bytes(out)
