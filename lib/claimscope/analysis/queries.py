"""The questions the report notebooks ask of the tables.

Each notebook reads the extracted tables (:func:`load_tables`), narrows them to what it
reports on (an article: :func:`select_article`; a speaker: :func:`select_speaker` and
:func:`speaker_quotes`; a period or outlet: :func:`filter_corpus`) and shows the answers as
tables and charts. Everything here takes and returns DataFrames; nothing is displayed, so each
query can be tested and reused outside a notebook. Per-speaker counts come from
:func:`claimscope.analysis.aggregates.speaker_aggregates`.

Lookups by name (a speaker, an outlet, an article id given by hand) compare cleaned names
(:func:`claimscope.analysis.labels.clean_label`) on both sides, so ``"\\nVladimir Putin\\n"``
finds the speaker Vladimir Putin and a name stored with a control character is found by the
name without it. A speaker is named by its cleaned label from then on.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from claimscope.analysis.aggregates import (
    SPEAKER_COUNT_COLUMNS,
    speaker_aggregates,
    speaker_counts,
)
from claimscope.analysis.contrast import quote_mentions, speaker_labels
from claimscope.analysis.labels import clean_label, clean_labels
from claimscope.run.store import published_run, read_tables
from claimscope.tables.schema import TABLES, TIMELINE, empty


class ReportError(RuntimeError):
    """Reports cannot be built at all (no notebook, unknown article ids, no articles)."""


@dataclass(frozen=True)
class ArticleView:
    """One article and its rows of the other tables, as a notebook shows them."""

    article: dict[str, Any]
    quotes: pd.DataFrame
    mentions: pd.DataFrame
    timeline: pd.DataFrame

    @property
    def text(self) -> str:
        return str(self.article["text"])


# --------------------------------------------------------------------------------------------
# Reading and narrowing the tables


#: The notebooks' folder of a source checkout, which their default ``data_dir``
#: (``../build/sample``) is relative to; None for an installed package.
_NOTEBOOKS = Path(__file__).resolve().parents[3] / "notebooks"
NOTEBOOKS_DIR: Path | None = _NOTEBOOKS if _NOTEBOOKS.is_dir() else None


def _has_tables(data: Path) -> bool:
    return (data / "articles.parquet").exists() or (data / "articles.csv").exists()


def resolve_data_dir(data_dir: str | os.PathLike) -> Path:
    """The folder of tables ``data_dir`` names: as given from the working folder, else, for a
    relative path, from the notebooks' folder (so ``../build/sample`` works whether a notebook
    runs from its own folder or from the repository's root, as papermill runs it)."""
    data = Path(data_dir)
    if _has_tables(data) or data.is_absolute() or NOTEBOOKS_DIR is None:
        return data
    beside = NOTEBOOKS_DIR / data
    return beside if _has_tables(beside) else data


#: Tables read by :func:`load_tables`, by what they were read from (see :func:`_reading`).
_LOADED: dict[tuple, dict[str, pd.DataFrame]] = {}
#: How many readings :func:`load_tables` keeps (the oldest is dropped first).
LOADED_READINGS = 4


def _reading(data: Path) -> tuple:
    """What one reading of the tables in ``data`` depends on: the folder, the run it
    publishes (a new extraction publishes a new run) and, for a folder written without runs,
    each table file's identity, size and modification time."""
    run = published_run(data)
    if run is not None:
        return (data, run)
    files = []
    for name in TABLES:
        for path in (data / f"{name}.parquet", data / f"{name}.csv"):
            if path.exists():
                stat = path.stat()
                files.append((path.name, stat.st_ino, stat.st_size, stat.st_mtime_ns))
    return (data, None, tuple(files))


