"""Photos are re-encoded before they are stored: what a camera writes besides the pixels (EXIF with the
GPS position, the camera's serial number, PNG text chunks) is dropped (DATA-10: an injury photo taken in
the shelter must not reveal where the shelter is).

The pixel count is checked from the header before anything is decoded: a small file that claims
100 000 × 100 000 pixels (a decompression bomb) is refused without allocating them.
"""

from __future__ import annotations

import tempfile
import warnings
from typing import IO

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from sigap.core.files.kinds import JPEG, FileKind, FileRefused

_PILLOW_FORMAT = {"jpeg": "JPEG", "png": "PNG"}
# Modes a JPEG can hold; anything else (RGBA from a PNG renamed .jpg, P, I;16) is converted to RGB.
_JPEG_MODES = {"RGB", "L", "CMYK"}


def _unreadable() -> FileRefused:
    return FileRefused(_("The photo cannot be read. Take or save it again as JPEG or PNG."), code="image")


def image_clean(file: IO[bytes], kind: FileKind) -> IO[bytes]:
    """A new temporary file holding ``file``'s image re-encoded without metadata; refused if unreadable."""
    max_pixels = int(settings.SIGAP_ATTACHMENT_MAX_PIXELS)
    file.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that: make the warning a refusal too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as opened:
                if opened.format != _PILLOW_FORMAT[kind.name]:
                    raise _unreadable()
                width, height = opened.size
                if width * height > max_pixels:
                    raise FileRefused(
                        _("The photo is too large (more than %(megapixels)d megapixels).")
                        % {"megapixels": max_pixels // 1_000_000},
                        code="image",
                    )
                opened.load()
                image = ImageOps.exif_transpose(opened)  # keep it upright once the EXIF orientation is gone
                return _encode(image, kind)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _unreadable() from None


def _encode(image: Image.Image, kind: FileKind) -> IO[bytes]:
    out: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)  # noqa: SIM115
    # No ``exif=`` and no ``pnginfo=``: Pillow writes neither unless asked. The ICC profile is colour, kept.
    options = {"icc_profile": image.info["icc_profile"]} if image.info.get("icc_profile") else {}
    if kind == JPEG:
        if image.mode not in _JPEG_MODES:
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=92, **options)
    else:
        image.save(out, "PNG", optimize=False, **options)
    out.seek(0)
    return out
