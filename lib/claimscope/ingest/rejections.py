"""Why an input is not an article: the rejection codes, and the error raised in strict mode."""

from __future__ import annotations

import os
import re
from pathlib import Path

from claimscope.records import Rejection

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

#: Every rejection code that reading inputs emits, with its meaning.
REJECTION_CODES: dict[str, str] = {
    "empty": "the file, row or line holds no text, or only whitespace",
    "binary": "the file is not text (NUL bytes, or an image, PDF, archive ...)",
    "encoding": "the text is not valid UTF-8",
    "duplicate_id": "an earlier article in the run already has this id",
    "missing_text_column": "a CSV file has no `text` column",
    "malformed_csv": "a CSV row has another number of fields than the header or broken quoting, "
    "or the header names a column that is read twice",
    "malformed_json": "a JSONL line is not JSON, not an object, nested too deeply, has no "
    "`text` string, or an id that is not text or a number",
    "bad_front_matter": "Markdown front matter is not valid YAML key: value pairs, is unclosed, "
    "nested too deeply, or has an id that is not text or a number",
    "no_main_text": "trafilatura found no main text in an HTML file",
    "unreadable": "the path does not exist or cannot be read",
    "unsupported": "a file in a folder has a suffix that is not read",
    "special_file": "the path is a named pipe, a device or a socket, not a regular file",
    "too_large": "the file is larger than the size limit (`max_bytes`)",
    "reader_error": "reading the file failed unexpectedly (a defect: please report it)",
}


class IngestError(ValueError):
    """An input that could not become an article: where it is, what was found, what to do.

    Raised by :func:`~claimscope.ingest.load_articles` with ``strict=True``; otherwise the same
    facts are yielded as a :class:`~claimscope.records.Rejection`.
    """

    def __init__(
        self,
        source: str,
        reason: str,
        code: str,
        line: int | None = None,
        article_id: str | None = None,
    ) -> None:
        self.source = source
        self.reason = reason
        self.code = code
        self.line = line
        self.article_id = article_id
        where = source if line is None else f"{source}, line {line}"
        super().__init__(f"{where}: {reason} [{code}]")

    @classmethod
    def from_rejection(cls, rejection: Rejection) -> IngestError:
        """The error for a rejection record."""
        return cls(
            rejection.source,
            rejection.reason,
            rejection.code,
            line=rejection.line,
            article_id=rejection.article_id,
        )


def reject(
    path: Path,
    code: str,
    reason: str,
    article_id: str | None = None,
    line: int | None = None,
) -> Rejection:
    """The rejection of ``path`` (or of one of its rows) with ``code`` and ``reason``."""
    return Rejection(
        source=display_path(path), reason=reason, code=code, line=line, article_id=article_id
    )


def display_path(path: str | os.PathLike[str]) -> str:
    """``path`` as text that can be stored, printed and encoded as UTF-8.

    A name that is not valid UTF-8 reaches Python with each undecodable byte kept as a lone
    surrogate (the file system's ``surrogateescape``); such a byte is shown as ``\\xNN``, so
    ``caf\\xe9.txt`` names the Latin-1 file ``café.txt``. Other names are returned as they are.
    """
    text = os.fspath(path)
    if not _LONE_SURROGATE.search(text):
        return text
    try:
        raw = os.fsencode(text)
    except UnicodeEncodeError:  # a surrogate that no byte was decoded to: show its code point
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


def where(path: str | os.PathLike[str], line: int | None = None) -> str:
    """The file (and line) an input is at, as messages show it."""
    shown = display_path(path)
    return shown if line is None else f"{shown}, line {line}"


def unreadable(path: Path, error: OSError, stem_id: str | None = None) -> Rejection:
    """The rejection of a file that the system cannot read."""
    return reject(
        path,
        "unreadable",
        f"this file cannot be read ({error.strerror or error}); "
        "check that it exists and that its permissions allow reading",
        article_id=stem_id,
    )
