"""Zip files that are the same bytes for the same content: entries sorted by name, one fixed
timestamp, fixed permissions and compression, so a rebuilt package differs only where the
course does."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say


def deterministic_zip(files: Mapping[str, bytes]) -> bytes:
    """A zip of ``path -> bytes``, paths with forward slashes, sorted."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            info.create_system = 3
            archive.writestr(info, files[name], compresslevel=9)
    return buffer.getvalue()
