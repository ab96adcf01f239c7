"""The incremental store: extraction results cached per article and pipeline version.

A re-run of ``claimscope extract`` parses only the articles it has not seen before. Each
article's per-article tables (see :data:`claimscope.tables.build.ARTICLE_TABLES`) are cached under a
key made of its id, metadata and content hash (:func:`article_key`), inside a folder named after
the *pipeline fingerprint* (:func:`pipeline_fingerprint`): claimscope's version, spaCy's version,
the model's name and version, the contents of the rule files and the source code of the modules
that turn text into rows. Changing any of these starts a new, empty cache, so a result is never
reused by code or rules that would not have produced it.

Layout, inside the output folder::

    OUT/.cache/FINGERPRINT/chunk-TIME-ID/index.json       the chunk's keys, files and checksums
    OUT/.cache/FINGERPRINT/chunk-TIME-ID/quotes.parquet   rows with a ``_key`` column
    OUT/.cache/FINGERPRINT/chunk-TIME-ID/mentions.parquet ...

A chunk is written into a temporary folder and renamed into place, so a run killed at any moment
leaves only complete chunks (and perhaps a ``.tmp-*`` folder, removed by the next run): the next
run resumes after the last complete chunk and loses nothing.

Nothing in the cache is trusted unchecked. ``index.json`` names the fingerprint and the chunk it
was made for, the key, error code and error of every article, and the BLAKE2b checksum of every
file of the chunk; it carries a checksum of itself. A chunk whose index cannot be read or does
not check out, or one of whose files is missing, unreadable or not what its checksum says, is
*damaged*: it is removed, counted (:attr:`ResultCache.damaged`) and its articles are parsed
again; a damaged cache never stops a run. The pipeline checks the rows read back against each
article's text as well (every span's text is the text at its offsets).
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import shutil
import time
import uuid
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import spacy

import claimscope
from claimscope.records import Article
from claimscope.rules.tsv import overlay_files
from claimscope.tables.rows import content_hash, frame

logger = logging.getLogger(__name__)

#: Folder inside the output folder that holds the cache.
CACHE_DIR = ".cache"

#: The parts of the package that decide what an article's rows contain: the value types, the
#: pipeline's components, the rules, the extractors and the row builders. Their ``.py`` files
#: and every rules file are part of the fingerprint; the rest (reading inputs, running,
#: storing, reports, evaluation) is not.
FINGERPRINTED = ("records.py", "nlp/", "rules/", "extract/", "tables/")

#: The layout of a cache chunk; part of the fingerprint, so a new layout starts a new cache.
CACHE_FORMAT = 2
INDEX_FILE = "index.json"

_KEY_COLUMN = "_key"
_CHUNKS_KEPT_IN_MEMORY = 3


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """What extraction produced for one article: rows per table, or the error that stopped it.

    ``rows`` maps a table name to its rows for this article (``None`` when extraction failed);
    ``error`` is ``"ExceptionType: message"`` for a failed article, else ``None``, and ``code``
    says where it failed: ``parse_failed`` (spaCy) or ``extraction_failed`` (the extractors).
    """

    key: str
    rows: dict[str, list[dict]] | None
    error: str | None = None
    code: str | None = None


def model_version(model_name: str) -> str | None:
    """The version of an installed pipeline package or model folder, without loading it."""
    path = Path(model_name)
    if path.is_dir():
        meta = path / "meta.json"
        if meta.is_file():
            return json.loads(meta.read_text(encoding="utf-8")).get("version")
        return None
    return spacy.util.get_package_version(model_name)


def pipeline_fingerprint(
    model_name: str,
    model_version: str | None,
    *,
    package_dir: str | os.PathLike | None = None,
    rules_dir: str | os.PathLike | None = None,
) -> str:
    """A short hash of everything that decides an article's extracted rows.

    Args:
        model_name: The spaCy pipeline used.
        model_version: Its version (see :func:`model_version`).
        package_dir: The claimscope package folder to hash (default: the installed one); its
            ``rules/`` files and the ``.py`` files of :data:`FINGERPRINTED` count.
        rules_dir: An analyst's rules folder overlaid on the packaged one; its rule files
            count too.

    Returns:
        20 hexadecimal characters.
    """
    root = Path(package_dir) if package_dir is not None else Path(claimscope.__file__).parent
    digest = hashlib.sha256()
    header = {
        "claimscope": claimscope.__version__,
        "spacy": spacy.__version__,
        "model": model_name,
        "model_version": model_version,
        "cache_format": CACHE_FORMAT,
    }
    digest.update(json.dumps(header, sort_keys=True).encode("utf-8"))
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        is_rules = relative.startswith("rules/") and path.suffix != ".py"
        is_code = path.suffix == ".py" and relative.startswith(FINGERPRINTED)
        if is_rules or is_code:
            digest.update(relative.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    for path in overlay_files(rules_dir):
        digest.update(b"overlay/" + path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


def article_key(article: Article) -> str:
    """The cache key of an article: its id, metadata and the hash of its text.

    The source file and line are left out, so moving or renaming an input file does not
    re-parse its articles.
    """
    fields = [
        article.article_id,
        article.title,
        article.date,
        article.outlet,
        article.url,
        content_hash(article.text),
    ]
    return hashlib.sha256(json.dumps(fields).encode("utf-8")).hexdigest()[:32]


class CacheDamage(ValueError):
    """A cache chunk that cannot be trusted: what is wrong and where."""


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def _canonical(body: dict) -> bytes:
    return json.dumps(body, sort_keys=True, ensure_ascii=True).encode("ascii")


class ResultCache:
    """Per-article extraction results in ``root/fingerprint``, written chunk by chunk, checked
    whenever they are read.

    Args:
        root: The cache folder (``OUT/.cache``).
        fingerprint: The pipeline fingerprint; results of other fingerprints are never read.

    Attributes:
        damaged: Chunks found damaged and removed by this object (their articles are no longer
            cached, so they are parsed again).
    """

    def __init__(self, root: str | os.PathLike, fingerprint: str) -> None:
        self.root = Path(root)
        self.fingerprint = fingerprint
        self.folder = self.root / fingerprint
        self.damaged = 0
        self._index: dict[str, str] = {}
        self._indexes: dict[str, dict] = {}
        self._loaded: OrderedDict[str, dict[str, ArticleResult]] = OrderedDict()
        self.folder.mkdir(parents=True, exist_ok=True)
        for leftover in self.folder.glob(".tmp-*"):
            shutil.rmtree(leftover, ignore_errors=True)
        for chunk in sorted(self.folder.glob("chunk-*")):
            try:
                index = self._read_index(chunk)
            except CacheDamage as damage:
                self._drop(chunk.name, damage)
                continue
            self._indexes[chunk.name] = index
            for key, _, _ in index["entries"]:
                self._index[key] = chunk.name  # a later chunk holds a later result
        logger.info("cache %s: %d articles", self.folder, len(self._index))

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def get(self, key: str) -> ArticleResult | None:
        """The cached result for ``key``, or None if its chunk turns out to be damaged (the
        chunk is then removed and counted, and none of its articles is cached any more).

        Raises:
            KeyError: nothing is cached under ``key``.
        """
        chunk = self._index[key]
        if chunk not in self._loaded:
            try:
                self._loaded[chunk] = self._read_chunk(chunk)
            except CacheDamage as damage:
                self._drop(chunk, damage)
                return None
            while len(self._loaded) > _CHUNKS_KEPT_IN_MEMORY:
                self._loaded.popitem(last=False)
        self._loaded.move_to_end(chunk)
        return self._loaded[chunk][key]

    def forget(self, key: str) -> None:
        """Stop using the cached result of ``key`` (a later :meth:`put` replaces it)."""
        self._index.pop(key, None)

    def put(self, results: Iterable[ArticleResult]) -> Path | None:
        """Store ``results`` as one new chunk, atomically; returns its folder (None if empty)."""
        results = list(results)
        if not results:
            return None
        names = sorted({name for r in results if r.rows for name in r.rows})
        final = self.folder / f"chunk-{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"
        tmp = self.folder / f".tmp-{uuid.uuid4().hex}"
        tmp.mkdir()
        try:
            files: dict[str, str] = {}
            for name in names:
                rows, owners = [], []
                for result in results:
                    found = (result.rows or {}).get(name, [])
                    rows.extend(found)
                    owners.extend([result.key] * len(found))
                table = frame(name, rows)
                table.insert(0, _KEY_COLUMN, owners)
                buffer = io.BytesIO()
                table.to_parquet(buffer, index=False)
                data = buffer.getvalue()
                (tmp / f"{name}.parquet").write_bytes(data)
                files[f"{name}.parquet"] = _digest(data)
            body = {
                "format": CACHE_FORMAT,
                "fingerprint": self.fingerprint,
                "chunk": final.name,
                "entries": [[r.key, r.code, r.error] for r in results],
                "files": files,
            }
            index = {"body": body, "blake2b": _digest(_canonical(body))}
            (tmp / INDEX_FILE).write_text(json.dumps(index), encoding="utf-8")
            os.rename(tmp, final)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
        self._indexes[final.name] = body
        for result in results:
            self._index[result.key] = final.name
        return final

    def prune(self) -> None:
        """Remove the caches of other fingerprints (results no current run can use)."""
        for other in self.root.iterdir():
            if other.is_dir() and other.name != self.fingerprint:
                shutil.rmtree(other, ignore_errors=True)

    def _drop(self, chunk: str, damage: CacheDamage) -> None:
        logger.warning(
            "cache chunk %s is damaged (%s): removed, its articles are parsed again",
            self.folder / chunk,
            damage,
        )
        self.damaged += 1
        self._indexes.pop(chunk, None)
        self._loaded.pop(chunk, None)
        for key in [k for k, c in self._index.items() if c == chunk]:
            del self._index[key]
        shutil.rmtree(self.folder / chunk, ignore_errors=True)

    def _read_index(self, chunk: Path) -> dict:
        """The checked body of ``chunk``'s index.

        Raises:
            CacheDamage: it is missing, unreadable, not JSON, or does not check out.
        """
        try:
            raw = (chunk / INDEX_FILE).read_bytes()
        except OSError as error:
            raise CacheDamage(f"{INDEX_FILE} cannot be read: {error.strerror or error}") from None
        try:
            index = json.loads(raw)
        except ValueError as error:  # not UTF-8, or not JSON
            raise CacheDamage(f"{INDEX_FILE} is not JSON: {error}") from None
        body = index.get("body") if isinstance(index, dict) else None
        if not isinstance(body, dict) or index.get("blake2b") != _digest(_canonical(body)):
            raise CacheDamage(f"{INDEX_FILE} does not match its checksum")
        expected = {"format": CACHE_FORMAT, "fingerprint": self.fingerprint, "chunk": chunk.name}
        for field, value in expected.items():
            if body.get(field) != value:
                raise CacheDamage(f"{INDEX_FILE} was made for {field} {body.get(field)!r}")
        return body

    def _read_chunk(self, chunk: str) -> dict[str, ArticleResult]:
        """Every result of ``chunk``, after checking each file against its checksum.

        Raises:
            CacheDamage: a file is missing, unreadable, damaged, or holds rows of other keys.
        """
        folder = self.folder / chunk
        body = self._indexes.get(chunk) or self._read_index(folder)
        entries = {key: (code, error) for key, code, error in body["entries"]}
        rows: dict[str, dict[str, list[dict]]] = {key: {} for key in entries}
        for filename, checksum in sorted(body["files"].items()):
            try:
                data = (folder / filename).read_bytes()
            except OSError as error:
                raise CacheDamage(f"{filename} cannot be read: {error.strerror or error}") from None
            if _digest(data) != checksum:
                raise CacheDamage(f"{filename} does not match its checksum")
            try:
                table = pd.read_parquet(io.BytesIO(data))
            except (OSError, ValueError) as error:
                raise CacheDamage(f"{filename} cannot be read as Parquet: {error}") from None
            name = filename.removesuffix(".parquet")
            for key in rows:
                rows[key].setdefault(name, [])
            owners = table.pop(_KEY_COLUMN).tolist()
            if not set(owners) <= rows.keys():
                raise CacheDamage(f"{filename} holds rows of articles the index does not list")
            records = table.astype(object).where(table.notna(), None).to_dict("records")
            for key, record in zip(owners, records, strict=True):
                rows[key][name].append(record)
        return {
            key: ArticleResult(
                key,
                None if error is not None else rows[key],
                error,
                code,
            )
            for key, (code, error) in entries.items()
        }