def load_tables(data_dir: str | os.PathLike) -> dict[str, pd.DataFrame]:
    """Read the tables in ``data_dir`` (see :func:`resolve_data_dir`), with a clear error when
    there are none.

    The tables of a folder are read once per process and shared by later calls, until the
    folder holds other tables (see :func:`_reading`): a kernel that runs one report after
    another reads them once. Each call returns its own frames (shallow copies: pandas copies
    on write, so a notebook that changes one changes nobody else's).

    Raises:
        ReportError: ``data_dir`` holds no articles table.
    """
    data = resolve_data_dir(data_dir)
    if not _has_tables(data):
        raise ReportError(
            f"no articles table in {data.resolve()}: run the extraction into that folder first"
        )
    key = _reading(data.resolve())
    tables = _LOADED.get(key)
    if tables is None:
        tables = read_tables(data)
        while len(_LOADED) >= LOADED_READINGS:
            del _LOADED[next(iter(_LOADED))]
        _LOADED[key] = tables
    return {name: frame.copy(deep=False) for name, frame in tables.items()}


def select_article(tables: Mapping[str, pd.DataFrame], article_id: str = "") -> ArticleView:
    """One article and its quotes and mentions, from tables read by :func:`load_tables`.

    Args:
        tables: The tables, by name.
        article_id: The article to select; empty selects the first article.

    Raises:
        ReportError: there are no articles, or none with that id.
    """
    articles = tables["articles"]
    if articles.empty:
        raise ReportError("the articles table is empty: extract some articles first")
    if article_id:
        rows = articles[(articles["article_id"] == article_id).fillna(False).to_numpy(dtype=bool)]
        if rows.empty:  # an id given with stray whitespace or control characters
            wanted = clean_label(article_id)
            cleaned = clean_labels(articles["article_id"].astype("string")) == wanted
            rows = articles[cleaned.fillna(False).to_numpy(dtype=bool)]
        if rows.empty:
            known = ", ".join(map(repr, articles["article_id"].head(5)))
            raise ReportError(f"no article with id {article_id!r}; the first ids are {known}")
        row = rows.iloc[0]
    else:
        row = articles.iloc[0]
    article = {k: (None if pd.isna(v) else v) for k, v in row.to_dict().items()}
    aid = article["article_id"]
    quotes = tables["quotes"]
    mentions = tables["mentions"]
    quotes = quotes[quotes["article_id"] == aid].sort_values("start", kind="stable")
    mentions = mentions[mentions["article_id"] == aid].sort_values("start", kind="stable")
    timeline = tables.get("timeline", empty(TIMELINE))
    timeline = timeline[timeline["article_id"] == aid].sort_values("start", kind="stable")
    return ArticleView(
        article,
        quotes.reset_index(drop=True),
        mentions.reset_index(drop=True),
        timeline.reset_index(drop=True),
    )


def load_article(data_dir: str | os.PathLike, article_id: str = "") -> ArticleView:
    """Read the tables in ``data_dir`` and select one article (see :func:`select_article`)."""
    return select_article(load_tables(data_dir), article_id)


def filter_corpus(
    tables: Mapping[str, pd.DataFrame],
    *,
    date_from: str | int = "",
    date_to: str | int = "",
    outlet: str = "",
) -> dict[str, pd.DataFrame]:
    """The tables restricted to the articles published in a date range and by an outlet.

    Args:
        tables: The tables, by name.
        date_from: First day kept (``YYYY-MM-DD``, or a prefix such as ``2019`` or
            ``2019-03``); empty for no lower bound. Undated articles are dropped when a bound
            is given.
        date_to: Last day kept, same forms (``2019`` keeps all of 2019); empty for no bound.
        outlet: Keep only this outlet (case-insensitive, names cleaned); empty for all.

    Returns:
        Every table, with the rows of the other articles removed (tables without an
        ``article_id`` column are kept whole).
    """
    # papermill passes ``-p date_from 2019`` as the integer 2019: a year is a prefix too
    date_from = _date_bound(date_from, "date_from")
    date_to = _date_bound(date_to, "date_to")
    articles = tables["articles"]
    keep = pd.Series(True, index=articles.index)
    date = articles["date"].astype("string")
    if date_from:
        keep &= (date >= date_from).fillna(False)
    if date_to:
        keep &= (date.str[: len(date_to)] <= date_to).fillna(False)
    if clean_label(outlet):
        outlets = clean_labels(articles["outlet"].astype("string")).astype("string")
        keep &= (outlets.str.casefold() == clean_label(outlet).casefold()).fillna(False)
    ids = set(articles.loc[keep.to_numpy(dtype=bool), "article_id"])
    out = {}
    for name, frame in tables.items():
        if "article_id" in frame.columns and name != "rejected":
            frame = frame[frame["article_id"].isin(ids)].reset_index(drop=True)
        out[name] = frame
    return out


