"""Uploads checked by content (services.records.documents.check_upload): evidence, added
information, letters of authority and paper petition sheets all go through it."""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest

from portal.services.records import documents
from portal.services.records.documents import UploadError, check_upload

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def zipped(entries: dict) -> bytes:
    """A ZIP of `entries`; a (chunk, times) value, or a list of them, is written as each
    chunk repeated, streamed, so a test never holds the unpacked bytes (no ZIP64 fields)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            if isinstance(content, bytes):
                archive.writestr(name, content)
                continue
            with archive.open(name, "w") as entry:
                for chunk, times in content if isinstance(content, list) else [content]:
                    for _ in range(times):
                        entry.write(chunk)
    return buffer.getvalue()


def odt(body: bytes = b"<office:document-content/>") -> bytes:
    return zipped({"mimetype": ODT_MIMETYPE, "content.xml": body})


def docx(body: bytes | tuple[bytes, int] = b"<w:document/>") -> bytes:
    return zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": body})


# -- 1. a document that unpacks to far more than it is ---------------------------------------


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """An ODT of ~100 KB whose `mimetype` entry unpacks to 100 MB (the trial's was 292 KB
    inflating to 300 MB, and took the worker to 699 MB)."""
    return zipped({"mimetype": [(ODT_MIMETYPE, 1), (b"\0" * 1024 * 1024, 100)]})


def test_an_odt_whose_mimetype_entry_unpacks_to_a_hundred_megabytes_is_refused_cheaply(bomb):
    assert len(bomb) < 200 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(UploadError) as refused:
            check_upload("bomb.odt", bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024, f"checking the upload held {peak:,} bytes"
    message = str(refused.value)
    assert message.startswith("bomb.odt is a document that unpacks to too much (more than 50MB")
    assert "Save it as a PDF, or split it into smaller documents" in message


def understated(data: bytes, name: bytes, size: int) -> bytes:
    """The ZIP with `name`'s uncompressed size rewritten to `size`, in its local header and
    in the central directory (a bomb that lies about what it unpacks to)."""
    data = bytearray(data)
    local = data.index(b"PK\x03\x04")
    while data[local + 30:local + 30 + len(name)] != name:
        local = data.index(b"PK\x03\x04", local + 4)
    data[local + 22:local + 26] = size.to_bytes(4, "little")
    central = data.index(b"PK\x01\x02")
    while data[central + 46:central + 46 + len(name)] != name:
        central = data.index(b"PK\x01\x02", central + 4)
    data[central + 24:central + 28] = size.to_bytes(4, "little")
    return bytes(data)


def test_a_docx_that_understates_what_it_unpacks_to_is_refused():
    honest = zipped({"[Content_Types].xml": b"<Types/>",
                     "word/document.xml": (b"<w:p/>" * 1000, 1000)})
    lying = understated(honest, b"word/document.xml", 100)
    assert zipfile.ZipFile(io.BytesIO(lying)).getinfo("word/document.xml").file_size == 100
    with pytest.raises(UploadError, match="must be a photo"):
        check_upload("statement.docx", lying)


def test_a_document_unpacking_to_far_more_than_its_size_is_refused_below_the_total_limit():
    # 5 MB of zeros compresses to ~5 KB: a ratio of ~1000, well past 100.
    squeezed = zipped({"word/document.xml": (b"\0" * 1024 * 1024, 5)})
    with pytest.raises(UploadError, match="unpacks to too much"):
        check_upload("squeezed.docx", squeezed)


def test_ordinary_documents_are_accepted():
    assert check_upload("statement.docx", docx()).content_type == documents.DOCX
    assert check_upload("statement.odt", odt()).content_type == documents.ODT
    text = b" ".join(b"word%d" % i for i in range(50_000))  # a long, varied document
    assert check_upload("long.odt", odt(text)).content_type == documents.ODT


def test_a_zip_that_is_not_a_document_is_refused():
    other = zipped({"mimetype": b"application/epub+zip", "x": b"y"})
    with pytest.raises(UploadError, match="must be a photo"):
        check_upload("book.odt", other)


# -- 2. text cut at the sniffing limit --------------------------------------------------------


def test_a_text_file_whose_4096th_byte_splits_a_character_is_accepted():
    text = ("a" * 4095 + "£ and more besides\n").encode()
    assert text[4095:4097] == "£".encode()  # the limit falls inside the £
    assert check_upload("notes.txt", text).content_type == "text/plain"
    for shift in range(4):  # 2, 3 and 4 byte characters, cut at every place
        for character in ("£", "€", "🏠"):
            data = ("a" * (4096 - shift) + character * 3).encode()
            assert check_upload("notes.txt", data).content_type == "text/plain"


def test_a_short_text_file_ending_in_half_a_character_is_still_refused():
    with pytest.raises(UploadError):
        check_upload("notes.txt", "£".encode()[:1] + b"")
    with pytest.raises(UploadError):
        check_upload("notes.txt", b"abc" + "€".encode()[:2])


def test_binary_text_is_refused():
    with pytest.raises(UploadError):
        check_upload("notes.txt", b"abc\x00def")
    with pytest.raises(UploadError):
        check_upload("notes.txt", b"\xff\xfe\xfa")


# -- 3. the name must match the content ------------------------------------------------------

PDF = b"%PDF-1.4\n% a letter\n%%EOF\n"
JPG = b"\xff\xd8\xff\xe0" + b"\0" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def test_plain_text_named_as_a_pdf_is_refused_saying_what_was_expected():
    with pytest.raises(UploadError) as refused:
        check_upload("letter-of-authority.pdf", b"I give authority to my advocate.\n")
    message = str(refused.value)
    assert message.startswith("letter-of-authority.pdf is named as a PDF, but it is a plain "
                              "text file (TXT)")
    assert documents.ALLOWED_WORDS in message and "would end in .txt" in message


def test_html_named_as_a_photo_is_refused():
    with pytest.raises(UploadError, match="photo.jpg is named as a JPG photo, but it is a plain"):
        check_upload("photo.jpg", b"<html><script>alert(1)</script></html>")


@pytest.mark.parametrize(("name", "data"), [
    ("damp.png", JPG), ("damp.jpg", PNG), ("statement.pdf", docx()), ("statement.docx", odt()),
    ("statement.odt", PDF), ("notes.txt", PDF), ("scan.heic", PDF)])
def test_any_content_under_another_type_s_name_is_refused(name, data):
    with pytest.raises(UploadError, match=f"^{name} is named as "):
        check_upload(name, data)


@pytest.mark.parametrize("name", ["letter", "letter.exe", "letter.html", "letter.pdf.exe"])
def test_a_name_without_an_allowed_ending_is_refused(name):
    with pytest.raises(UploadError) as refused:
        check_upload(name, PDF)
    assert str(refused.value) == (
        f"{name} must be {documents.ALLOWED_WORDS}, with a name ending in .jpg, .jpeg, .png, "
        ".heic, .heif, .pdf, .docx, .doc, .odt or .txt")


@pytest.mark.parametrize(("name", "data", "kind"), [
    ("DAMP.JPG", JPG, "image/jpeg"), ("damp.jpeg", JPG, "image/jpeg"),
    ("Letter.PDF", PDF, "application/pdf"), ("notes.txt", b"notes", "text/plain"),
    ("a.b.png", PNG, "image/png")])
def test_content_under_its_own_name_is_accepted(name, data, kind):
    assert check_upload(name, data).content_type == kind


def test_a_question_that_asks_for_fewer_kinds_refuses_the_others():
    scans = frozenset({"application/pdf", "image/jpeg", "image/png", "image/heic"})
    words = "a scan or photo of the sheet (PDF, JPG, PNG, HEIC)"
    with pytest.raises(UploadError, match=r"^notes.txt must be a scan or photo of the sheet"):
        check_upload("notes.txt", b"names", allowed=scans, allowed_words=words)
    assert check_upload("sheet.pdf", PDF, allowed=scans, allowed_words=words)
