"""Chart builders: a tidy table in, an :class:`altair.Chart` out.

Every builder aggregates in pandas first (one row per bar), so a chart's spec stays a few KB
whatever the size of the corpus, and the aggregated frame is exactly the data a reader can
download beside the chart. The aggregations are public (:func:`speaker_counts`,
:func:`entity_counts`) so notebooks can show them as tables too.

Colours are defined once here, by category, and used by every chart and by the article
highlighting in :mod:`claimscope.present.display`, so "direct quote" has the same colour everywhere.
The palette is Okabe and Ito's, which stays distinguishable for colour-blind readers.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

#: Colour of each quote kind (see ``schema.QUOTES``, column ``kind``).
KIND_COLOURS: dict[str, str] = {
    "direct": "#0072B2",
    "indirect": "#E69F00",
    "mixed": "#CC79A7",
}

#: Colour of each speaker type (see ``schema.QUOTES``, column ``speaker_type``).
SPEAKER_TYPE_COLOURS: dict[str, str] = {
    "PERSON": "#0072B2",
    "ORG": "#D55E00",
    "GPE": "#009E73",
    "GROUP": "#CC79A7",
    "DOCUMENT": "#56B4E9",
    "UNKNOWN": "#999999",
}

#: Colour of each entity label (see ``schema.MENTIONS``, column ``label``); others are grey.
ENTITY_LABEL_COLOURS: dict[str, str] = {
    "PERSON": "#0072B2",
    "ORG": "#D55E00",
    "GPE": "#009E73",
    "NORP": "#E69F00",
    "LOC": "#56B4E9",
    "OTHER": "#999999",
}

#: Colour of each stance class of a cue (see ``schema.QUOTES``, column ``stance``, and
#: ``rules/cues.tsv``): cool colours for plain reporting, warm ones for opposition and alarm,
#: greens for support. Quotes without a stance are counted as ``neutral``.
STANCE_COLOURS: dict[str, str] = {
    "neutral": "#999999",
    "assert": "#0072B2",
    "belief": "#56B4E9",
    "hedge": "#F0E442",
    "deny": "#D55E00",
    "concern": "#E69F00",
    "support": "#009E73",
    "oppose": "#A6241B",
    "warn": "#CC79A7",
    "admit": "#6A3D9A",
    "promise": "#1B7837",
    "request": "#8C6D31",
    "question": "#333333",
}

#: Stances in the order they are counted and shown.
STANCES: tuple[str, ...] = tuple(STANCE_COLOURS)

#: Label for outlets beyond the top ones, and for articles without an outlet.
OTHER = "other"
NO_OUTLET = "(no outlet)"

#: At most this many time bins in a chart over time (weeks, months, quarters or years).
MAX_TIME_BINS = 60

#: Label used for quotes whose speaker was not found.
UNATTRIBUTED = "(unattributed)"

#: Order in which quote kinds are counted and shown.
KINDS: tuple[str, ...] = tuple(KIND_COLOURS)


def _scale(colours: dict[str, str]) -> alt.Scale:
    return alt.Scale(domain=list(colours), range=list(colours.values()))


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Nullable extension dtypes as plain Python-friendly ones, so specs serialise cleanly."""
    out = frame.copy()
    for name in out.columns:
        if pd.api.types.is_integer_dtype(out[name]):
            out[name] = out[name].astype("int64")
        elif pd.api.types.is_string_dtype(out[name]):
            out[name] = out[name].astype(object)
    return out


