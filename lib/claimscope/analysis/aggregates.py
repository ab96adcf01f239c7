"""Aggregations of the tidy tables: one row per bar, per cell or per point of a chart.

Every function here takes tables (or any rows of them) and returns a small frame whose size
is bounded by a top-N or a number of time bins, whatever the size of the corpus. The chart
builders in :mod:`claimscope.present.charts` draw exactly these frames, and the report pages
write them beside each chart as its data, so a reader can download what a chart shows.
Notebooks also show them as tables.

Per-speaker figures come from one function, :func:`speaker_aggregates`: the chart of quotes
per speaker, the speakers table of the reports, the ranking of the top speakers and the
speakers quoted alongside another are all built on it, so a speaker's label, type and counts
are the same wherever they are shown.

Speakers, outlets and entities are labelled with cleaned names
(:func:`claimscope.analysis.labels.clean_label`): a name with a control character, a line
separator or a stray newline is shown, counted and looked up as the name without it.

Frames are returned with plain dtypes (``int64`` and ``object`` rather than pandas' nullable
extension types), so they serialise cleanly into chart specs and CSV files.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from claimscope.analysis.contrast import quote_mentions, speaker_labels
from claimscope.analysis.labels import clean_label, clean_labels

#: Quote kinds (see ``schema.QUOTES``, column ``kind``), in the order they are counted and shown.
KINDS: tuple[str, ...] = ("direct", "indirect", "mixed")

#: Stance classes of a cue (see ``schema.QUOTES``, column ``stance``, and ``rules/cues.tsv``),
#: in the order they are counted and shown. Quotes without a stance are counted as ``neutral``.
STANCES: tuple[str, ...] = (
    "neutral",
    "assert",
    "belief",
    "hedge",
    "deny",
    "concern",
    "support",
    "oppose",
    "warn",
    "admit",
    "promise",
    "request",
    "question",
)

#: Label for outlets beyond the top ones, and for articles without an outlet.
OTHER = "other"
NO_OUTLET = "(no outlet)"

#: At most this many time bins in a count over time (weeks, months, quarters or years).
MAX_TIME_BINS = 60

#: Label used for quotes whose speaker was not found.
UNATTRIBUTED = "(unattributed)"

#: Columns of :func:`speaker_counts`.
SPEAKER_COUNT_COLUMNS: tuple[str, ...] = ("speaker", "speaker_type", "quotes", *KINDS)

#: Columns of :func:`speaker_aggregates`.
SPEAKER_COLUMNS: tuple[str, ...] = (*SPEAKER_COUNT_COLUMNS, "articles", "titles", "affiliations")


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Nullable extension dtypes as plain Python-friendly ones, so specs serialise cleanly."""
    out = frame.copy()
    for name in out.columns:
        if pd.api.types.is_integer_dtype(out[name]):
            out[name] = out[name].astype("int64")
        elif pd.api.types.is_string_dtype(out[name]):
            out[name] = out[name].astype(object)
    return out


def _no_rows(columns: list[str] | tuple[str, ...]) -> pd.DataFrame:
    return plain(pd.DataFrame({c: pd.Series([], dtype="string") for c in columns}))


# --------------------------------------------------------------------------------------------
# Speakers and entities


def speakers_of(quotes: pd.DataFrame) -> pd.Series:
    """Each quote's speaker as charts show it (see
    :func:`claimscope.analysis.contrast.speaker_labels`): the canonical name, else the
    mention as written, else :data:`UNATTRIBUTED`."""
    return speaker_labels(quotes, unattributed=UNATTRIBUTED)


def _joined(values: pd.Series) -> str:
    """Distinct values in order of first appearance, joined by ``"; "``."""
    return "; ".join(dict.fromkeys(values.astype(str)))


