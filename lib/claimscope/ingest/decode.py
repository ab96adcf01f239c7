"""From bytes to the text of an article: what is not text, UTF-8 decoding, Unix newlines.

Text is decoded as UTF-8 (a leading byte-order mark is dropped), with ``\\r\\n`` and ``\\r``
turned into ``\\n`` (:func:`normalise_newlines`). Nothing else is changed: no stripping, no
whitespace or Unicode normalisation, so that the stored text is exactly what is parsed and what
every offset indexes. Files that are not text (NUL bytes, the signature of an image, a PDF, an
archive ...) and UTF-16 text are recognised from their first bytes.

Text that did not come from bytes but from escapes (``"\\ud800"`` in JSON or in double-quoted
YAML) may hold lone surrogates, which are not text and cannot be written as UTF-8:
:func:`replace_lone_surrogates` turns each into U+FFFD, the replacement character, before
the text is stored (so offsets index the repaired text).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from claimscope.ingest.rejections import reject
from claimscope.records import Rejection

#: Leading bytes of common non-text files, with what they are.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a RIFF file (WebP image, WAV audio ...)"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx, .xlsx, .epub ...)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"PAR1", "a Parquet file"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"SQLite format 3\x00", "a SQLite database"),
)

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


#: Bytes read at a time when a file is scanned: CSV and JSONL files are streamed, not read whole.
BLOCK_SIZE = 1 << 20

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def has_lone_surrogates(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate (U+D800 to U+DFFF), which UTF-8 cannot encode."""
    return _LONE_SURROGATE.search(text) is not None


def replace_lone_surrogates(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD; text without one is unchanged.

    Args:
        text: any text, e.g. a JSON string that held the escape ``\\ud800``.

    Returns:
        Text of the same length that encodes as UTF-8.
    """
    return _LONE_SURROGATE.sub("\ufffd", text)


def normalise_newlines(text: str) -> str:
    """``text`` with ``\\r\\n`` and lone ``\\r`` turned into ``\\n``; nothing else changes.

    Args:
        text: any text.

    Returns:
        The text with Unix newlines.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True)
class Undecodable:
    """Why some bytes are not UTF-8 text."""

    reason: str


def decode_utf8(data: bytes, *, offset: int = 0, first_line: int = 1) -> str | Undecodable:
    """Decoded text with Unix newlines and no byte-order mark, or why it cannot be decoded.

    Args:
        data: the bytes.
        offset: byte offset of ``data`` in its file, for the message.
        first_line: line number of ``data``'s first line in its file, for the message.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = first_line + data.count(b"\n", 0, error.start)
        return Undecodable(
            f"this is not valid UTF-8: byte 0x{data[error.start]:02X} at byte offset "
            f"{offset + error.start} (line {line}) cannot be decoded; save the file as UTF-8 "
            "(e.g. iconv -f WINDOWS-1252 -t UTF-8 if it came from Windows)"
        )
    return normalise_newlines(text.removeprefix("\ufeff"))


def bytes_problem(
    path: Path, head: bytes, nul: int, *, size: int, blank: bool, stem_id: str | None = None
) -> Rejection | None:
    """Why a file is not text to read (empty, binary or UTF-16), from its first bytes, the
    offset of its first NUL byte (-1: none), its size and whether it is only whitespace."""
    if blank:
        what = "empty" if not size else "only whitespace"
        return reject(path, "empty", f"the file is {what}; there is no text to read", stem_id)
    kind = _binary_kind(head, nul)
    if kind:
        return reject(
            path,
            "binary",
            f"this is not a text file, it looks like {kind}; "
            "save the article as UTF-8 text or remove the file",
            article_id=stem_id,
        )
    if head.startswith(_UTF16_BOMS):
        return reject(
            path,
            "encoding",
            "this file is UTF-16 text; save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)",
            article_id=stem_id,
        )
    return None


def scan(
    path: Path, handle: BinaryIO, *, decode: bool, max_bytes: int | None = None
) -> Rejection | None:
    """Why a file is not text to read, found block by block from ``handle``: larger than
    ``max_bytes`` (``too_large``), as :func:`bytes_problem`, then (when ``decode``) not UTF-8 or
    only whitespace once decoded. The handle is left at the end of what was read."""
    head, nul, size, lines, blank = b"", -1, 0, 1, True
    decoder = codecs.getincrementaldecoder("utf-8")()
    undecodable: Undecodable | None = None
    text_blank = True
    while block := handle.read(BLOCK_SIZE):
        head += block[: max(0, 64 - len(head))]  # enough for every signature
        blank = blank and not block.strip()
        if nul < 0 and (found := block.find(b"\x00")) >= 0:
            nul = size + found
        if decode and undecodable is None:
            undecodable, text_blank = _decode_block(
                decoder, block, size, lines, text_blank, first=size == 0
            )
        lines += block.count(b"\n")
        size += len(block)
        if max_bytes is not None and size > max_bytes:  # it grew since it was opened
            return too_large(path, size, max_bytes, grew=True)
    if decode and undecodable is None:
        undecodable, text_blank = _decode_block(decoder, b"", size, lines, text_blank, final=True)
    problem = bytes_problem(path, head, nul, size=size, blank=blank)
    if problem is None and undecodable is not None:
        problem = reject(path, "encoding", undecodable.reason)
    if problem is None and decode and text_blank:
        problem = reject(path, "empty", "the file holds only whitespace")
    return problem


def too_large(
    path: Path, size: int, max_bytes: int, *, grew: bool = False, article_id: str | None = None
) -> Rejection:
    """The rejection of a file larger than the size limit."""
    found = f"more than {size:,}" if grew else f"{size:,}"
    return reject(
        path,
        "too_large",
        f"this file is {found} bytes, over the size limit of {max_bytes:,} bytes; it was not "
        "read: split it into smaller files, or raise the size limit",
        article_id=article_id,
    )


def _decode_block(
    decoder: codecs.IncrementalDecoder,
    block: bytes,
    offset: int,
    lines: int,
    blank: bool,
    *,
    first: bool = False,
    final: bool = False,
) -> tuple[Undecodable | None, bool]:
    """Decode one block; why it is not UTF-8 (if so), and whether the text so far is blank."""
    try:
        text = decoder.decode(block, final)
    except UnicodeDecodeError as error:
        pending = len(error.object) - len(block)
        at = offset - pending + error.start
        line = lines + block.count(b"\n", 0, max(0, error.start - pending))
        return (
            Undecodable(
                f"this is not valid UTF-8: byte 0x{error.object[error.start]:02X} at byte offset "
                f"{at} (line {line}) cannot be decoded; save the file as UTF-8 "
                "(e.g. iconv -f WINDOWS-1252 -t UTF-8 if it came from Windows)"
            ),
            blank,
        )
    if first:
        text = text.removeprefix("\ufeff")
    return None, blank and not text.strip()


def _binary_kind(head: bytes, nul: int) -> str | None:
    """What a file that is not text looks like, from its first bytes and the offset of its
    first NUL byte (-1: none), or ``None`` when it may be text."""
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    if head.startswith(_UTF16_BOMS):
        return None  # text, but UTF-16: reported as an encoding problem
    if nul >= 0:
        return (
            f"binary data (a NUL byte at byte offset {nul}; "
            "if this is UTF-16 text, save it as UTF-8)"
        )
    return None