def speaker_counts(quotes: pd.DataFrame) -> pd.DataFrame:
    """Quotes per speaker: one row per speaker, most quoted first.

    Args:
        quotes: The ``quotes`` table (or any rows of it).

    Returns:
        Columns ``speaker`` (canonical name, else the mention as written, else
        :data:`UNATTRIBUTED`), ``speaker_type`` (the speaker's most frequent type, ``UNKNOWN``
        when none), ``quotes`` (count) and one count column per quote kind in :data:`KINDS`.
        Ties are broken by name, so the order is stable.
    """
    columns = ["speaker", "speaker_type", "quotes", *KINDS]
    if quotes.empty:
        return _plain(
            pd.DataFrame({c: pd.Series([], dtype="string") for c in columns[:2]}).assign(
                **{c: pd.Series([], dtype="int64") for c in columns[2:]}
            )
        )
    speaker = (
        quotes["speaker"]
        .fillna(quotes["speaker_mention"])
        .fillna(UNATTRIBUTED)
        .astype("string")
        .str.strip()
        .replace("", UNATTRIBUTED)
    )
    frame = pd.DataFrame(
        {
            "speaker": speaker,
            "speaker_type": quotes["speaker_type"].fillna("UNKNOWN").astype("string"),
            "kind": quotes["kind"].astype("string"),
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
    out = by_kind.assign(quotes=frame.groupby("speaker").size(), speaker_type=types)
    out = out.reset_index().rename(columns={"index": "speaker"})
    out = out.sort_values(["quotes", "speaker"], ascending=[False, True], kind="stable")
    return _plain(out[columns].reset_index(drop=True))


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
        return _plain(
            pd.DataFrame({c: pd.Series([], dtype="string") for c in columns}).astype(
                {"mentions": "int64"}
            )
        )
    ordered = mentions.sort_values(["article_id", "start"], kind="stable")
    grouped = ordered.groupby("entity_id", sort=False)
    out = pd.DataFrame(
        {
            "entity": grouped["entity"].first(),
            "mentions": grouped.size(),
            "forms": grouped["text"].agg(lambda s: "; ".join(dict.fromkeys(s.astype(str)))),
        }
    )
    # the canonical entity's type (GPE for North Korea), not a mention's ("North Korean": NORP)
    out["label"] = [str(i).split(":", 1)[0] for i in out.index]
    out = out.reset_index(drop=True)
    out = out.sort_values(["mentions", "entity"], ascending=[False, True], kind="stable")
    return _plain(out[columns].reset_index(drop=True))


def quotes_per_speaker(quotes: pd.DataFrame, *, top: int = 15) -> alt.Chart:
    """Horizontal bars: how many statements each speaker is quoted with.

    One bar per speaker (the ``top`` most quoted), coloured by speaker type; the tooltip
    breaks the count down by quote kind.

    Args:
        quotes: The ``quotes`` table (or any rows of it).
        top: How many speakers to show at most.

    Returns:
        A chart whose data has one row per speaker shown (see :func:`speaker_counts`).
    """
    data = speaker_counts(quotes).head(top)
    counts = [alt.Tooltip(f"{k}:Q", title=k.capitalize()) for k in KINDS]
    return _speaker_bars(data, "quotes", "Quotes", title="Quotes per speaker", extra=counts)


def _speaker_bars(
    data: pd.DataFrame, field: str, label: str, *, title: str, extra: list[alt.Tooltip]
) -> alt.Chart:
    """Horizontal bars of ``field`` per speaker (rows in ``data``'s order), coloured by type."""
    return (
        alt.Chart(data, title=title)
        .mark_bar()
        .encode(
            x=alt.X(f"{field}:Q", title=label, axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("speaker:N", title=None, sort=list(data["speaker"])),
            color=alt.Color(
                "speaker_type:N", title="Speaker type", scale=_scale(SPEAKER_TYPE_COLOURS)
            ),
            tooltip=[
                alt.Tooltip("speaker:N", title="Speaker"),
                alt.Tooltip("speaker_type:N", title="Type"),
                alt.Tooltip(f"{field}:Q", title=label),
                *extra,
            ],
        )
        .properties(width=480, height=alt.Step(22))
    )


def top_entities(mentions: pd.DataFrame, *, top: int = 15) -> alt.Chart:
    """Horizontal bars: the most mentioned entities, coloured by entity type.

    Args:
        mentions: The ``mentions`` table (or any rows of it).
        top: How many entities to show at most.

    Returns:
        A chart whose data has one row per entity shown (see :func:`entity_counts`);
        labels without a colour of their own are shown as ``OTHER``.
    """
    data = entity_counts(mentions).head(top)
    data = data.assign(
        label=data["label"].where(data["label"].isin(list(ENTITY_LABEL_COLOURS)), "OTHER")
    )
    return (
        alt.Chart(data, title="Most mentioned entities")
        .mark_bar()
        .encode(
            x=alt.X("mentions:Q", title="Mentions", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("entity:N", title=None, sort=list(data["entity"])),
            color=alt.Color("label:N", title="Entity type", scale=_scale(ENTITY_LABEL_COLOURS)),
            tooltip=[
                alt.Tooltip("entity:N", title="Entity"),
                alt.Tooltip("label:N", title="Type"),
                alt.Tooltip("mentions:Q", title="Mentions"),
                alt.Tooltip("forms:N", title="Written as"),
            ],
        )
        .properties(width=480, height=alt.Step(22))
    )


# --------------------------------------------------------------------------------------------
# Corpus aggregations: each returns a frame whose size is bounded by top-N and time bins,
# whatever the number of articles, and each chart below draws exactly that frame.


def speakers_of(quotes: pd.DataFrame) -> pd.Series:
    """Each quote's speaker as charts show it (see
    :func:`claimscope.analysis.contrast.speaker_labels`)."""
    from claimscope.analysis.contrast import speaker_labels

    return speaker_labels(quotes, unattributed=UNATTRIBUTED)


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


def _period_start(dates: pd.Series, unit: str) -> pd.Series:
    parsed = pd.to_datetime(dates, errors="coerce")
    return parsed.dt.to_period(unit).dt.start_time.dt.strftime("%Y-%m-%d").astype("string")


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
        return _plain(pd.DataFrame({c: pd.Series([], dtype="string") for c in columns}))
    unit = time_unit(dated["date"], max_bins=max_bins)
    outlet = dated["outlet"].fillna(NO_OUTLET).astype("string")
    keep = outlet.value_counts().sort_index().sort_values(ascending=False, kind="stable")
    outlet = outlet.where(outlet.isin(list(keep.index[:top])), OTHER)
    frame = pd.DataFrame({"period": _period_start(dated["date"], unit), "outlet": outlet})
    out = frame.groupby(["period", "outlet"]).size().rename("articles").reset_index()
    out.insert(1, "unit", unit)
    return _plain(out.sort_values(["period", "outlet"], kind="stable").reset_index(drop=True))


_UNIT_NAMES = {"W": "week", "M": "month", "Q": "quarter", "Y": "year"}


def _unit_name(data: pd.DataFrame) -> str:
    """The name of the time bin of binned chart data (its ``unit`` column); month when empty."""
    return _UNIT_NAMES.get(str(data["unit"].iloc[0]) if len(data) else "M", "month")


def articles_over_time(articles: pd.DataFrame, *, top: int = 8) -> alt.Chart:
    """Stacked bars: articles per week (or month, quarter, year) by outlet."""
    data = volume_by_outlet(articles, top=top)
    unit = _unit_name(data)
    return (
        alt.Chart(data, title=f"Articles per {unit} by outlet")
        .mark_bar()
        .encode(
            x=alt.X("period:T", title=None),
            y=alt.Y("articles:Q", title="Articles", stack=True),
            color=alt.Color("outlet:N", title="Outlet", scale=alt.Scale(scheme="tableau10")),
            tooltip=[
                alt.Tooltip("period:T", title=f"{unit.capitalize()} from"),
                alt.Tooltip("outlet:N", title="Outlet"),
                alt.Tooltip("articles:Q", title="Articles"),
            ],
        )
        .properties(width=560, height=220)
    )


def speaker_type_counts(quotes: pd.DataFrame) -> pd.DataFrame:
    """Quotes per speaker type, with their share of all quotes (one row per type)."""
    types = quotes["speaker_type"].fillna("UNKNOWN").astype("string")
    out = types.value_counts().rename_axis("speaker_type").reset_index(name="quotes")
    out["share"] = (out["quotes"] / max(len(quotes), 1)).round(4)
    return _plain(out.sort_values(["quotes", "speaker_type"], ascending=[False, True]))


def speaker_type_share(quotes: pd.DataFrame) -> alt.Chart:
    """Horizontal bars: the share of quotes by speaker type (person, organisation, country ...)."""
    data = speaker_type_counts(quotes).reset_index(drop=True)
    return (
        alt.Chart(data, title="Share of quotes by speaker type")
        .mark_bar()
        .encode(
            x=alt.X("share:Q", title="Share of quotes", axis=alt.Axis(format="%")),
            y=alt.Y("speaker_type:N", title=None, sort=list(data["speaker_type"])),
            color=alt.Color(
                "speaker_type:N",
                title="Speaker type",
                scale=_scale(SPEAKER_TYPE_COLOURS),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("speaker_type:N", title="Type"),
                alt.Tooltip("quotes:Q", title="Quotes"),
                alt.Tooltip("share:Q", title="Share", format=".1%"),
            ],
        )
        .properties(width=480, height=alt.Step(24))
    )


def kind_by_outlet(quotes: pd.DataFrame, articles: pd.DataFrame, *, top: int = 12) -> pd.DataFrame:
    """Direct, indirect and mixed quotes per outlet (the ``top`` outlets by quotes, the rest as
    ``other``), with each kind's share of the outlet's quotes."""
    outlets = articles.drop_duplicates("article_id").set_index("article_id")["outlet"]
    outlet = quotes["article_id"].map(outlets).fillna(NO_OUTLET).astype("string")
    ranked = outlet.value_counts().sort_index().sort_values(ascending=False, kind="stable")
    outlet = outlet.where(outlet.isin(list(ranked.index[:top])), OTHER)
    frame = pd.DataFrame({"outlet": outlet, "kind": quotes["kind"].astype("string")})
    out = frame.groupby(["outlet", "kind"]).size().rename("quotes").reset_index()
    out["share"] = (out["quotes"] / out.groupby("outlet")["quotes"].transform("sum")).round(4)
    return _plain(out.sort_values(["outlet", "kind"], kind="stable").reset_index(drop=True))


def direct_vs_indirect(quotes: pd.DataFrame, articles: pd.DataFrame, *, top: int = 12) -> alt.Chart:
    """100% bars: how each outlet quotes (direct, indirect, mixed)."""
    data = kind_by_outlet(quotes, articles, top=top)
    return (
        alt.Chart(data, title="Direct and indirect quoting by outlet")
        .mark_bar()
        .encode(
            x=alt.X(
                "quotes:Q", stack="normalize", title="Share of quotes", axis=alt.Axis(format="%")
            ),
            y=alt.Y("outlet:N", title=None),
            color=alt.Color("kind:N", title="Kind", scale=_scale(KIND_COLOURS)),
            order=alt.Order("kind:N"),
            tooltip=[
                alt.Tooltip("outlet:N", title="Outlet"),
                alt.Tooltip("kind:N", title="Kind"),
                alt.Tooltip("quotes:Q", title="Quotes"),
                alt.Tooltip("share:Q", title="Share", format=".1%"),
            ],
        )
        .properties(width=480, height=alt.Step(24))
    )


def stance_counts(quotes: pd.DataFrame) -> pd.DataFrame:
    """Quotes per stance class of the cue, in :data:`STANCES` order (stances not seen omitted)."""
    stance = quotes["stance"].fillna("neutral").astype("string")
    counts = stance.value_counts()
    order = [s for s in STANCES if s in counts.index] + sorted(
        s for s in counts.index if s not in STANCES
    )
    out = pd.DataFrame({"stance": order, "quotes": [int(counts[s]) for s in order]})
    out["share"] = (out["quotes"] / max(len(quotes), 1)).round(4)
    return _plain(out)


def stance_mix(quotes: pd.DataFrame, *, title: str = "Stance of the reporting cues") -> alt.Chart:
    """Horizontal bars: quotes per stance of their cue (said: neutral, denied: deny ...)."""
    data = stance_counts(quotes)
    return (
        alt.Chart(data, title=title)
        .mark_bar()
        .encode(
            x=alt.X("quotes:Q", title="Quotes", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("stance:N", title=None, sort=list(data["stance"])),
            color=alt.Color("stance:N", title="Stance", scale=_scale(STANCE_COLOURS), legend=None),
            tooltip=[
                alt.Tooltip("stance:N", title="Stance"),
                alt.Tooltip("quotes:Q", title="Quotes"),
                alt.Tooltip("share:Q", title="Share", format=".1%"),
            ],
        )
        .properties(width=480, height=alt.Step(22))
    )


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
    return _plain(out.sort_values(["rank", "stance"]).drop(columns="rank").reset_index(drop=True))


def statements_by_speaker(quotes: pd.DataFrame, *, top: int = 15, title: str = "") -> alt.Chart:
    """Stacked horizontal bars: each speaker's statements, coloured by the stance of the cue."""
    data = stance_by_speaker(quotes, top=top)
    order = list(dict.fromkeys(data["speaker"]))
    return (
        alt.Chart(data, title=title or "Statements by speaker and stance")
        .mark_bar()
        .encode(
            x=alt.X("quotes:Q", title="Statements", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("speaker:N", title=None, sort=order),
            color=alt.Color("stance:N", title="Stance", scale=_scale(STANCE_COLOURS)),
            tooltip=[
                alt.Tooltip("speaker:N", title="Speaker"),
                alt.Tooltip("stance:N", title="Stance"),
                alt.Tooltip("quotes:Q", title="Statements"),
            ],
        )
        .properties(width=480, height=alt.Step(22))
    )


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
    from claimscope.analysis.contrast import quote_mentions

    columns = ["speaker", "entity", "mentions", "quotes"]
    inside = quote_mentions(quotes, mentions)
    if inside.empty:
        return _plain(pd.DataFrame({c: pd.Series([], dtype="string") for c in columns}))
    who = pd.Series(speakers_of(quotes).to_numpy(), index=quotes["quote_id"].to_numpy())
    inside["speaker"] = inside["quote_id"].map(who).astype("string")
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
    return _plain(out.reset_index().sort_values(["speaker", "entity"]).reset_index(drop=True))


def speaker_entity_matrix(
    quotes: pd.DataFrame, mentions: pd.DataFrame, *, top_speakers: int = 15, top_entities: int = 15
) -> alt.Chart:
    """Heat map: rows are speakers, columns the entities their quotes mention."""
    data = speaker_entity_counts(
        quotes, mentions, top_speakers=top_speakers, top_entities=top_entities
    )
    rows = [s for s in speaker_counts(quotes)["speaker"] if s in set(data["speaker"])]
    cols = list(data.groupby("entity")["mentions"].sum().sort_values(ascending=False).index)
    base = alt.Chart(data, title="Who talks about whom (mentions inside quotes)").encode(
        x=alt.X("entity:N", title=None, sort=cols, axis=alt.Axis(labelAngle=-40, labelLimit=160)),
        y=alt.Y("speaker:N", title=None, sort=rows, axis=alt.Axis(labelLimit=200)),
    )
    cells = base.mark_rect().encode(
        color=alt.Color("mentions:Q", title="Mentions", scale=alt.Scale(scheme="blues")),
        tooltip=[
            alt.Tooltip("speaker:N", title="Speaker"),
            alt.Tooltip("entity:N", title="Entity"),
            alt.Tooltip("mentions:Q", title="Mentions"),
            alt.Tooltip("quotes:Q", title="In quotes"),
        ],
    )
    labels = base.mark_text(fontSize=10).encode(text="mentions:Q")
    return (cells + labels).properties(width=alt.Step(26), height=alt.Step(22))


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
        return _plain(pd.DataFrame({c: pd.Series([], dtype="string") for c in columns}))
    unit = time_unit(date[dated], max_bins=max_bins)
    frame = pd.DataFrame(
        {
            "period": _period_start(date[dated], unit),
            "stance": quotes.loc[dated, "stance"].fillna("neutral").astype("string"),
        }
    )
    out = frame.groupby(["period", "stance"]).size().rename("quotes").reset_index()
    out.insert(1, "unit", unit)
    return _plain(out.sort_values(["period", "stance"]).reset_index(drop=True))


def statements_timeline(quotes: pd.DataFrame, articles: pd.DataFrame) -> alt.Chart:
    """Stacked bars: statements per week (or month ...) by the stance of their cue."""
    data = statements_over_time(quotes, articles)
    unit = _unit_name(data)
    return (
        alt.Chart(data, title=f"Statements per {unit}")
        .mark_bar()
        .encode(
            x=alt.X("period:T", title=None),
            y=alt.Y("quotes:Q", title="Statements", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("stance:N", title="Stance", scale=_scale(STANCE_COLOURS)),
            tooltip=[
                alt.Tooltip("period:T", title=f"{unit.capitalize()} from"),
                alt.Tooltip("stance:N", title="Stance"),
                alt.Tooltip("quotes:Q", title="Statements"),
            ],
        )
        .properties(width=560, height=200)
    )


def co_quoted(quotes: pd.DataFrame, speaker: str, *, top: int = 15) -> pd.DataFrame:
    """Who is quoted alongside ``speaker``: other speakers in the articles that quote them.

    Returns:
        Columns ``speaker``, ``speaker_type``, ``articles`` (shared articles) and ``quotes``
        (their quotes in those articles), the ``top`` by shared articles.
    """
    who = speakers_of(quotes)
    theirs = set(quotes.loc[(who == speaker).to_numpy(), "article_id"])
    others = quotes[(quotes["article_id"].isin(theirs) & (who != speaker)).to_numpy()]
    others = others[(speakers_of(others) != UNATTRIBUTED).to_numpy()]
    columns = ["speaker", "speaker_type", "articles", "quotes"]
    if others.empty:
        return _plain(pd.DataFrame({c: pd.Series([], dtype="string") for c in columns}))
    frame = pd.DataFrame(
        {
            "speaker": speakers_of(others),
            "speaker_type": others["speaker_type"].fillna("UNKNOWN").astype("string"),
            "article_id": others["article_id"],
        }
    )
    out = frame.groupby("speaker").agg(
        speaker_type=("speaker_type", lambda s: s.mode().iloc[0]),
        articles=("article_id", "nunique"),
        quotes=("article_id", "size"),
    )
    out = out.reset_index().sort_values(
        ["articles", "quotes", "speaker"], ascending=[False, False, True]
    )
    return _plain(out.head(top)[columns].reset_index(drop=True))


def co_quoted_speakers(quotes: pd.DataFrame, speaker: str, *, top: int = 15) -> alt.Chart:
    """Horizontal bars: the speakers most often quoted in the same articles as ``speaker``."""
    data = co_quoted(quotes, speaker, top=top)
    return _speaker_bars(
        data,
        "articles",
        "Shared articles",
        title="Quoted alongside (shared articles)",
        extra=[alt.Tooltip("quotes:Q", title="Their quotes there")],
    )


#: Largest number of single points a timeline chart shows before it counts them by period.
MAX_TIMELINE_POINTS = 300


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
        return _plain(pd.DataFrame({c: pd.Series([], dtype="string") for c in columns}))
    speakers = quotes.set_index("quote_id")["speaker"] if len(quotes) else pd.Series(dtype=str)
    texts = quotes.set_index("quote_id")["text"] if len(quotes) else pd.Series(dtype=str)
    rows = timeline.assign(date=timeline["value"].map(timeline_date)).dropna(subset=["date"])
    is_statement = rows["quote_id"].notna()
    series = rows["quote_id"].map(speakers).fillna(UNATTRIBUTED).astype("string")
    kept = series[is_statement].value_counts().index[:top]
    series = series.where(series.isin(kept), OTHER).where(is_statement, "events")
    text = rows["quote_id"].map(texts).fillna(rows["sentence"]).astype("string")
    out = pd.DataFrame(
        {
            "date": rows["date"],
            "value": rows["value"].astype("string"),
            "granularity": rows["granularity"].astype("string"),
            "series": series,
            "kind": is_statement.map({True: "statement", False: "event"}),
            "expression": rows["expression"].fillna("").astype("string"),
            "text": text.str.slice(0, 160),
            "assumed": rows["assumed"].fillna(False).astype(bool),
        }
    )
    return _plain(out.sort_values(["date", "series"]).reset_index(drop=True))


def timeline_chart(
    points: pd.DataFrame, *, title: str = "Timeline of statements and events"
) -> alt.Chart:
    """Statements by speaker and events on one time axis.

    An article's points are shown one by one; beyond :data:`MAX_TIMELINE_POINTS` (a corpus)
    they are counted per period and series, the circle's size giving the count.
    """
    if len(points) > MAX_TIMELINE_POINTS:
        unit = time_unit(points["date"].dt.strftime("%Y-%m-%d"))
        binned = points.assign(period=_period_start(points["date"].dt.strftime("%Y-%m-%d"), unit))
        data = binned.groupby(["period", "series", "kind"]).size().rename("count").reset_index()
        return (
            alt.Chart(_plain(data), title=title)
            .mark_circle(opacity=0.7)
            .encode(
                x=alt.X("period:T", title=None),
                y=alt.Y("series:N", title=None, sort="-size"),
                size=alt.Size("count:Q", title="Count"),
                color=alt.Color("kind:N", title=None),
                tooltip=["period:T", "series:N", "kind:N", "count:Q"],
            )
            .properties(width=560)
        )
    return (
        alt.Chart(points, title=title)
        .mark_point(size=90, opacity=0.8, filled=True)
        .encode(
            x=alt.X("date:T", title=None),
            y=alt.Y("series:N", title=None),
            color=alt.Color("kind:N", title=None),
            shape=alt.Shape("assumed:N", title="Date assumed"),
            tooltip=[
                alt.Tooltip("value:N", title="When"),
                alt.Tooltip("series:N", title="Who"),
                alt.Tooltip("expression:N", title="As written"),
                alt.Tooltip("text:N", title="What"),
            ],
        )
        .properties(width=560)
    )