def speaker_aggregates(quotes: pd.DataFrame) -> pd.DataFrame:
    """Everything the quotes say about each speaker: one row per speaker, most quoted first.

    This is the one per-speaker aggregation; :func:`speaker_counts`, :func:`co_quoted`,
    :func:`claimscope.analysis.queries.speakers_table` and the speaker rankings build on it.

    Args:
        quotes: The ``quotes`` table (or any rows of it).

    Returns:
        The columns in :data:`SPEAKER_COLUMNS`: ``speaker`` (see :func:`speakers_of`),
        ``speaker_type`` (the speaker's most frequent type, ties by name, ``UNKNOWN`` when
        none), ``quotes`` (count), one count column per quote kind in :data:`KINDS`,
        ``articles`` (articles quoting them) and ``titles`` and ``affiliations`` (the distinct
        ``speaker_title`` and ``speaker_affiliation`` values of the quotes with a canonical
        speaker, in order of first appearance, joined by ``"; "``; missing when there are
        none or the column is absent). Ties in the number of quotes are broken by name, so
        the order is stable.
    """
    columns = list(SPEAKER_COLUMNS)
    if quotes.empty:
        counts = [c for c in columns if c in {"quotes", "articles", *KINDS}]
        return plain(
            pd.DataFrame(
                {c: pd.Series([], dtype="int64" if c in counts else "string") for c in columns}
            )
        )
    frame = pd.DataFrame(
        {
            "speaker": speakers_of(quotes),
            "speaker_type": quotes["speaker_type"].fillna("UNKNOWN").astype("string"),
            "kind": quotes["kind"].astype("string"),
            "article_id": quotes["article_id"],
        }
    )
    by_kind = pd.crosstab(frame["speaker"], frame["kind"]).reindex(
        columns=list(KINDS), fill_value=0
    )
    types = (
        frame.groupby(["speaker", "speaker_type"])
        .size()
        .rename("n")
        .reset_index()
        .sort_values(["speaker", "n", "speaker_type"], ascending=[True, False, True])
        .drop_duplicates("speaker")
        .set_index("speaker")["speaker_type"]
    )
    grouped = frame.groupby("speaker")
    out = by_kind.assign(
        quotes=grouped.size(), speaker_type=types, articles=grouped["article_id"].nunique()
    )
    for column, source in (("titles", "speaker_title"), ("affiliations", "speaker_affiliation")):
        if source in quotes.columns:
            # only what is said of a canonical speaker, not of a mention left unresolved
            named = quotes["speaker"].notna() & quotes[source].notna()
            given = frame.loc[named.to_numpy(dtype=bool), "speaker"]
            values = quotes.loc[named.to_numpy(dtype=bool), source]
            out[column] = values.groupby(given.to_numpy()).agg(_joined)
        else:
            out[column] = None
    out = out.reset_index().rename(columns={"index": "speaker"})
    out = out.sort_values(["quotes", "speaker"], ascending=[False, True], kind="stable")
    return plain(out[columns].reset_index(drop=True))


def speaker_counts(quotes: pd.DataFrame) -> pd.DataFrame:
    """Quotes per speaker: one row per speaker, most quoted first.

    Args:
        quotes: The ``quotes`` table (or any rows of it).

    Returns:
        The columns in :data:`SPEAKER_COUNT_COLUMNS`: ``speaker`` (canonical name, else the
        mention as written, else :data:`UNATTRIBUTED`), ``speaker_type`` (the speaker's most
        frequent type, ``UNKNOWN`` when none), ``quotes`` (count) and one count column per
        quote kind in :data:`KINDS`; the rows of :func:`speaker_aggregates`.
    """
    return speaker_aggregates(quotes)[list(SPEAKER_COUNT_COLUMNS)]


def entity_counts(mentions: pd.DataFrame) -> pd.DataFrame:
    """Mentions per entity: one row per canonical entity, most mentioned first.

    Args:
        mentions: The ``mentions`` table (or any rows of it).

    Returns:
        Columns ``entity``, ``label`` (the canonical entity's type), ``mentions`` (count)
        and ``forms`` (the distinct ways it was written, in order of first appearance,
        joined by ``"; "``).
    """
    columns = ["entity", "label", "mentions", "forms"]
    if mentions.empty:
        return plain(
            pd.DataFrame({c: pd.Series([], dtype="string") for c in columns}).astype(
                {"mentions": "int64"}
            )
        )
    ordered = mentions.sort_values(["article_id", "start"], kind="stable")
    grouped = ordered.groupby("entity_id", sort=False)
    out = pd.DataFrame(
        {
            "entity": clean_labels(grouped["entity"].first()),
            "mentions": grouped.size(),
            "forms": clean_labels(grouped["text"].agg(_joined)),
        }
    )
    # the canonical entity's type (GPE for North Korea), not a mention's ("North Korean": NORP)
    out["label"] = [str(i).split(":", 1)[0] for i in out.index]
    out = out.reset_index(drop=True)
    out = out.sort_values(["mentions", "entity"], ascending=[False, True], kind="stable")
    return plain(out[columns].reset_index(drop=True))