def _date_bound(value: object, name: str) -> str:
    """A date bound as text: ``""`` for none, an integer year as its digits."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ReportError(f"{name} must be a date such as 2019-03-01 or a prefix, not {value!r}")
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        raise ReportError(
            f"{name} must be a date such as 2019-03-01, 2019-03 or 2019, not {text!r}"
        )
    return text


def corpus_summary(tables: Mapping[str, pd.DataFrame]) -> str:
    """One line counting articles, outlets, dates, quotes, speakers and mentions."""
    articles, quotes = tables["articles"], tables["quotes"]
    dates = articles["date"].dropna()
    span = f"from {dates.min()} to {dates.max()}" if len(dates) else "undated"
    speakers = quotes["speaker"].dropna().nunique()
    return (
        f"{len(articles):,} articles ({articles['outlet'].nunique():,} outlets, {span}), "
        f"{len(quotes):,} quotes by {speakers:,} named speakers, "
        f"{len(tables['mentions']):,} entity mentions"
    )


# --------------------------------------------------------------------------------------------
# Speakers


def named_speaker_counts(quotes: pd.DataFrame) -> pd.DataFrame:
    """:func:`claimscope.analysis.aggregates.speaker_counts` of the quotes with a canonical
    speaker: the named speakers, most quoted first (ties by name)."""
    return speaker_counts(quotes[quotes["speaker"].notna()])


def top_speakers(quotes: pd.DataFrame, n: int = 10) -> list[str]:
    """The ``n`` most quoted named speakers, most quoted first (ties by name)."""
    return [str(s) for s in named_speaker_counts(quotes)["speaker"].head(n)]


def select_speaker(tables: Mapping[str, pd.DataFrame], speaker: str = "") -> str:
    """The canonical speaker named ``speaker`` (case-insensitive, names cleaned), or the most
    quoted one.

    Returns:
        The speaker's cleaned name, as the quotes spell it (see the module docstring).

    Raises:
        ReportError: no quote has a named speaker, or none is called ``speaker``.
    """
    quotes = tables["quotes"]
    names = clean_labels(quotes["speaker"].dropna().astype(str))
    names = names[names != ""]
    if names.empty:
        raise ReportError("no quote has a named speaker: there is no speaker to report on")
    wanted = clean_label(speaker).casefold()
    if not wanted:
        return top_speakers(quotes, 1)[0]
    matches = sorted({n for n in names if n.casefold() == wanted})
    if not matches:
        known = ", ".join(map(repr, top_speakers(quotes, 5)))
        raise ReportError(f"no speaker called {speaker!r}; the most quoted are {known}")
    return matches[0]


def _is_speaker(names: pd.Series, speaker: str) -> pd.Series:
    """Which of ``names`` are ``speaker``, compared cleaned."""
    return (clean_labels(names.astype("string")) == clean_label(speaker)).fillna(False)


def _quotes_of(quotes: pd.DataFrame, speaker: str) -> pd.DataFrame:
    return quotes[_is_speaker(quotes["speaker"], speaker).to_numpy(dtype=bool)]


def speaker_quotes(tables: Mapping[str, pd.DataFrame], speaker: str) -> pd.DataFrame:
    """The quotes of ``speaker`` with their article's date and title, in date order."""
    articles = tables["articles"].drop_duplicates("article_id")
    out = _quotes_of(tables["quotes"], speaker).merge(
        articles[["article_id", "date", "title", "outlet"]], on="article_id", how="left"
    )
    return out.sort_values(["date", "article_id", "start"], kind="stable").reset_index(drop=True)


