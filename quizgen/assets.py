"""Files a bank refers to (images): found only inside the bank's own folder.

Every format asks here, so no format can be talked into reading `/etc/passwd` or following a
symbolic link out of the folder.
"""

from __future__ import annotations

from pathlib import Path

from quizgen.markup import unsafe_image_reason

MAX_ASSET_BYTES = 10 * 1024 * 1024


class AssetError(ValueError):
    """Why an image cannot be used; the message completes "image 'x' ..."."""


def resolve(folder: Path, src: str) -> Path:
    """The real file behind `src`, which must stay inside `folder`, or AssetError."""
    reason = unsafe_image_reason(src)
    if reason:
        raise AssetError(reason)
    root = folder.resolve()
    target = (root / src).resolve()
    if not target.is_relative_to(root):
        raise AssetError("leads outside the bank's folder (through a link)")
    if not target.is_file():
        raise AssetError(f"was not found in the bank's folder ({folder})")
    size = target.stat().st_size
    if size > MAX_ASSET_BYTES:
        raise AssetError(f"is {size / 2**20:.1f} MiB; the limit is {MAX_ASSET_BYTES / 2**20:g} MiB per image")
    return target


def read(folder: Path, src: str) -> bytes:
    return resolve(folder, src).read_bytes()
