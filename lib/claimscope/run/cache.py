"""The incremental store: extraction results cached per article and pipeline version.

A re-run of ``claimscope extract`` parses only the articles it has not seen before. Each
article's per-article tables (see :data:`claimscope.tables.build.ARTICLE_TABLES`) are cached under a
key made of its id, metadata and content hash (:func:`article_key`), inside a folder named after
the *pipeline fingerprint* (:func:`pipeline_fingerprint`): claimscope's version, spaCy's version,
the model's name and version, the contents of the rule files and the source code of the modules
that turn text into rows. Changing any of these starts a new, empty cache, so a result is never
reused by code or rules that would not have produced it.

Layout, inside the output folder::

    OUT/.cache/FINGERPRINT/chunk-TIME-ID/keys.parquet     one row per article: key, error
    OUT/.cache/FINGERPRINT/chunk-TIME-ID/quotes.parquet   rows with a ``_key`` column
    OUT/.cache/FINGERPRINT/chunk-TIME-ID/mentions.parquet ...

A chunk is written into a temporary folder and renamed into place, so a run killed at any moment
leaves only complete chunks (and perhaps a ``.tmp-*`` folder, removed by the next run): the next
run resumes after the last complete chunk and loses nothing.
"""

from __future__ import annotations

import hashlib
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

_KEY_COLUMN = "_key"
_CHUNKS_KEPT_IN_MEMORY = 3


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """What extraction produced for one article: rows per table, or the error that stopped it.

    ``rows`` maps a table name to its rows for this article (``None`` when extraction failed);
    ``error`` is ``"ExceptionType: message"`` for a failed article, else ``None``.
    """

    key: str
    rows: dict[str, list[dict]] | None
    error: str | None = None


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


class ResultCache:
    """Per-article extraction results in ``root/fingerprint``, written chunk by chunk.

    Args:
        root: The cache folder (``OUT/.cache``).
        fingerprint: The pipeline fingerprint; results of other fingerprints are never read.
    """

    def __init__(self, root: str | os.PathLike, fingerprint: str) -> None:
        self.root = Path(root)
        self.fingerprint = fingerprint
        self.folder = self.root / fingerprint
        self._index: dict[str, str] = {}
        self._loaded: OrderedDict[str, dict[str, ArticleResult]] = OrderedDict()
        self.folder.mkdir(parents=True, exist_ok=True)
        for leftover in self.folder.glob(".tmp-*"):
            shutil.rmtree(leftover, ignore_errors=True)
        for chunk in sorted(self.folder.glob("chunk-*")):
            keys = pd.read_parquet(chunk / "keys.parquet", columns=[_KEY_COLUMN])[_KEY_COLUMN]
            for key in keys:
                self._index.setdefault(key, chunk.name)
        logger.info("cache %s: %d articles", self.folder, len(self._index))

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def get(self, key: str) -> ArticleResult:
        """The cached result for ``key``.

        Raises:
            KeyError: nothing is cached under ``key``.
        """
        chunk = self._index[key]
        if chunk not in self._loaded:
            self._loaded[chunk] = self._read_chunk(self.folder / chunk)
            while len(self._loaded) > _CHUNKS_KEPT_IN_MEMORY:
                self._loaded.popitem(last=False)
        self._loaded.move_to_end(chunk)
        return self._loaded[chunk][key]

    def put(self, results: Iterable[ArticleResult]) -> Path | None:
        """Store ``results`` as one new chunk, atomically; returns its folder (None if empty)."""
        results = list(results)
        if not results:
            return None
        names = sorted({name for r in results if r.rows for name in r.rows})
        tmp = self.folder / f".tmp-{uuid.uuid4().hex}"
        tmp.mkdir()
        try:
            keys = pd.DataFrame(
                {
                    _KEY_COLUMN: [r.key for r in results],
                    "error": pd.array([r.error for r in results], dtype="string"),
                }
            )
            keys.to_parquet(tmp / "keys.parquet", index=False)
            for name in names:
                rows, owners = [], []
                for result in results:
                    found = (result.rows or {}).get(name, [])
                    rows.extend(found)
                    owners.extend([result.key] * len(found))
                table = frame(name, rows)
                table.insert(0, _KEY_COLUMN, owners)
                table.to_parquet(tmp / f"{name}.parquet", index=False)
            final = self.folder / f"chunk-{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"
            os.rename(tmp, final)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
        for result in results:
            self._index[result.key] = final.name
        return final

    def prune(self) -> None:
        """Remove the caches of other fingerprints (results no current run can use)."""
        for other in self.root.iterdir():
            if other.is_dir() and other.name != self.fingerprint:
                shutil.rmtree(other, ignore_errors=True)

    @staticmethod
    def _read_chunk(folder: Path) -> dict[str, ArticleResult]:
        keys = pd.read_parquet(folder / "keys.parquet")
        rows: dict[str, dict[str, list[dict]]] = {}
        errors: dict[str, str | None] = {}
        for key, error in zip(keys[_KEY_COLUMN], keys["error"], strict=True):
            errors[key] = None if pd.isna(error) else str(error)
            rows[key] = {}
        for path in sorted(folder.glob("*.parquet")):
            if path.name == "keys.parquet":
                continue
            frame = pd.read_parquet(path)
            for key in rows:
                rows[key].setdefault(path.stem, [])
            owners = frame.pop(_KEY_COLUMN).tolist()
            records = frame.astype(object).where(frame.notna(), None).to_dict("records")
            for key, record in zip(owners, records, strict=True):
                rows[key][path.stem].append(record)
        return {
            key: ArticleResult(
                key,
                None if errors[key] is not None else rows[key],
                errors[key],
            )
            for key in rows
        }
