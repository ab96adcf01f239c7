"""Chart builders: a tidy table in, an :class:`altair.Chart` out.

Every builder draws a frame aggregated in pandas by :mod:`claimscope.analysis.aggregates`
(one row per bar), so a chart's spec stays a few KB whatever the size of the corpus, and the
chart's data is exactly the frame a reader can download beside it. Builders only encode: the
counting, ranking and binning are in the aggregations, which notebooks can show as tables too.

Every text of a chart's data and its title is cleaned
(:func:`claimscope.analysis.labels.clean_frame`): a name with a control character or a line
separator would otherwise stop the chart from rendering, or abort the renderer's process.

Colours are defined once here, by category, and used by every chart and by the article
highlighting in :mod:`claimscope.present.highlight`, so "direct quote" has the same colour
everywhere. The palette is Okabe and Ito's, which stays distinguishable for colour-blind
readers.
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from claimscope.analysis.aggregates import (
    KINDS,
    co_quoted,
    entity_counts,
    kind_by_outlet,
    speaker_counts,
    speaker_entity_counts,
    speaker_type_counts,
    stance_by_speaker,
    stance_counts,
    statements_over_time,
    timeline_counts,
    timeline_window,
    volume_by_outlet,
)
from claimscope.analysis.labels import clean_frame, clean_label

#: Colour of each quote kind (see ``schema.QUOTES``, column ``kind``); the keys are
#: :data:`claimscope.analysis.aggregates.KINDS`, in that order.
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
#: greens for support. Quotes without a stance are counted as ``neutral``. The keys are
#: :data:`claimscope.analysis.aggregates.STANCES`, in that order.
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


def _scale(colours: dict[str, str]) -> alt.Scale:
    return alt.Scale(domain=list(colours), range=list(colours.values()))


#: Below this span of counts, Vega ticks at halves whatever ``tickMinStep`` says (its tick
#: count for a span of 1 or 2 is 2 or 3, and d3 then steps by 0.5): the ticks are given.
_FEW = 3


def _whole_numbers(low: float, high: float) -> list[int] | None:
    """Every whole number from ``low`` to ``high`` when they span less than :data:`_FEW`."""
    if pd.isna(low) or pd.isna(high) or high - low >= _FEW:
        return None
    return list(range(math.floor(low), math.ceil(high) + 1))


def count_axis(largest: float | None = None) -> alt.Axis:
    """The axis of a count from 0 to ``largest`` (the longest bar, stacks summed): whole
    numbers only, no tick at 0.5 quotes, whatever the range."""
    values = None if largest is None else _whole_numbers(0, largest)
    if values is None:
        return alt.Axis(tickMinStep=1, format="d")
    return alt.Axis(values=values, format="d")


def count_legend(counts: pd.Series | None = None) -> alt.Legend:
    """The legend of ``counts`` shown as sizes or a colour gradient: whole numbers only."""
    values = None if counts is None or counts.empty else _whole_numbers(counts.min(), counts.max())
    if values is None:
        return alt.Legend(tickMinStep=1, format="d")
    return alt.Legend(values=values, format="d")


def _longest(data: pd.DataFrame, field: str, by: str | None = None) -> float:
    """The longest bar of ``field``: its largest value, or its largest sum by ``by`` (stacks)."""
    if data.empty:
        return 0
    return float(data.groupby(by)[field].sum().max() if by else data[field].max())


def quotes_per_speaker(quotes: pd.DataFrame, *, top: int = 15) -> alt.Chart:
    """Horizontal bars: how many statements each speaker is quoted with.

    One bar per speaker (the ``top`` most quoted), coloured by speaker type; the tooltip
    breaks the count down by quote kind.

    Args:
        quotes: The ``quotes`` table (or any rows of it).
        top: How many speakers to show at most.

    Returns:
        A chart whose data has one row per speaker shown (see
        :func:`claimscope.analysis.aggregates.speaker_counts`).
    """
    data = clean_frame(speaker_counts(quotes).head(top))
    counts = [alt.Tooltip(f"{k}:Q", title=k.capitalize()) for k in KINDS]
    return _speaker_bars(data, "quotes", "Quotes", title="Quotes per speaker", extra=counts)


def _speaker_bars(
    data: pd.DataFrame, field: str, label: str, *, title: str, extra: list[alt.Tooltip]
) -> alt.Chart:
    """Horizontal bars of ``field`` per speaker (rows in ``data``'s order), coloured by type."""
    return (
        alt.Chart(data, title=clean_label(title))
        .mark_bar()
        .encode(
            x=alt.X(f"{field}:Q", title=label, axis=count_axis(_longest(data, field))),
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
        A chart whose data has one row per entity shown (see
        :func:`claimscope.analysis.aggregates.entity_counts`);
        labels without a colour of their own are shown as ``OTHER``.
    """
    data = clean_frame(entity_counts(mentions).head(top))
    data = data.assign(
        label=data["label"].where(data["label"].isin(list(ENTITY_LABEL_COLOURS)), "OTHER")
    )
    return (
        alt.Chart(data, title="Most mentioned entities")
        .mark_bar()
        .encode(
            x=alt.X("mentions:Q", title="Mentions", axis=count_axis(_longest(data, "mentions"))),
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
# Corpus charts: each draws one frame of claimscope.analysis.aggregates, whose size is bounded
# by top-N and time bins whatever the number of articles.


_UNIT_NAMES = {"W": "week", "M": "month", "Q": "quarter", "Y": "year"}


def _unit_name(data: pd.DataFrame) -> str:
    """The name of the time bin of binned chart data (its ``unit`` column); month when empty."""
    return _UNIT_NAMES.get(str(data["unit"].iloc[0]) if len(data) else "M", "month")


def articles_over_time(articles: pd.DataFrame, *, top: int = 8) -> alt.Chart:
    """Stacked bars: articles per week (or month, quarter, year) by outlet."""
    data = clean_frame(volume_by_outlet(articles, top=top))
    unit = _unit_name(data)
    return (
        alt.Chart(data, title=f"Articles per {unit} by outlet")
        .mark_bar()
        .encode(
            x=alt.X("period:T", title=None),
            y=alt.Y(
                "articles:Q",
                title="Articles",
                stack=True,
                axis=count_axis(_longest(data, "articles", "period")),
            ),
            color=alt.Color("outlet:N", title="Outlet", scale=alt.Scale(scheme="tableau10")),
            tooltip=[
                alt.Tooltip("period:T", title=f"{unit.capitalize()} from"),
                alt.Tooltip("outlet:N", title="Outlet"),
                alt.Tooltip("articles:Q", title="Articles"),
            ],
        )
        .properties(width=560, height=220)
    )


def speaker_type_share(quotes: pd.DataFrame) -> alt.Chart:
    """Horizontal bars: the share of quotes by speaker type (person, organisation, country ...)."""
    data = clean_frame(speaker_type_counts(quotes).reset_index(drop=True))
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


def direct_vs_indirect(quotes: pd.DataFrame, articles: pd.DataFrame, *, top: int = 12) -> alt.Chart:
    """100% bars: how each outlet quotes (direct, indirect, mixed)."""
    data = clean_frame(kind_by_outlet(quotes, articles, top=top))
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


def stance_mix(quotes: pd.DataFrame, *, title: str = "Stance of the reporting cues") -> alt.Chart:
    """Horizontal bars: quotes per stance of their cue (said: neutral, denied: deny ...)."""
    data = clean_frame(stance_counts(quotes))
    return (
        alt.Chart(data, title=clean_label(title))
        .mark_bar()
        .encode(
            x=alt.X("quotes:Q", title="Quotes", axis=count_axis(_longest(data, "quotes"))),
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


def statements_by_speaker(quotes: pd.DataFrame, *, top: int = 15, title: str = "") -> alt.Chart:
    """Stacked horizontal bars: each speaker's statements, coloured by the stance of the cue."""
    data = clean_frame(stance_by_speaker(quotes, top=top))
    order = list(dict.fromkeys(data["speaker"]))
    return (
        alt.Chart(data, title=clean_label(title) or "Statements by speaker and stance")
        .mark_bar()
        .encode(
            x=alt.X(
                "quotes:Q",
                title="Statements",
                axis=count_axis(_longest(data, "quotes", "speaker")),
            ),
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


def speaker_entity_matrix(
    quotes: pd.DataFrame, mentions: pd.DataFrame, *, top_speakers: int = 15, top_entities: int = 15
) -> alt.Chart:
    """Heat map: rows are speakers, columns the entities their quotes mention."""
    data = clean_frame(
        speaker_entity_counts(
            quotes, mentions, top_speakers=top_speakers, top_entities=top_entities
        )
    )
    rows = [s for s in speaker_counts(quotes)["speaker"] if s in set(data["speaker"])]
    cols = list(data.groupby("entity")["mentions"].sum().sort_values(ascending=False).index)
    base = alt.Chart(data, title="Who talks about whom (mentions inside quotes)").encode(
        x=alt.X("entity:N", title=None, sort=cols, axis=alt.Axis(labelAngle=-40, labelLimit=160)),
        y=alt.Y("speaker:N", title=None, sort=rows, axis=alt.Axis(labelLimit=200)),
    )
    cells = base.mark_rect().encode(
        color=alt.Color(
            "mentions:Q",
            title="Mentions",
            scale=alt.Scale(scheme="blues"),
            legend=count_legend(data["mentions"]),
        ),
        tooltip=[
            alt.Tooltip("speaker:N", title="Speaker"),
            alt.Tooltip("entity:N", title="Entity"),
            alt.Tooltip("mentions:Q", title="Mentions"),
            alt.Tooltip("quotes:Q", title="In quotes"),
        ],
    )
    labels = base.mark_text(fontSize=10).encode(text="mentions:Q")
    return (cells + labels).properties(width=alt.Step(26), height=alt.Step(22))


def statements_timeline(quotes: pd.DataFrame, articles: pd.DataFrame) -> alt.Chart:
    """Stacked bars: statements per week (or month ...) by the stance of their cue."""
    data = clean_frame(statements_over_time(quotes, articles))
    unit = _unit_name(data)
    return (
        alt.Chart(data, title=f"Statements per {unit}")
        .mark_bar()
        .encode(
            x=alt.X("period:T", title=None),
            y=alt.Y(
                "quotes:Q",
                title="Statements",
                axis=count_axis(_longest(data, "quotes", "period")),
            ),
            color=alt.Color("stance:N", title="Stance", scale=_scale(STANCE_COLOURS)),
            tooltip=[
                alt.Tooltip("period:T", title=f"{unit.capitalize()} from"),
                alt.Tooltip("stance:N", title="Stance"),
                alt.Tooltip("quotes:Q", title="Statements"),
            ],
        )
        .properties(width=560, height=200)
    )


def co_quoted_speakers(quotes: pd.DataFrame, speaker: str, *, top: int = 15) -> alt.Chart:
    """Horizontal bars: the speakers most often quoted in the same articles as ``speaker``."""
    data = clean_frame(co_quoted(quotes, speaker, top=top))
    return _speaker_bars(
        data,
        "articles",
        "Shared articles",
        title="Quoted alongside (shared articles)",
        extra=[alt.Tooltip("quotes:Q", title="Their quotes there")],
    )


#: Largest number of single points a timeline chart shows before it counts them by period.
MAX_TIMELINE_POINTS = 300


def timeline_chart(
    points: pd.DataFrame, *, title: str = "Timeline of statements and events"
) -> alt.Chart:
    """Statements by speaker and events on one time axis, clipped to the statements' period.

    ``points`` comes from :func:`claimscope.analysis.aggregates.timeline_points`. The axis
    spans the period of the statements (:func:`claimscope.analysis.aggregates.timeline_window`):
    points dated far outside it (history an article recalls) are left off the axis and counted
    in the chart's subtitle; a notebook lists them with the same function. An article's points
    are shown one by one; beyond :data:`MAX_TIMELINE_POINTS` (a corpus) they are counted per
    period and series (:func:`claimscope.analysis.aggregates.timeline_counts`), the circle's
    size giving the count.
    """
    window = timeline_window(clean_frame(points))
    points, title = window.inside, clean_label(title)
    heading = alt.Title(title, subtitle=window.note()) if window.note() else title
    if len(points) > MAX_TIMELINE_POINTS:
        counts = timeline_counts(points)
        return (
            alt.Chart(counts, title=heading)
            .mark_circle(opacity=0.7)
            .encode(
                x=alt.X("period:T", title=None),
                y=alt.Y("series:N", title=None, sort="-size"),
                size=alt.Size("count:Q", title="Count", legend=count_legend(counts["count"])),
                color=alt.Color("kind:N", title=None),
                tooltip=["period:T", "series:N", "kind:N", "count:Q"],
            )
            .properties(width=560)
        )
    return (
        alt.Chart(points, title=heading)
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


def repeats_timeline(spread: pd.DataFrame) -> alt.Chart:
    """Points: when and in which outlet each repeated quotation appeared, one row per group
    (``spread`` from :func:`claimscope.analysis.repeats.spread`; undated articles are left
    out, and counted in the subtitle)."""
    data = clean_frame(spread)
    dated = data[data["date"].notna()]
    n_undated = len(data) - len(dated)
    title = "Where and when the words appeared"
    heading = (
        alt.Title(title, subtitle=f"{n_undated} undated article(s) not shown")
        if n_undated
        else title
    )
    order = list(dict.fromkeys(dated.sort_values("rank")["group"]))
    return (
        alt.Chart(dated, title=heading)
        .mark_point(size=90, opacity=0.8, filled=True)
        .encode(
            x=alt.X("date:T", title=None),
            y=alt.Y("group:N", title=None, sort=order, axis=alt.Axis(labelLimit=320)),
            color=alt.Color("outlet:N", title="Outlet"),
            tooltip=[
                alt.Tooltip("date:T", title="Published"),
                alt.Tooltip("outlet:N", title="Outlet"),
                alt.Tooltip("title:N", title="Article"),
                alt.Tooltip("speaker:N", title="Credited to"),
                alt.Tooltip("words:N", title="As written"),
            ],
        )
        .properties(width=420)
    )
