"""Gold quotes: the three gold formats read into :class:`GoldQuote` records.

:func:`load_gold` reads:

- ``json``: one article's gold file (``{"article": "NAME.txt", "quotes": [...]}``), the article id
  is the stem of ``article``;
- ``jsonl``: one JSON object per line with ``id`` and ``quotes``, the article id is ``id``;
- ``polnear``: a PolNeAR split folder (``text/NAME.txt`` and ``attributions/NAME_XXXX.ann`` in
  brat standoff format), the article id is the text file's stem.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

_POLNEAR_ANN = re.compile(r"^(?P<stem>.+)_(?P<annotator>[0-9a-f]{4})\.ann$")
_BRAT_LINE = re.compile(r"^(?:[TERAMN]\d+|#\d+|\*)\t")
_BRAT_TEXTBOUND = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")
_BRAT_EVENT = re.compile(r"^(E\d+)\t(.*)$")


class GoldFormatError(ValueError):
    """A gold file or folder cannot be read: its format is unknown or an entry is malformed."""


@dataclass(frozen=True)
class GoldQuote:
    """One gold attributed statement.

    Offsets are Python string indices into the article's text. ``fragments`` lists the character
    ranges of a discontinuous statement (PolNeAR) in annotation order; ``text`` is then the
    fragments' texts joined by one space, as brat writes it. For a continuous statement
    ``fragments`` is empty and the statement is ``start`` .. ``end`` (use :attr:`spans`).
    """

    article_id: str
    kind: str | None
    text: str
    start: int
    end: int
    speaker: str | None = None  # canonical name; None when the gold has none (PolNeAR)
    speaker_mention: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    fragments: tuple[tuple[int, int], ...] = ()

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        """The character ranges of the statement, in annotation order."""
        return self.fragments or ((self.start, self.end),)


def load_gold(path: str | os.PathLike) -> tuple[str, dict[str, list[GoldQuote]]]:
    """Read a gold set in any of the supported formats.

    Args:
        path: A gold ``.json`` file (one article), a ``.jsonl`` file (one article a line), a
            folder holding ``gold.json`` or ``gold.jsonl``, or a PolNeAR split folder (the
            folder holding ``attributions/``, or ``attributions/`` itself).

    Returns:
        The format name (``"json"``, ``"jsonl"`` or ``"polnear"``) and the gold quotes by
        article id, each list ordered by offset. Annotated articles without quotes are present
        with an empty list, so that predictions in them count as false positives.

    Raises:
        FileNotFoundError: ``path`` does not exist.
        GoldFormatError: the format is not recognised or an entry is malformed.

    Notes:
        PolNeAR: for an article annotated by several annotators, the annotation of the first
        annotator id in sorted order is used. Every attribution (brat ``E`` line, with or
        without a source) that has content becomes one gold quote; its content fragments
        (``Content``, ``Content2`` ...) are kept in ``fragments``. ``Discuss`` and ``Discard``
        spans are not attributions and are ignored. PolNeAR has no kinds and no canonical
        speakers: ``kind`` and ``speaker`` are None; the source is the speaker mention.
    """
    source = Path(path)
    if not source.exists():
        raise FileNotFoundError(f"gold path {source} does not exist")
    if source.is_dir():
        if (source / "gold.json").is_file():
            source = source / "gold.json"
        elif (source / "gold.jsonl").is_file():
            source = source / "gold.jsonl"
        elif source.name == "attributions" or (source / "attributions").is_dir():
            return "polnear", _load_polnear(source)
        else:
            raise GoldFormatError(
                f"{source}: found no gold.json, gold.jsonl or attributions/ folder; pass a gold "
                "file, or a PolNeAR split folder such as polnear/dev"
            )
    if source.suffix == ".jsonl":
        return "jsonl", _load_jsonl(source)
    if source.suffix == ".json":
        return "json", _load_json(source)
    raise GoldFormatError(f"{source}: unknown gold format; expected a .json or .jsonl file")


def _gold_quote(article_id: str, raw: Any, where: str) -> GoldQuote:
    if not isinstance(raw, Mapping):
        raise GoldFormatError(f"{where}: a quote must be a JSON object, found {raw!r:.60}")
    missing = [k for k in ("text", "start", "end") if raw.get(k) is None]
    if missing:
        raise GoldFormatError(f"{where}: quote lacks {missing}: {dict(raw)!r:.120}")

    def offset(key: str) -> int | None:
        value = raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise GoldFormatError(f"{where}: {key} must be an integer offset, found {value!r}")
        return value

    start, end = offset("start"), offset("end")
    if start is None or end is None or not 0 <= start < end:
        raise GoldFormatError(f"{where}: quote span {start}..{end} is empty or negative")
    return GoldQuote(
        article_id=article_id,
        kind=raw.get("kind"),
        text=raw["text"],
        start=start,
        end=end,
        speaker=raw.get("speaker"),
        speaker_mention=raw.get("speaker_mention"),
        speaker_start=offset("speaker_start"),
        speaker_end=offset("speaker_end"),
        cue=raw.get("cue"),
        cue_start=offset("cue_start"),
        cue_end=offset("cue_end"),
    )


def _sorted_quotes(quotes: Iterable[GoldQuote]) -> list[GoldQuote]:
    return sorted(quotes, key=lambda q: (q.start, q.end, q.text))


def _load_json(path: Path) -> dict[str, list[GoldQuote]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise GoldFormatError(f"{path}: not valid JSON ({err})") from err
    if not isinstance(data, Mapping) or "article" not in data or "quotes" not in data:
        raise GoldFormatError(f"{path}: expected an object with 'article' and 'quotes'")
    article_id = Path(str(data["article"])).stem
    quotes = [
        _gold_quote(article_id, raw, f"{path}, quote {i}") for i, raw in enumerate(data["quotes"])
    ]
    return {article_id: _sorted_quotes(quotes)}


def _load_jsonl(path: Path) -> dict[str, list[GoldQuote]]:
    gold: dict[str, list[GoldQuote]] = {}
    with path.open(encoding="utf-8") as lines:
        for line_no, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            where = f"{path}, line {line_no}"
            try:
                data = json.loads(line)
            except json.JSONDecodeError as err:
                raise GoldFormatError(f"{where}: not valid JSON ({err})") from err
            if not isinstance(data, Mapping) or "id" not in data or "quotes" not in data:
                raise GoldFormatError(f"{where}: expected an object with 'id' and 'quotes'")
            article_id = str(data["id"])
            if article_id in gold:
                raise GoldFormatError(f"{where}: article id {article_id!r} appears twice")
            gold[article_id] = _sorted_quotes(
                _gold_quote(article_id, raw, f"{where} ({article_id}), quote {i}")
                for i, raw in enumerate(data["quotes"])
            )
    return gold


@dataclass(frozen=True)
class _Textbound:
    label: str
    fragments: tuple[tuple[int, int], ...]
    text: str


def _parse_brat(path: Path) -> tuple[dict[str, _Textbound], list[tuple[int, list[tuple]]]]:
    """Text-bound annotations by id, and events as (line, [(role, T id), ...]).

    A text-bound annotation whose text contains a line break continues on the next lines of the
    file; those lines do not start with an annotation id and are joined back.
    """
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    parts: dict[str, list] = {}  # T id -> [label, fragments, text lines]
    events: list[tuple[int, list[tuple]]] = []
    current: str | None = None
    for line_no, line in enumerate(lines, start=1):
        if not _BRAT_LINE.match(line):
            if current is None:
                raise GoldFormatError(f"{path}, line {line_no}: not a brat annotation: {line:.60}")
            parts[current][2].append(line)
            continue
        current = None
        if line.startswith("T"):
            match = _BRAT_TEXTBOUND.match(line)
            if match is None:
                raise GoldFormatError(f"{path}, line {line_no}: malformed text-bound: {line:.60}")
            tid, label, offsets, text = match.groups()
            fragments = tuple(
                (int(a), int(b)) for a, b in (piece.split() for piece in offsets.split(";"))
            )
            parts[tid] = [label, fragments, [text]]
            current = tid
        elif line.startswith("E"):
            match = _BRAT_EVENT.match(line)
            if match is None:
                raise GoldFormatError(f"{path}, line {line_no}: malformed event: {line:.60}")
            roles = []
            for item in match.group(2).split():
                role, _, tid = item.partition(":")
                if not tid:
                    raise GoldFormatError(f"{path}, line {line_no}: malformed role {item!r}")
                roles.append((role, tid))
            events.append((line_no, roles))
    textbounds = {
        tid: _Textbound(label, fragments, "\n".join(text))
        for tid, (label, fragments, text) in parts.items()
    }
    return textbounds, events


def _join(parts: Sequence[_Textbound]) -> tuple[str | None, int | None, int | None]:
    if not parts:
        return None, None, None
    fragments = [f for part in parts for f in part.fragments]
    return (
        " ".join(part.text for part in parts),
        min(a for a, _ in fragments),
        max(b for _, b in fragments),
    )


def _polnear_article(path: Path, article_id: str) -> list[GoldQuote]:
    textbounds, events = _parse_brat(path)
    quotes = []
    for line_no, roles in events:
        by_role: dict[str, list[_Textbound]] = {"Content": [], "Source": [], "Cue": []}
        for role, tid in roles[1:]:  # the first item is the attribution's trigger
            if tid not in textbounds:
                raise GoldFormatError(
                    f"{path}, line {line_no}: role {role} refers to unknown {tid}"
                )
            base = role.rstrip("0123456789")
            if base in by_role:
                by_role[base].append(textbounds[tid])
        content = by_role["Content"]
        if not content:
            logger.debug("%s, line %d: attribution without content skipped", path, line_no)
            continue
        fragments = tuple(f for part in content for f in part.fragments)
        text, start, end = _join(content)
        mention, speaker_start, speaker_end = _join(by_role["Source"])
        cue, cue_start, cue_end = _join(by_role["Cue"])
        quotes.append(
            GoldQuote(
                article_id=article_id,
                kind=None,
                text=text or "",
                start=start or 0,
                end=end or 0,
                speaker=None,
                speaker_mention=mention,
                speaker_start=speaker_start,
                speaker_end=speaker_end,
                cue=cue,
                cue_start=cue_start,
                cue_end=cue_end,
                fragments=fragments if len(fragments) > 1 else (),
            )
        )
    return _sorted_quotes(quotes)


def _load_polnear(folder: Path) -> dict[str, list[GoldQuote]]:
    ann_dir = folder if folder.name == "attributions" else folder / "attributions"
    annotations: dict[str, dict[str, Path]] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        match = _POLNEAR_ANN.match(ann.name)
        stem, annotator = (match["stem"], match["annotator"]) if match else (ann.stem, "")
        annotations.setdefault(stem, {})[annotator] = ann
    if not annotations:
        raise GoldFormatError(f"{ann_dir}: no .ann files found")
    gold = {}
    for article_id, by_annotator in sorted(annotations.items()):
        annotator = min(by_annotator)
        if len(by_annotator) > 1:
            logger.debug(
                "%s: annotated by %s; using %s", article_id, sorted(by_annotator), annotator
            )
        gold[article_id] = _polnear_article(by_annotator[annotator], article_id)
    return gold


__all__ = ["GoldFormatError", "GoldQuote", "load_gold"]
