"""Read news articles from files and folders into :class:`~claimscope.records.Article` records.

:func:`load_articles` streams one :class:`~claimscope.records.Article` for every article it can
read and one :class:`~claimscope.records.Rejection` for every input it cannot, so bad input never
stops a run and is never silently lost. :func:`read_articles` collects both into lists.

Formats, chosen by the file's suffix (case-insensitive):

``.txt``
    The whole file is one article. Its id is the file's stem.
``.md``, ``.markdown``
    One article, with optional YAML front matter: a ``---`` line at the very top, ``key: value``
    lines, and a closing ``---`` (or ``...``) line. Keys ``id``, ``title``, ``date`` (or
    ``published``), ``outlet`` (or ``source``) and ``url`` are read; other keys are ignored
    (in every format, an article with no outlet takes its URL's site, without ``www.``). The
    text is the body after the closing line: exactly what follows the newline that ends it. YAML
    reads ``id: 007`` as the number 7, so quote ids that must stay as written (``id: "007"``).
    Markdown markup is kept as written, not rendered.
``.html``, ``.htm``
    One article: main text, title, date, url and site name (as outlet) are extracted by
    trafilatura, offline (nothing is fetched). The text is trafilatura's plain-text output.
    Pages nested deeper than the HTML parser goes are flattened first, so their text is
    found; a page with text only in ``<noscript>``, scripts, menus and page furniture has no
    main text (see :mod:`~claimscope.ingest.htmltree`).
``.csv``
    One article per row, read with the standard ``csv`` module, so quoted fields may hold
    newlines. Column ``text`` is required; ``id``, ``title``, ``date`` (or ``published``),
    ``outlet`` (or ``source``) and ``url`` are optional. Column names are matched after
    stripping spaces, case-insensitively; a column that is read named twice rejects the file.
    Quoting is read strictly and every row must have the header's number of fields: a row
    that breaks is ``malformed_csv`` with its row number, and the rows around it are kept
    (see :mod:`~claimscope.ingest.tabular`).
``.jsonl``
    One JSON object per line, with a ``text`` string and the same optional keys as CSV.

Article ids:
    the given ``id`` (front matter, column or key; stringified and stripped), else the file's
    stem for one-article files, else :func:`hash_id` of the text for CSV and JSONL rows. An id
    used a second time anywhere in the run is rejected (``duplicate_id``); for hash ids that
    means the same text appears twice.

Text:
    decoded as UTF-8 (a leading byte-order mark is dropped), with ``\\r\\n`` and ``\\r``
    turned into ``\\n``. Nothing else is changed: no stripping, no whitespace or Unicode
    normalisation. The stored ``Article.text`` is exactly what is parsed and what every
    offset indexes.

Metadata:
    strings are stripped; empty values become ``None``. Dates become ISO ``YYYY-MM-DD``
    (:func:`parse_date`); a date that cannot be read (``2019-02-30`` too) leaves ``date`` as
    ``None`` and logs a warning, and the article is kept. So does a title, outlet or url that
    is not text (``!!binary``, a list); an id that is not text or a number rejects the article.
    Lone surrogates (JSON or YAML escapes such as ``\\ud800``) are replaced by U+FFFD, with a
    warning (see :mod:`~claimscope.ingest.metadata`).

Line numbers (``Article.source_line`` and ``Rejection.line``):
    JSONL: the 1-based physical line. CSV: the 1-based record number with the header as row 1,
    so the first data row is 2; a record whose quoted field spans several lines counts once,
    and blank lines are not records (the same numbering as ``pandas.read_csv`` row ``i`` being
    row ``i + 2``). One-article files have no line number.

Files and folders:
    Paths named explicitly are read in the order given, whatever their name. Folders are read
    recursively in sorted order, skipping hidden files and folders (names starting with
    ``.``), ``__pycache__`` folders, and files whose name before the first dot is README,
    LICENSE, LICENCE, COPYING, CHANGELOG, NOTICE, AUTHORS, CONTRIBUTING or CITATION (any case).
    Links to folders are not followed (a warning is logged). Every other file in a folder is
    read; one with a suffix not in :data:`SUFFIXES` is rejected as ``unsupported``, so a stray
    PDF or manifest is reported rather than lost. A file reached twice is read once. Named
    pipes, devices and sockets (also through links) are ``special_file`` and files larger than
    ``max_bytes`` (:data:`MAX_BYTES`, 50 MB, by default) are ``too_large``, both before a byte
    is read. A name that is not UTF-8 is read, and shown with ``\\xNN`` escapes.

Rejection codes are listed in :data:`REJECTION_CODES`.

Modules, in the order an input goes through them: :mod:`~claimscope.ingest.files` (finding the
input files), :mod:`~claimscope.ingest.decode` (bytes to text), the readers of each format
(:mod:`~claimscope.ingest.text` for ``.txt`` and Markdown, :mod:`~claimscope.ingest.html`,
:mod:`~claimscope.ingest.tabular` for CSV and JSONL), :mod:`~claimscope.ingest.metadata` (ids,
dates, duplicate ids), :mod:`~claimscope.ingest.rejections` (rejection codes and
:class:`IngestError`), and :mod:`~claimscope.ingest.load`, which runs them.
"""

from claimscope.ingest.decode import normalise_newlines
from claimscope.ingest.files import NON_ARTICLE_NAMES, iter_input_files
from claimscope.ingest.load import MAX_BYTES, SUFFIXES, load_articles, read_articles
from claimscope.ingest.metadata import METADATA_KEYS, hash_id, parse_date
from claimscope.ingest.rejections import REJECTION_CODES, IngestError

__all__ = [
    "MAX_BYTES",
    "METADATA_KEYS",
    "NON_ARTICLE_NAMES",
    "REJECTION_CODES",
    "SUFFIXES",
    "IngestError",
    "hash_id",
    "iter_input_files",
    "load_articles",
    "normalise_newlines",
    "parse_date",
    "read_articles",
]
