"""The upload handler of the project: it keeps an upload only up to the attachment size limit.

Django's default handlers keep a whole upload (in memory up to ``FILE_UPLOAD_MAX_MEMORY_SIZE``, then in
a temporary file): a 1 GB upload would fill the disk before a view could refuse it. This handler keeps at
most ``SIGAP_ATTACHMENT_MAX_BYTES`` of each file (in a spooled temporary file: memory, then disk) and,
past it, drops what it keeps and discards the rest as it arrives; the file then reaches the view as an
empty upload marked ``sigap_too_large``, so the form can say "too large" while the other fields of the
request are kept.
"""

from __future__ import annotations

import tempfile
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class OversizedUpload(UploadedFile):
    """What reaches the view of a file past the limit: nothing of its content, only its name and size."""

    sigap_too_large = True


class BoundedUploadHandler(FileUploadHandler):
    """Keeps each uploaded file up to ``SIGAP_ATTACHMENT_MAX_BYTES``; see the module docstring."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.limit = int(settings.SIGAP_ATTACHMENT_MAX_BYTES)
        self.seen = 0
        self.file: Any = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)  # noqa: SIM115

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.seen += len(raw_data)
        if self.seen > self.limit:
            if self.file is not None:
                self.file.close()  # frees what was kept; the rest of the upload is read and dropped
                self.file = None
            return None
        self.file.write(raw_data)
        return None

    def file_complete(self, file_size: int) -> UploadedFile:
        if self.file is None:
            return OversizedUpload(
                file=tempfile.SpooledTemporaryFile(max_size=1),  # noqa: SIM115
                name=self.file_name,
                content_type=self.content_type,
                size=self.seen,
                charset=self.charset,
            )
        self.file.seek(0)
        return UploadedFile(
            file=self.file,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