def speaker_type_counts(quotes: pd.DataFrame) -> pd.DataFrame:
    """Quotes per speaker type, with their share of all quotes (one row per type)."""
    types = quotes["speaker_type"].fillna("UNKNOWN").astype("string")
    out = types.value_counts().rename_axis("speaker_type").reset_index(name="quotes")
    out["share"] = (out["quotes"] / max(len(quotes), 1)).round(4)
    return plain(out.sort_values(["quotes", "speaker_type"], ascending=[False, True]))


def stance_counts(quotes: pd.DataFrame) -> pd.DataFrame:
    """Quotes per stance class of the cue, in :data:`STANCES` order (stances not seen omitted)."""
    stance = quotes["stance"].fillna("neutral").astype("string")
    counts = stance.value_counts()
    order = [s for s in STANCES if s in counts.index] + sorted(
        s for s in counts.index if s not in STANCES
    )
    out = pd.DataFrame({"stance": order, "quotes": [int(counts[s]) for s in order]})
    out["share"] = (out["quotes"] / max(len(quotes), 1)).round(4)
    return plain(out)


def stance_by_speaker(quotes: pd.DataFrame, *, top: int = 15) -> pd.DataFrame:
    """Quotes per speaker and stance, for the ``top`` most quoted speakers."""
    speaker = speakers_of(quotes)
    keep = list(speaker_counts(quotes).head(top)["speaker"])
    frame = pd.DataFrame(
        {"speaker": speaker, "stance": quotes["stance"].fillna("neutral").astype("string")}
    )
    frame = frame[frame["speaker"].isin(keep)]
    out = frame.groupby(["speaker", "stance"]).size().rename("quotes").reset_index()
    out["rank"] = out["speaker"].map({s: i for i, s in enumerate(keep)})
    return plain(out.sort_values(["rank", "stance"]).drop(columns="rank").reset_index(drop=True))


def speaker_entity_counts(
    quotes: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    top_speakers: int = 15,
    top_entities: int = 15,
) -> pd.DataFrame:
    """Who talks about whom: mentions of each entity inside each speaker's quotes.

    A mention counts for a quote when its offsets fall within the quote's ``[start, end)`` in
    the same article (:func:`claimscope.analysis.contrast.quote_mentions`). A speaker is not
    counted as talking about themself. Only the ``top_speakers`` most quoted speakers and the
    ``top_entities`` entities they mention most are kept.

    Returns:
        Columns ``speaker``, ``entity``, ``mentions`` and ``quotes`` (how many of the speaker's
        quotes mention it); at most ``top_speakers * top_entities`` rows.
    """
    columns = ["speaker", "entity", "mentions", "quotes"]
    inside = quote_mentions(quotes, mentions)
    if inside.empty:
        return _no_rows(columns)
    who = pd.Series(speakers_of(quotes).to_numpy(), index=quotes["quote_id"].to_numpy())
    inside["speaker"] = inside["quote_id"].map(who).astype("string")
    inside["entity"] = clean_labels(inside["entity"])
    inside = inside[inside["speaker"] != inside["entity"]]
    inside = inside[inside["speaker"] != UNATTRIBUTED]
    keep = [s for s in speaker_counts(quotes)["speaker"] if s in set(inside["speaker"])]
    inside = inside[inside["speaker"].isin(keep[:top_speakers])]
    ranked = inside.groupby("entity").size().reset_index(name="n")
    ranked = ranked.sort_values(["n", "entity"], ascending=[False, True])
    inside = inside[inside["entity"].isin(list(ranked["entity"].head(top_entities)))]
    out = inside.groupby(["speaker", "entity"]).agg(
        mentions=("quote_id", "size"), quotes=("quote_id", "nunique")
    )
    return plain(out.reset_index().sort_values(["speaker", "entity"]).reset_index(drop=True))