def _mode(values: pd.Series) -> str | None:
    """The most frequent value (ties: the first seen), ignoring missing ones."""
    values = values.dropna()
    return None if values.empty else str(values.value_counts().index[0])


def speaker_profile(tables: Mapping[str, pd.DataFrame], speaker: str) -> dict[str, Any]:
    """What the tables say about a speaker: type, titles, affiliation, counts.

    Counts and titles come from :func:`claimscope.analysis.aggregates.speaker_aggregates` of
    the speaker's quotes; the type and affiliation are the most frequent ones the quotes give
    (ties: the first seen). Titles, affiliation, gender and mentions come from the ``speakers``
    table instead when it has the speaker.
    """
    theirs = _quotes_of(tables["quotes"], speaker)
    rows = speaker_aggregates(theirs)
    titles = rows["titles"].iloc[0] if len(rows) else None
    profile: dict[str, Any] = {
        "speaker": speaker,
        "speaker_type": _mode(theirs["speaker_type"]),
        "titles": None if pd.isna(titles) else titles,
        "affiliation": _mode(theirs.get("speaker_affiliation", pd.Series(dtype="string"))),
        "quotes": int(rows["quotes"].sum()),
        "articles": int(rows["articles"].sum()),
    }
    speakers = tables.get("speakers")
    if speakers is not None and not speakers.empty and "speaker" in speakers.columns:
        known = speakers[_is_speaker(speakers["speaker"], speaker).to_numpy(dtype=bool)]
        if not known.empty:
            row = known.iloc[0]
            for key in ("titles", "affiliation", "gender", "mentions"):
                if key in known.columns and not pd.isna(row[key]):
                    profile[key] = str(row[key])
    return {k: v for k, v in profile.items() if v not in (None, "")}


def speakers_table(tables: Mapping[str, pd.DataFrame], quotes: pd.DataFrame) -> pd.DataFrame:
    """The speakers of ``quotes`` with their type, titles and affiliation, most quoted first.

    The rows and counts are :func:`claimscope.analysis.aggregates.speaker_counts`. Titles and
    affiliations come from the ``speakers`` table when it has them, else from the quotes'
    ``speaker_title`` and ``speaker_affiliation`` columns (every distinct value, joined by
    ``"; "``).
    """
    aggregates = speaker_aggregates(quotes)
    extra: dict[str, pd.Series] = {}
    for column, source, derived in (
        ("titles", "speaker_title", "titles"),
        ("affiliation", "speaker_affiliation", "affiliations"),
    ):
        if source in quotes.columns:
            extra[column] = aggregates.set_index("speaker")[derived].dropna()
    speakers = tables.get("speakers")
    if speakers is not None and not speakers.empty:
        for column in ("titles", "affiliation"):
            if column in speakers.columns:
                known = speakers.dropna(subset=[column])
                known = known.assign(speaker=clean_labels(known["speaker"].astype("string")))
                given = known.drop_duplicates("speaker").set_index("speaker")[column].astype(str)
                extra[column] = given.combine_first(extra.get(column, pd.Series(dtype=str)))
    out = aggregates[list(SPEAKER_COUNT_COLUMNS)].copy()
    for column, values in extra.items():
        out[column] = out["speaker"].map(values)
    return out


# --------------------------------------------------------------------------------------------
# Quotes, cues and what they mention


