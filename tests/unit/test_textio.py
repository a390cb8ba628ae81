import codecs

import pytest

from newsreader.extract.textio import UndecodableFile, decode_bytes

TEXT = "Khalifa Haftar’s forces — «café» naïve"


@pytest.mark.parametrize("data", [
    TEXT.encode("utf-8"),
    codecs.BOM_UTF8 + TEXT.encode("utf-8"),
    codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
    codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    TEXT.encode("utf-16-le"),
    TEXT.encode("utf-16-be"),
], ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le-nobom", "utf16be-nobom"])
def test_unicode_encodings_decode_to_the_same_text(data):
    assert decode_bytes(data) == TEXT


def test_windows_1252_falls_back_without_error():
    data = "Haftar’s “forces” café".encode("cp1252")
    assert decode_bytes(data) == "Haftar’s “forces” café"


def test_invalid_utf8_still_decodes():
    assert "Tripoli" in decode_bytes(b"Tripoli \xff\xfe\x81 news")


def test_line_endings_are_normalised():
    assert decode_bytes(b"a\r\nb\rc\nd") == "a\nb\nc\nd"


def test_stray_nul_bytes_are_removed():
    assert decode_bytes(b"Tripo\x00li is a city in Libya, on the sea.") == "Tripoli is a city in Libya, on the sea."


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"   \n\n ", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
    (bytes(range(256)) * 20, "binary"),
])
def test_non_text_is_refused_with_a_reason(data, reason):
    with pytest.raises(UndecodableFile, match=reason):
        decode_bytes(data)
