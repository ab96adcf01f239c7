# ---
# jupyter:
#   jupytext:
#     formats: ipynb,scripts//py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Corpus report
#
# Who gets quoted across the corpus, how, about whom, and by which outlets, over time.

# %% tags=["parameters"]
data_dir: str = "../build/sample"  # folder with the extracted tables
date_from: str = ""  # first publication date kept (YYYY-MM-DD or a prefix); empty for all
date_to: str = ""  # last publication date kept (YYYY-MM-DD or a prefix); empty for all
outlet: str = ""  # keep only this outlet; empty for all
min_confidence: float = 0.5  # speakers less sure than this stay out of the rankings; 0 keeps all
include_unresolved: bool = False  # also rank statements without a resolved speaker (as written)
top: int = 15  # how many speakers and entities the charts show
charts_dir: str = ""  # where chart data CSVs go; empty for none
reports_dir: str = ""  # folder of the article reports to link to; empty for no links

# %% [markdown]
# The corpus after the date and outlet filters, and the statements the speaker rankings leave
# out: those without a resolved speaker ("he", "we", "a source") and those whose speaker is
# less sure than `min_confidence`.

# %%
from claimscope.analysis import aggregates, filters, queries
from claimscope.present import charts, display, slugs

tables = queries.filter_corpus(
    queries.load_tables(data_dir), date_from=date_from, date_to=date_to, outlet=outlet
)
articles, quotes, mentions = tables["articles"], tables["quotes"], tables["mentions"]
ranked = filters.ranked_statements(
    quotes, min_confidence=min_confidence, include_unresolved=include_unresolved
)
speaking = ranked.quotes  # the statements the speaker charts and tables count
display.configure(charts_dir=charts_dir or None)
print(queries.corpus_summary(tables))  # NBVAL_CHECK_OUTPUT
print(ranked.note())

# %% [markdown]
# ## Volume over time
#
# Articles per week (or month, quarter or year for longer spans) by outlet.

# %%
display.show(charts.articles_over_time(articles), name="articles-over-time")

# %% [markdown]
# ## Timeline
#
# Statements by the most quoted speakers and the events the articles date, by the date the
# text gives (or the publication date), counted per period; the axis spans the period of the
# statements.

# %%
points = aggregates.timeline_points(filters.timeline_of(tables["timeline"], speaking), speaking)
display.show(charts.timeline_chart(points), name="timeline")

# %% [markdown]
# Dates far outside the period of the statements (history the articles recall), left off the
# time axis.

# %%
outside = aggregates.timeline_window(points).outside
display.show_table(outside[["value", "kind", "series", "expression", "text"]], max_rows=500)

# %% [markdown]
# ## Who gets quoted
#
# The most quoted speakers, coloured by the kind of speaker.

# %%
display.show(charts.quotes_per_speaker(speaking, top=top), name="top-speakers")

# %% [markdown]
# The share of quotes by speaker type: people, organisations, countries and groups.

# %%
display.show(charts.speaker_type_share(speaking), name="speaker-types")

# %% [markdown]
# Every speaker with their type, titles, affiliation and quotes by kind.

# %%
display.show_table(queries.speakers_table(tables, speaking), max_rows=2000)

# %% [markdown]
# ## How outlets quote
#
# The share of direct, indirect and mixed quotes in each outlet.

# %%
display.show(charts.direct_vs_indirect(quotes, articles), name="direct-vs-indirect")

# %% [markdown]
# ## Stance of the cues
#
# What the reporting verbs convey: plain saying, asserting, hedging, denying, warning ...

# %%
display.show(charts.stance_mix(quotes), name="stance-mix")

# %% [markdown]
# The stance mix of the most quoted speakers.

# %%
display.show(charts.statements_by_speaker(speaking, top=top), name="stance-by-speaker")

# %% [markdown]
# ## Top entities
#
# The people, places and organisations mentioned most, aliases merged.

# %%
display.show(charts.top_entities(mentions, top=top), name="top-entities")
display.show_table(aggregates.entity_counts(mentions), max_rows=2000)

# %% [markdown]
# ## Who talks about whom
#
# Entities mentioned inside each speaker's quotes: the most quoted speakers against the
# entities they mention most.

# %%
display.show(
    charts.speaker_entity_matrix(speaking, mentions, top_speakers=top, top_entities=top),
    name="speaker-entity-matrix",
)

# %% [markdown]
# ## Quotes
#
# Every statement the speaker rankings count, newest article first: search any word of the
# quotes, sort by any column. Long quotes show two lines, the whole quote under the pointer;
# the date links to the article's report, where the quote is highlighted in context.

# %%
pages = slugs.article_links(articles, reports_dir)
statements = queries.corpus_quotes(speaking, articles)
display.show_clipped_table(
    statements[["speaker", "text", "cue", "stance", "date", "outlet"]],
    links={"date": [pages.get(a) for a in statements["article_id"]]},
)

# %% [markdown]
# ## Articles
#
# Every article in the selection, linked to its report where there is one.

# %%
display.show_table(
    articles[["date", "outlet", "title", "article_id"]],
    links={"title": [pages.get(a) for a in articles["article_id"]]},
    max_rows=5000,
)
