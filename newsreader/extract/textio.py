"""Turn the bytes of a scraped file into text, whatever its encoding, or say why not.

`decode_bytes` never raises on content: it returns the text, or raises `UndecodableFile`
with a one-line reason (empty, binary, not text).
"""

from __future__ import annotations

import codecs
import re

# Magic numbers of binary formats that turn up with a text extension.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"PK\x03\x04", "zip archive"),
    (b"%PDF-", "PDF document"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\x7fELF", "executable"),
    (b"RIFF", "RIFF media file"),
    (b"OggS", "Ogg media file"),
    (b"ID3", "MP3 audio"),
    (b"\x00\x00\x01\x00", "icon image"),
    (b"SQLite format 3\x00", "SQLite database"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Control characters that never belong in prose (tab, newline, CR, form feed and ESC excluded;
# ESC is kept so that hostile escape sequences are shown, neutralised, rather than hidden).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_BINARY_CONTROL_RATIO = 0.05


class UndecodableFile(ValueError):
    """The bytes are not a text article; the message is a one-line reason."""


def _utf16_without_bom(data: bytes) -> str | None:
    """Return the codec name if `data` looks like BOM-less UTF-16 text, else None."""
    if len(data) < 4:
        return None
    sample = data[:4096]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) / 2
    if odd_nuls > 0.3 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.3 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def _decode(data: bytes) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    wide = _utf16_without_bom(data)
    if wide:
        return data.decode(wide, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Legacy 8-bit fallback: Windows-1252 is what mis-declared Western pages almost always are;
    # its five undefined bytes become U+FFFD instead of an error.
    return data.decode("cp1252", errors="replace")


def decode_bytes(data: bytes) -> str:
    """Return the text of `data` with line endings normalised to "\\n".

    Raises UndecodableFile for empty, binary or non-text content.
    """
    if not data.strip():
        raise UndecodableFile("empty file")
    for magic, kind in _BINARY_MAGIC:
        if data.startswith(magic):
            raise UndecodableFile(f"binary file ({kind}), not text")
    text = _decode(data)
    controls = len(_CONTROL.findall(text))
    if controls > max(8, _BINARY_CONTROL_RATIO * len(text)):
        raise UndecodableFile("binary file (control bytes), not text")
    if controls:
        text = _CONTROL.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise UndecodableFile("no text in file")
    return text
