"""Files a bank refers to (images): found only inside the bank's own folder.

Every format asks here, so no format can be talked into reading `/etc/passwd` or following a
symbolic link out of the folder.
"""

from __future__ import annotations

from pathlib import Path
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


class Bundle:
    """Images copied into a package an LMS imports (a zip), each stored once under
    `<folder>/<its path in the bank's folder>`. Raises AssetError like `read`."""

    def __init__(self, bank_folder: Path, folder: str = "images"):
        self.bank_folder = bank_folder
        self.folder = folder
        self.files: dict[str, bytes] = {}  # path inside the package -> content

    def add(self, src: str) -> str:
        """The path inside the package of the image `src` (as Markdown gives it)."""
        import mimetypes

        import posixpath

        name = f"{self.folder}/{posixpath.normpath(unquote(src).replace(chr(92), '/'))}"
        if name not in self.files:
            mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
            data = read(self.bank_folder, src)
            if not mime.startswith("image/"):
                raise AssetError(f"is not an image file ({mime})")
            self.files[name] = data
        return name