def co_quoted(quotes: pd.DataFrame, speaker: str, *, top: int = 15) -> pd.DataFrame:
    """Who is quoted alongside ``speaker``: other speakers in the articles that quote them.

    Returns:
        Columns ``speaker``, ``speaker_type``, ``articles`` (shared articles) and ``quotes``
        (their quotes in those articles), the ``top`` by shared articles (see
        :func:`speaker_aggregates`, of the other speakers' quotes in those articles).
    """
    speaker = clean_label(speaker)
    who = speakers_of(quotes)
    theirs = set(quotes.loc[(who == speaker).to_numpy(), "article_id"])
    others = quotes[(quotes["article_id"].isin(theirs) & (who != speaker)).to_numpy()]
    others = others[(speakers_of(others) != UNATTRIBUTED).to_numpy()]
    columns = ["speaker", "speaker_type", "articles", "quotes"]
    if others.empty:
        return _no_rows(columns)
    out = speaker_aggregates(others).sort_values(
        ["articles", "quotes", "speaker"], ascending=[False, False, True]
    )
    return out.head(top)[columns].reset_index(drop=True).rename_axis(columns=None)


# --------------------------------------------------------------------------------------------
# Counts over time


def time_unit(dates: pd.Series, *, max_bins: int = MAX_TIME_BINS) -> str:
    """The finest of week, month, quarter and year that cuts ``dates`` into ``max_bins`` bins.

    Returns:
        A pandas period alias: ``"W"``, ``"M"``, ``"Q"`` or ``"Y"``.
    """
    parsed = pd.to_datetime(dates, errors="coerce").dropna()
    if parsed.empty:
        return "M"
    for unit in ("W", "M", "Q"):
        if parsed.dt.to_period(unit).nunique() <= max_bins and _span(parsed, unit) <= max_bins:
            return unit
    return "Y"


def _span(parsed: pd.Series, unit: str) -> int:
    lo, hi = parsed.min().to_period(unit), parsed.max().to_period(unit)
    return (hi - lo).n + 1


def period_start(dates: pd.Series, unit: str) -> pd.Series:
    """The first day (``YYYY-MM-DD``) of the period of ``unit`` each of ``dates`` falls in."""
    parsed = pd.to_datetime(dates, errors="coerce")
    return parsed.dt.to_period(unit).dt.start_time.dt.strftime("%Y-%m-%d").astype("string")


def _outlets(outlet: pd.Series) -> pd.Series:
    """Outlets as charts label them: cleaned, :data:`NO_OUTLET` when missing or blank."""
    cleaned = clean_labels(outlet.astype("string")).astype("string")
    return cleaned.replace("", pd.NA).fillna(NO_OUTLET)


def volume_by_outlet(
    articles: pd.DataFrame, *, top: int = 8, max_bins: int = MAX_TIME_BINS
) -> pd.DataFrame:
    """Articles per time bin and outlet: the ``top`` outlets by volume, the rest as ``other``.

    Articles without a parseable date are left out (count them with ``articles.date.isna()``).

    Returns:
        Columns ``period`` (first day of the bin, ``YYYY-MM-DD``), ``unit`` (``W``, ``M``,
        ``Q`` or ``Y``), ``outlet`` and ``articles``; at most ``max_bins * (top + 1)`` rows.
    """
    columns = ["period", "unit", "outlet", "articles"]
    dated = articles[pd.to_datetime(articles["date"], errors="coerce").notna()]
    if dated.empty:
        return _no_rows(columns)
    unit = time_unit(dated["date"], max_bins=max_bins)
    outlet = _outlets(dated["outlet"])
    keep = outlet.value_counts().sort_index().sort_values(ascending=False, kind="stable")
    outlet = outlet.where(outlet.isin(list(keep.index[:top])), OTHER)
    frame = pd.DataFrame({"period": period_start(dated["date"], unit), "outlet": outlet})
    out = frame.groupby(["period", "outlet"]).size().rename("articles").reset_index()
    out.insert(1, "unit", unit)
    return plain(out.sort_values(["period", "outlet"], kind="stable").reset_index(drop=True))


