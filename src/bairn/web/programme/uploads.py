"""Checks on uploaded evidence: a size limit, an allowed type, and contents that match it."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
ZIP = b"PK\x03\x04"
# extension → (content type served, magic-byte prefixes; None = UTF-8 text)
ALLOWED: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (ZIP,)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (ZIP,)),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (ZIP,)),
    "odt": ("application/vnd.oasis.opendocument.text", (ZIP,)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "csv": ("text/csv", None),
    "txt": ("text/plain", None),
}


def max_bytes() -> int:
    return int(getattr(settings, "BAIRN_PROGRAMME_MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES))


def check_upload(upload) -> dict:
    """Validate an UploadedFile; return the fields to store (filename, content_type, size,
    sha256). Raises ValidationError with a sentence the user can act on."""
    name = (upload.name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ALLOWED:
        raise ValidationError(
            f"{name or 'The file'} is not an allowed type: upload "
            f"{', '.join(sorted(e.upper() for e in ALLOWED))}."
        )
    limit = max_bytes()
    if upload.size > limit:
        raise ValidationError(
            f"{name} is {upload.size / 1048576:.1f} MB; the limit is {limit / 1048576:.0f} MB."
        )
    content_type, magic = ALLOWED[ext]
    digest = hashlib.sha256()
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    if magic is None:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # a character cut at the 2 KB boundary is fine
                raise ValidationError(f"{name} is not a UTF-8 text file.") from None
        if b"\x00" in head:
            raise ValidationError(f"{name} is not a text file.")
    elif not any(head.startswith(m) for m in magic):
        raise ValidationError(f"{name}'s contents are not a {ext.upper()} file.")
    return {"filename": name, "content_type": content_type, "size": upload.size,
            "sha256": digest.hexdigest()}  # fmt: skip
