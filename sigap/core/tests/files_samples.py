"""Sample files of the upload tests, built in memory (no binary fixtures in the repository)."""

from __future__ import annotations

import io
import zipfile
import zlib

from PIL import Image, PngImagePlugin

GPS_IFD = 0x8825
CAMERA_MAKE = 0x010F

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'

WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
EXCEL_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
WORD_MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


def jpeg_with_gps(size: tuple[int, int] = (40, 30)) -> bytes:
    """A JPEG whose EXIF holds a camera make and a GPS position (somewhere in Kutai Kartanegara)."""
    image = Image.new("RGB", size, "red")
    exif = Image.Exif()
    exif[CAMERA_MAKE] = "CanaryCam"
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "S", 2: (0.0, 25.0, 30.0), 3: "E", 4: (117.0, 0.0, 0.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "Shelter Canary")
    out = io.BytesIO()
    Image.new("RGBA", (20, 20), (0, 128, 0, 255)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def png_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A tiny PNG whose header claims ``width`` × ``height`` pixels (a decompression bomb's header)."""
    out = io.BytesIO()
    Image.new("1", (8, 8)).save(out, "PNG")
    data = bytearray(out.getvalue())
    # IHDR starts at byte 8: length (4), type (4), width (4), height (4) … then its CRC over type + data.
    data[16:20], data[20:24] = width.to_bytes(4, "big"), height.to_bytes(4, "big")
    data[29:33] = zlib.crc32(bytes(data[12:29])).to_bytes(4, "big")
    return bytes(data)


def content_types_xml(main_type: str, part: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{part}" ContentType="{main_type}"/></Types>'
    )


def ooxml(
    main_type: str, part: str, *, extra: dict[str, bytes] | None = None, content_types: str | None = None
) -> bytes:
    """A minimal Office Open XML package whose ``[Content_Types].xml`` names ``part`` as ``main_type``."""
    declared = content_types or content_types_xml(main_type, part)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", declared)
        package.writestr(part, "<document/>")
        for name, data in (extra or {}).items():
            package.writestr(name, data)
    return out.getvalue()


def docx(*, extra: dict[str, bytes] | None = None) -> bytes:
    return ooxml(WORD_MAIN, "word/document.xml", extra=extra)


def xlsx() -> bytes:
    return ooxml(EXCEL_MAIN, "xl/workbook.xml")
