"""Uploaded and generated files: checked by content, stored once by SHA-256.

Bytes live in the database (`stored_files`), in the same transaction as the
complaint they belong to, so a failed submission leaves no orphan file and a
complaint never points at a missing one. Stored bytes are never changed.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass

from sqlalchemy import select

from portal.data.db import db
from portal.data.models import Document, StoredFile

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 10
ALLOWED_WORDS = "a photo (JPG, PNG, HEIC), a PDF or a document (DOCX, DOC, ODT, TXT)"
# A document (DOCX, ODT) is a ZIP: what it unpacks to is bounded, in all and against its
# size, so a small upload cannot unpack to hundreds of megabytes (a "zip bomb").
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_UNPACK_RATIO = 100
MAX_ZIP_ENTRIES = 2000
TEXT_SNIFF_BYTES = 4096

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
# Each content type: the endings its name may have, and how it is named to a person.
TYPES = {
    "image/jpeg": ((".jpg", ".jpeg"), "a JPG photo"),
    "image/png": ((".png",), "a PNG image"),
    "image/heic": ((".heic", ".heif"), "a HEIC photo"),
    "application/pdf": ((".pdf",), "a PDF"),
    DOCX: ((".docx",), "a Word document (DOCX)"),
    "application/msword": ((".doc",), "a Word document (DOC)"),
    ODT: ((".odt",), "an OpenDocument text file (ODT)"),
    "text/plain": ((".txt",), "a plain text file (TXT)"),
}
EVERY_TYPE = frozenset(TYPES)


class UploadError(ValueError):
    pass


@dataclass(frozen=True)
class Checked:
    filename: str
    content_type: str
    data: bytes


def sniff(data: bytes) -> str | None:
    """The real type of a file from its content, whatever its name says.

    A ZIP-based document is refused (UploadError) when it would unpack to more than
    MAX_UNPACKED_BYTES, or to more than MAX_UNPACK_RATIO times its own size."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftyphevc"):
        return "image/heic"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "application/msword"
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    return "text/plain" if _is_text(data) else None


def _is_text(data: bytes) -> bool:
    """UTF-8 text without NUL bytes, judged on its first TEXT_SNIFF_BYTES: a multi-byte
    character cut in two by that limit is not an error; one cut by the end of the file is."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        text = decoder.decode(data[:TEXT_SNIFF_BYTES], final=len(data) <= TEXT_SNIFF_BYTES)
    except UnicodeDecodeError:
        return False
    return "\x00" not in text


class _TooBig(Exception):
    pass


def _sniff_zip(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            if "word/document.xml" in names:
                found = DOCX
            elif "mimetype" in names:
                with archive.open("mimetype") as entry:  # a few bytes, never the whole entry
                    found = ODT if entry.read(len(ODT)) == ODT.encode() else None
            else:
                found = None
            if found is not None:
                _check_unpacked_size(archive, entries, len(data))
            return found
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError,
            RuntimeError, ValueError, OSError):
        return None
    except _TooBig:
        raise UploadError("unpacks to too much") from None


def _check_unpacked_size(archive: zipfile.ZipFile, entries, packed: int) -> None:
    """Unpack every entry a piece at a time, counting (what the entries declare can lie),
    and stop as soon as the total passes the limit: memory and time stay bounded."""
    limit = min(MAX_UNPACKED_BYTES, max(packed, 1) * MAX_UNPACK_RATIO)
    if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > limit:
        raise _TooBig()
    total = 0
    for entry in entries:
        with archive.open(entry) as stream:
            while chunk := stream.read(64 * 1024):
                total += len(chunk)
                if total > limit:
                    raise _TooBig()


def safe_filename(name: str) -> str:
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    name = re.sub(r"[^\w.\- ()]", "_", name)[:200]
    return name or "file"


def _endings(allowed) -> str:
    endings = [ending for kind in TYPES if kind in allowed for ending in TYPES[kind][0]]
    return ", ".join(endings[:-1]) + " or " + endings[-1] if len(endings) > 1 else endings[0]


def check_upload(filename: str, data: bytes, *, allowed=EVERY_TYPE,
                 allowed_words: str = ALLOWED_WORDS) -> Checked:
    """The file, checked: not empty, not too big, its content one of `allowed` (what the
    question asks for), and its name's ending the one that content has. A question that
    asks for fewer kinds passes `allowed` and says them in `allowed_words`."""
    shown = safe_filename(filename)
    if not data:
        raise UploadError(f"{shown} is empty")
    if len(data) > MAX_BYTES:
        raise UploadError(f"{shown} must be smaller than 10MB")
    try:
        content_type = sniff(data)
    except UploadError:
        raise UploadError(
            f"{shown} is a document that unpacks to too much (more than "
            f"{MAX_UNPACKED_BYTES // (1024 * 1024)}MB, or more than {MAX_UNPACK_RATIO} times "
            "its own size), which we cannot accept. Save it as a PDF, or split it into "
            "smaller documents, and upload that instead") from None
    if content_type is None or content_type not in allowed:
        raise UploadError(f"{shown} must be {allowed_words}")
    endings, words = TYPES[content_type]
    ending = "." + shown.rsplit(".", 1)[-1].lower() if "." in shown else ""
    if ending not in endings:
        named = next((w for kind, (ends, w) in TYPES.items() if ending in ends), None)
        if named is None:
            raise UploadError(f"{shown} must be {allowed_words}, with a name ending in "
                              f"{_endings(allowed)}")
        raise UploadError(
            f"{shown} is named as {named}, but it is {words}. Choose the file you meant "
            f"to send: it must be {allowed_words}, and its name must end in the right "
            f"type (this one would end in {endings[0]})")
    return Checked(shown, content_type, data)


def store_bytes(data: bytes) -> StoredFile:
    digest = hashlib.sha256(data).hexdigest()
    existing = db.session.scalar(select(StoredFile).where(StoredFile.sha256 == digest))
    if existing is not None:
        return existing
    stored = StoredFile(sha256=digest, size=len(data), data=data)
    db.session.add(stored)
    db.session.flush()
    return stored


def add_document(*, kind: str, checked: Checked, uploaded_by_id: int | None,
                 complaint_id: int | None = None, draft_id: int | None = None,
                 internal: bool = False) -> Document:
    stored = store_bytes(checked.data)
    document = Document(kind=kind, filename=checked.filename, content_type=checked.content_type,
                        file_id=stored.id, complaint_id=complaint_id, draft_id=draft_id,
                        internal=internal, uploaded_by_id=uploaded_by_id)
    db.session.add(document)
    db.session.flush()
    return document