def entities_in_quotes(quotes: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``mentions`` that fall inside ``quotes`` (once each, even in nested quotes)."""
    inside = quote_mentions(quotes, mentions)[["article_id", "mention_start"]].drop_duplicates()
    keys = inside.rename(columns={"mention_start": "start"})
    keys["start"] = keys["start"].astype(mentions["start"].dtype)
    keys["article_id"] = keys["article_id"].astype(mentions["article_id"].dtype)
    return mentions.merge(keys, on=["article_id", "start"], how="inner")


def cue_counts(quotes: pd.DataFrame) -> pd.DataFrame:
    """Quotes per cue (as found in the cue list) and stance, most used first."""
    frame = pd.DataFrame(
        {
            "cue": quotes["cue_lemma"].fillna(quotes["cue"]).fillna("(none)").astype(str),
            "stance": quotes["stance"].fillna("neutral").astype(str),
        }
    )
    out = frame.groupby(["cue", "stance"]).size().rename("quotes").reset_index()
    return out.sort_values(["quotes", "cue"], ascending=[False, True]).reset_index(drop=True)


def claims_by_speaker(about: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Statements grouped by speaker (most statements first), each with its article's date and
    title, in date order within a speaker. ``about`` comes from
    :func:`claimscope.analysis.contrast.quotes_about`."""
    meta = articles.drop_duplicates("article_id")[["article_id", "date", "title"]]
    out = about.merge(meta, on="article_id", how="left")
    out["speaker"] = out["speaker_label"]
    n = out.groupby("speaker")["quote_id"].transform("size")
    out = out.assign(_n=n).sort_values(
        ["_n", "speaker", "date", "quote_id"], ascending=[False, True, True, True], kind="stable"
    )
    return out.drop(columns="_n").reset_index(drop=True)


def quote_links(quotes: pd.DataFrame, pages: Mapping[str, str]) -> dict[str, str]:
    """Quote id -> the report page of its article, for the articles in ``pages``."""
    return {
        str(q): pages[str(a)]
        for q, a in zip(quotes["quote_id"], quotes["article_id"], strict=True)
        if str(a) in pages
    }


#: Columns of :func:`corpus_quotes`.
CORPUS_QUOTE_COLUMNS: tuple[str, ...] = (
    "speaker",
    "text",
    "cue",
    "stance",
    "date",
    "outlet",
    "article_id",
    "quote_id",
)


def corpus_quotes(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Every statement of ``quotes`` with its speaker, cue, stance and article's date and
    outlet, newest article first (then in the order of the article), for the corpus-wide
    table of quotes.

    Returns:
        The columns of :data:`CORPUS_QUOTE_COLUMNS`: ``speaker`` is the speaker's label
        (:func:`claimscope.analysis.contrast.speaker_labels`), ``cue`` the cue as found in the
        cue list (else as written), ``stance`` ``neutral`` when the cue has none, ``outlet``
        cleaned (:func:`claimscope.analysis.labels.clean_label`).
    """
    meta = articles.drop_duplicates("article_id").set_index("article_id")
    out = pd.DataFrame(
        {
            "speaker": speaker_labels(quotes).to_numpy(),
            "text": quotes["text"].astype("string").to_numpy(),
            "cue": quotes["cue_lemma"].fillna(quotes["cue"]).astype("string").to_numpy(),
            "stance": quotes["stance"].fillna("neutral").astype("string").to_numpy(),
            "date": quotes["article_id"].map(meta["date"]).astype("string").to_numpy(),
            "outlet": clean_labels(quotes["article_id"].map(meta["outlet"]).astype("string"))
            .astype("string")
            .to_numpy(),
            "article_id": quotes["article_id"].astype("string").to_numpy(),
            "quote_id": quotes["quote_id"].astype("string").to_numpy(),
            "_start": quotes["start"].astype("int64").to_numpy(),
        }
    )
    out = out.sort_values(["article_id", "_start"], kind="stable")
    out = out.sort_values("date", ascending=False, kind="stable", na_position="last")
    return out.drop(columns="_start").reset_index(drop=True)
