"""Uploaded and generated files: checked by content, stored once by SHA-256.

Bytes live in the database (`stored_files`), in the same transaction as the
complaint they belong to, so a failed submission leaves no orphan file and a
complaint never points at a missing one. Stored bytes are never changed.
"""

from __future__ import annotations

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


class UploadError(ValueError):
    pass


@dataclass(frozen=True)
class Checked:
    filename: str
    content_type: str
    data: bytes


def sniff(data: bytes) -> str | None:
    """The real type of a file from its first bytes, whatever its name says."""
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
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "word/document.xml" in names:
                    return ("application/vnd.openxmlformats-officedocument."
                            "wordprocessingml.document")
                if "mimetype" in names and archive.read("mimetype").startswith(
                    b"application/vnd.oasis.opendocument.text"
                ):
                    return "application/vnd.oasis.opendocument.text"
        except zipfile.BadZipFile:
            return None
        return None
    try:
        text = data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\x00" not in text:
        return "text/plain"
    return None


def safe_filename(name: str) -> str:
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    name = re.sub(r"[^\w.\- ()]", "_", name)[:200]
    return name or "file"


def check_upload(filename: str, data: bytes) -> Checked:
    shown = safe_filename(filename)
    if not data:
        raise UploadError(f"{shown} is empty")
    if len(data) > MAX_BYTES:
        raise UploadError(f"{shown} must be smaller than 10MB")
    content_type = sniff(data)
    if content_type is None:
        raise UploadError(f"{shown} must be {ALLOWED_WORDS}")
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
