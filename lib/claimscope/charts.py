"""Chart builders: a tidy table in, an :class:`altair.Chart` out.

Every builder aggregates in pandas first (one row per bar), so a chart's spec stays a few KB
whatever the size of the corpus, and the aggregated frame is exactly the data a reader can
download beside the chart. The aggregations are public (:func:`speaker_counts`,
:func:`entity_counts`) so notebooks can show them as tables too.

Colours are defined once here, by category, and used by every chart and by the article
highlighting in :mod:`claimscope.display`, so "direct quote" has the same colour everywhere.
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
    return (
        alt.Chart(data, title="Quotes per speaker")
        .mark_bar()
        .encode(
            x=alt.X("quotes:Q", title="Quotes", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("speaker:N", title=None, sort=list(data["speaker"])),
            color=alt.Color(
                "speaker_type:N", title="Speaker type", scale=_scale(SPEAKER_TYPE_COLOURS)
            ),
            tooltip=[
                alt.Tooltip("speaker:N", title="Speaker"),
                alt.Tooltip("speaker_type:N", title="Type"),
                alt.Tooltip("quotes:Q", title="Quotes"),
                *[alt.Tooltip(f"{k}:Q", title=k.capitalize()) for k in KINDS],
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