def kind_by_outlet(quotes: pd.DataFrame, articles: pd.DataFrame, *, top: int = 12) -> pd.DataFrame:
    """Direct, indirect and mixed quotes per outlet (the ``top`` outlets by quotes, the rest as
    ``other``), with each kind's share of the outlet's quotes."""
    outlets = articles.drop_duplicates("article_id").set_index("article_id")["outlet"]
    outlet = _outlets(quotes["article_id"].map(outlets))
    ranked = outlet.value_counts().sort_index().sort_values(ascending=False, kind="stable")
    outlet = outlet.where(outlet.isin(list(ranked.index[:top])), OTHER)
    frame = pd.DataFrame({"outlet": outlet, "kind": quotes["kind"].astype("string")})
    out = frame.groupby(["outlet", "kind"]).size().rename("quotes").reset_index()
    out["share"] = (out["quotes"] / out.groupby("outlet")["quotes"].transform("sum")).round(4)
    return plain(out.sort_values(["outlet", "kind"], kind="stable").reset_index(drop=True))


def statements_over_time(
    quotes: pd.DataFrame, articles: pd.DataFrame, *, max_bins: int = MAX_TIME_BINS
) -> pd.DataFrame:
    """Statements per time bin (by article date) and stance.

    Returns:
        Columns ``period``, ``unit``, ``stance`` and ``quotes``; quotes from undated articles
        are left out.
    """
    columns = ["period", "unit", "stance", "quotes"]
    dates = articles.drop_duplicates("article_id").set_index("article_id")["date"]
    date = quotes["article_id"].map(dates)
    dated = pd.to_datetime(date, errors="coerce").notna().to_numpy()
    if not dated.any():
        return _no_rows(columns)
    unit = time_unit(date[dated], max_bins=max_bins)
    frame = pd.DataFrame(
        {
            "period": period_start(date[dated], unit),
            "stance": quotes.loc[dated, "stance"].fillna("neutral").astype("string"),
        }
    )
    out = frame.groupby(["period", "stance"]).size().rename("quotes").reset_index()
    out.insert(1, "unit", unit)
    return plain(out.sort_values(["period", "stance"]).reset_index(drop=True))


# --------------------------------------------------------------------------------------------
# The timeline


def timeline_date(value: object) -> pd.Timestamp | None:
    """The first day of a normalised TIMEX3 value: ``2025-04-29``, ``2024-06``, ``2024``,
    ``194X`` (a decade), ``2025-W17`` (an ISO week); None for durations and vague references."""
    text = str(value) if value is not None and not pd.isna(value) else ""
    if len(text) == 4 and text[:3].isdigit() and text[3] in "X0123456789":
        return pd.Timestamp(int(text[:3] + ("0" if text[3] == "X" else text[3])), 1, 1)
    if len(text) == 8 and text[4:6] == "-W" and text[:4].isdigit() and text[6:].isdigit():
        return pd.Timestamp.fromisocalendar(int(text[:4]), int(text[6:]), 1)
    for size in (10, 7):
        if len(text) == size:
            parsed = pd.to_datetime(
                text, errors="coerce", format="%Y-%m-%d" if size == 10 else "%Y-%m"
            )
            return None if pd.isna(parsed) else parsed
    return None


def timeline_points(timeline: pd.DataFrame, quotes: pd.DataFrame, *, top: int = 12) -> pd.DataFrame:
    """Dated statements and events: one row per row of the ``timeline`` table with a date.

    A statement's series is its speaker (the ``top`` most frequent, others grouped); an event
    (a date expression that dates no statement) is in the series ``events``.

    Returns:
        Columns ``date`` (first day of the value), ``value``, ``granularity``, ``series``,
        ``kind`` (statement or event), ``expression``, ``text`` (the quote, else the sentence,
        shortened) and ``assumed`` (the statement's date is the publication date).
    """
    columns = ["date", "value", "granularity", "series", "kind", "expression", "text", "assumed"]
    if timeline.empty:
        return _no_rows(columns)
    # as dictionaries: a lookup in an empty Series would give floats, not missing strings
    by_id = quotes.drop_duplicates("quote_id").set_index("quote_id")
    speakers = by_id["speaker"].dropna().astype(str).to_dict()
    texts = by_id["text"].dropna().astype(str).to_dict()
    rows = timeline.assign(date=timeline["value"].map(timeline_date)).dropna(subset=["date"])
    is_statement = rows["quote_id"].notna()
    said_by = rows["quote_id"].map(lambda q: speakers.get(q, pd.NA)).astype("string")
    series = clean_labels(said_by).astype("string")
    series = series.replace("", pd.NA).fillna(UNATTRIBUTED)
    kept = series[is_statement].value_counts().index[:top]
    series = series.where(series.isin(kept), OTHER).where(is_statement, "events")
    text = rows["quote_id"].map(lambda q: texts.get(q, pd.NA)).astype("string")
    text = text.fillna(rows["sentence"].astype("string"))
    out = pd.DataFrame(
        {
            "date": rows["date"],
            "value": rows["value"].astype("string"),
            "granularity": rows["granularity"].astype("string"),
            "series": series,
            "kind": is_statement.map({True: "statement", False: "event"}),
            "expression": rows["expression"].fillna("").astype("string"),
            "text": text.map(shortened, na_action="ignore").astype("string"),
            "assumed": rows["assumed"].fillna(False).astype(bool),
        }
    )
    return plain(out.sort_values(["date", "series"]).reset_index(drop=True))


