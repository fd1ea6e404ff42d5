"""Uploaded files from a request, each checked by its content (services.records.documents)."""

from __future__ import annotations

from flask import request

from portal.services.records.documents import MAX_BYTES, Checked, UploadError, check_upload


def checked_file(field_name: str) -> tuple[Checked | None, str | None]:
    """(Checked or None, problem or None) for one uploaded file, checked by content."""
    upload = request.files.get(field_name)
    if not upload or not upload.filename:
        return None, None
    try:
        return check_upload(upload.filename, upload.read(MAX_BYTES + 1)), None
    except UploadError as error:
        return None, str(error)


def checked_files(field_name: str = "files") -> tuple[list[Checked], list[str]]:
    """Every file uploaded under one field: (the good ones, a message for each refused)."""
    good, problems = [], []
    for upload in request.files.getlist(field_name):
        if not upload or not upload.filename:
            continue
        try:
            good.append(check_upload(upload.filename, upload.read(MAX_BYTES + 1)))
        except UploadError as error:
            problems.append(str(error))
    return good, problems
