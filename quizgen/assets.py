"""Files a bank refers to (images): found only inside the bank's own folder.

Every format asks here, so no format can be talked into reading `/etc/passwd` or following a
symbolic link out of the folder.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote

from quizgen import limits
from quizgen.markup import unsafe_image_reason



class AssetError(ValueError):
    """Why an image cannot be used; the message completes "image 'x' ..."."""


def resolve(folder: Path, src: str) -> Path:
    """The real file behind `src`, which must stay inside `folder`, or AssetError.

    `src` is an image source as Markdown gives it, percent-encoded (`caf%C3%A9.png`); the checks
    run on the decoded name, which is the one opened.
    """
    reason = unsafe_image_reason(src)
    if reason:
        raise AssetError(reason)
    name = unquote(src)
    if "\0" in name:
        raise AssetError("has a NUL character in its name")
    root = folder.resolve()
    try:
        target = (root / name).resolve()
        if not target.is_relative_to(root):
            raise AssetError("leads outside the bank's folder (through a link)")
        if not target.is_file():
            raise AssetError(f"was not found in the bank's folder ({folder})")
        size = target.stat().st_size
    except (OSError, RuntimeError) as error:  # name too long, a loop of links (RuntimeError < 3.13)
        raise AssetError(f"cannot be opened ({getattr(error, 'strerror', None) or error})") from None
    if size > limits.IMAGE_MB.value() * 2**20:
        raise AssetError(limits.IMAGE_MB.exceeded(f"{size / 2**20:.1f} MiB"))
    return target


def read(folder: Path, src: str) -> bytes:
    return resolve(folder, src).read_bytes()


class Image(NamedTuple):
    data: bytes
    suffixes: tuple[str, ...]  # file name endings for this kind of image, the usual one first


# What may be shown as an image, by what its bytes say (Pillow's name for the format).
_IMAGE_SUFFIXES = {"PNG": (".png",), "JPEG": (".jpg", ".jpeg"), "GIF": (".gif",), "WEBP": (".webp",)}
_SVG = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]",
                  re.S | re.I)


def read_image(folder: Path, src: str) -> Image:
    """The image behind `src` (see `resolve`), recognised by its content, not its name: a text
    file, a page or a program named `photo.png` is refused with AssetError."""
    data = read(folder, src)
    if _SVG.match(data[:4096]):
        return Image(data, (".svg",))
    import io

    from PIL import Image as PillowImage, UnidentifiedImageError

    try:
        with PillowImage.open(io.BytesIO(data), formats=list(_IMAGE_SUFFIXES)) as picture:
            kind = picture.format
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        kind = None
    if kind not in _IMAGE_SUFFIXES:
        raise AssetError("is not a PNG, JPEG, GIF, WebP or SVG image (judged by its content, not its name)")
    return Image(data, _IMAGE_SUFFIXES[kind])
