"""Files a bank refers to (images): found only inside the bank's own folder, and only images.

Every format asks here, so no format can be talked into reading `/etc/passwd`, following a
symbolic link out of the folder, or decoding a picture of a billion pixels. What a file is comes
from its first bytes, never from its name: `notes.txt` renamed `notes.png` is not an image.
"""

from __future__ import annotations

import io
import posixpath
import warnings
from pathlib import Path
from typing import BinaryIO, NamedTuple
from urllib.parse import unquote

from quizgen.bank import limits
from quizgen.text.markup import unsafe_image_reason

# The formats every output can show (browsers, Anki, WeasyPrint), by their signatures.
IMAGE_MIME = {"png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp"}
_HEADER_BYTES = 12


def image_kind(path: Path) -> str | None:
    """ "png", "jpeg", "gif" or "webp" when the file's content starts like one, else None."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(_HEADER_BYTES)
    except OSError:
        return None
    return _kind_of(head)


def _kind_of(head: bytes) -> str | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def image_size(path: Path | BinaryIO) -> tuple[int, int] | None:
    """(width, height) from the image's header, without decoding its pixels; None if unreadable.

    Pillow reads only the header here (it is lazy until pixels are asked for). Its own guard
    against decompression bombs refuses to even open an image of more than about 180 million
    pixels: that is reported as too large too, with the size it names unknown."""
    from PIL import Image, UnidentifiedImageError

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(path, formats=[kind.upper() for kind in IMAGE_MIME]) as image:
                return image.size
        except Image.DecompressionBombError:
            return (2**31, 2**31)  # bigger than any limit; Pillow would never decode it
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):  # SyntaxError: Pillow's "broken header"
            return None


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
    _check_size(size)
    _check_image(target, image_kind(target))
    return target


def check_image_data(data: bytes) -> None:
    """The checks `resolve` makes on a file, made on an image's bytes before anything writes
    them (the images an imported file carries): AssetError if a bank could not use it."""
    _check_size(len(data))
    _check_image(io.BytesIO(data), _kind_of(data[:_HEADER_BYTES]))


def _check_size(size: int) -> None:
    if size > limits.IMAGE_MB.value() * 2**20:
        raise AssetError(limits.IMAGE_MB.exceeded(f"{size / 2**20:.1f} MiB"))


def _check_image(target: Path | BinaryIO, kind: str | None) -> None:
    """Refuse what no output could show: a non-image, or an image too big to decode. Otherwise
    a browser shows only the alt text, and WeasyPrint leaves the image out without a word."""
    if kind is None:
        raise AssetError("is not a PNG, JPEG, GIF or WebP image (its content says so, whatever its name)")
    dimensions = image_size(target)
    if dimensions is None:
        raise AssetError("is damaged: its width and height cannot be read")
    width, height = dimensions
    if width * height > limits.IMAGE_MEGAPIXELS.value() * 1_000_000:
        shown = f"{width:,} x {height:,} pixels" if width < 2**31 else "more than 178 million pixels"
        raise AssetError(limits.IMAGE_MEGAPIXELS.exceeded(shown))
    if not _pixels_readable(target):
        raise AssetError(
            "is damaged: its header is whole but its pixels cannot be read (a cut-off "
            "download or copy?); save it again from the original"
        )


def _pixels_readable(target: Path | BinaryIO) -> bool:
    """Whether the image data past the header is whole. A damaged one would print as a black or
    grey box in the PDF and a broken-image icon on the page. Pillow checks a PNG's checksums
    without decoding it; other kinds are decoded (their size is already within the limit)."""
    from PIL import Image, ImageFile, UnidentifiedImageError

    # WeasyPrint, once imported, tells Pillow to accept cut-off files; here they must be refused.
    lenient, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    if not isinstance(target, Path):
        target.seek(0)  # read once already, for its size
    try:
        with Image.open(target) as image:
            if image.format == "PNG":
                image.verify()
            else:
                image.load()
    except (OSError, SyntaxError, ValueError, UnidentifiedImageError, Image.DecompressionBombError):
        return False
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient
    return True


def read(folder: Path, src: str) -> bytes:
    return resolve(folder, src).read_bytes()


class Image(NamedTuple):
    data: bytes
    suffixes: tuple[str, ...]  # file name endings for this kind of image, the usual one first
    mime: str  # its media type, by its content


_SUFFIXES = {"png": (".png",), "jpeg": (".jpg", ".jpeg"), "gif": (".gif",), "webp": (".webp",)}


def read_image(folder: Path, src: str) -> Image:
    """The image behind `src` (see `resolve`), with the file name endings its content calls for:
    a text file, a page or a program named `photo.png` is refused with AssetError."""
    data = read(folder, src)
    kind = _kind_of(data[:_HEADER_BYTES])
    if kind is None:  # resolve() checked the file; it changed since
        raise AssetError("is not a PNG, JPEG, GIF or WebP image (its content says so, whatever its name)")
    return Image(data, _SUFFIXES[kind], IMAGE_MIME[kind])


class Bundle:
    """Images copied into a package an LMS imports (a zip), each stored once under
    `<folder>/<its path in the bank's folder>`. Raises AssetError like `read` (which refuses
    what is not an image, by its content)."""

    def __init__(self, bank_folder: Path, folder: str = "images"):
        self.bank_folder = bank_folder
        self.folder = folder
        self.files: dict[str, bytes] = {}  # path inside the package -> content

    def add(self, src: str) -> str:
        """The path inside the package of the image `src` (as Markdown gives it)."""
        name = f"{self.folder}/{posixpath.normpath(unquote(src).replace(chr(92), '/'))}"
        if name not in self.files:
            self.files[name] = read(self.bank_folder, src)
        return name