def shortened(text: str, limit: int = 160) -> str:
    """``text`` as a label of at most ``limit`` characters: cut at the last space that fits,
    with an ellipsis, never inside a word (a single word longer than that is cut)."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    head = text[:cut] if cut > 0 else text[: limit - 1]
    return head.rstrip(" ,;:") + "…"


def timeline_counts(points: pd.DataFrame) -> pd.DataFrame:
    """Points of :func:`timeline_points` counted per period (see :func:`time_unit`), series
    and kind.

    Returns:
        Columns ``period`` (first day of the bin, ``YYYY-MM-DD``), ``series``, ``kind`` and
        ``count``.
    """
    days = points["date"].dt.strftime("%Y-%m-%d")
    binned = points.assign(period=period_start(days, time_unit(days)))
    return plain(binned.groupby(["period", "series", "kind"]).size().rename("count").reset_index())


#: Share of the statements, at each end of a timeline, whose dates do not set its period.
OUTLYING_STATEMENTS = 0.01

#: Least margin around the statements' dates within which the timeline shows events.
TIMELINE_MARGIN = pd.Timedelta(days=366)


@dataclass(frozen=True)
class TimelineWindow:
    """The points of a timeline inside the period of its statements, and those outside."""

    inside: pd.DataFrame  # rows of timeline_points within [start, end]
    outside: pd.DataFrame  # rows dated before start or after end (events recalled, mostly)
    start: pd.Timestamp | None  # None: no statement is dated, nothing is clipped
    end: pd.Timestamp | None

    def note(self) -> str:
        """One sentence on what the window leaves out ("" when nothing)."""
        if self.outside.empty or self.start is None or self.end is None:
            return ""
        n = len(self.outside)
        lo, hi = self.outside["date"].min(), self.outside["date"].max()
        dated = f"{lo.year}" if lo.year == hi.year else f"{lo.year} to {hi.year}"
        what = "point" if n == 1 else "points"
        return (
            f"{n:,} {what} dated outside {self.start:%Y-%m} to {self.end:%Y-%m} "
            f"({dated}) not on the time axis."
        )


def timeline_window(
    points: pd.DataFrame, *, margin: pd.Timedelta = TIMELINE_MARGIN
) -> TimelineWindow:
    """Clip a timeline to the period of its statements.

    The period runs from the first to the last dated statement of ``points`` (rows of
    :func:`timeline_points` whose ``kind`` is ``statement``), leaving out the outlying
    :data:`OUTLYING_STATEMENTS` at each end (none among fewer than a hundred statements),
    widened on both sides by a quarter of its length, and at least by ``margin`` (a year):
    the events of the year before
    an article stay on its axis, the Second World War recalled in a 2025 article does not
    stretch the axis over eighty years, and is listed apart instead. Without any dated
    statement nothing is clipped.
    """
    said = pd.to_datetime(points.loc[points["kind"] == "statement", "date"]).dropna()
    if said.empty:
        return TimelineWindow(points, points.iloc[0:0], None, None)
    # the first and last percentile, not the extremes: one statement dated 1937 in a
    # 2019-2020 corpus (a date read from the quote) does not set the period
    first = said.quantile(OUTLYING_STATEMENTS, interpolation="lower")
    last = said.quantile(1 - OUTLYING_STATEMENTS, interpolation="higher")
    pad = max((last - first) / 4, margin)
    start, end = first - pad, last + pad
    inside = ((points["date"] >= start) & (points["date"] <= end)).to_numpy(dtype=bool)
    return TimelineWindow(
        points[inside].reset_index(drop=True),
        points[~inside].reset_index(drop=True),
        start,
        end,
    )
