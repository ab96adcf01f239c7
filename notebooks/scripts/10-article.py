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
# # Article report
#
# Who is quoted in one article, in whose words, and which people, places and organisations it
# mentions.

# %% tags=["parameters"]
data_dir: str = "../build/sample"  # folder with the extracted tables
article_id: str = ""  # article to show; empty for the first article
charts_dir: str = ""  # where chart data CSVs go; empty for none

# %% [markdown]
# The article and what claimscope found in it.

# %%
from claimscope.analysis import aggregates, queries
from claimscope.present import charts, display, highlight

tables = queries.load_tables(data_dir)
view = queries.select_article(tables, article_id)
display.configure(charts_dir=charts_dir or None)
display.show_html(
    display.article_header_html(
        view.article, n_quotes=len(view.quotes), n_mentions=len(view.mentions)
    )
)

# %% [markdown]
# ## The article
#
# Quotes are shaded by kind; hover over a mark to see the speaker, the kind of quote and the
# reporting verb (the cue).

# %%
display.show_html(
    highlight.highlight_legend()
    + highlight.highlight_article(view.text, view.quotes, view.mentions)
)

# %% [markdown]
# ## Quotes
#
# Every statement found, in the order it appears: its kind, who said it, the cue and the words.

# %%
display.show_table(view.quotes[["kind", "speaker", "speaker_type", "cue", "stance", "text"]])

# %% [markdown]
# ## Who is quoted
#
# How many statements each speaker is quoted with, coloured by the kind of speaker.

# %%
display.show(charts.quotes_per_speaker(view.quotes), name="quotes-per-speaker")

# %% [markdown]
# The speakers with their type, the titles and affiliation the articles give them, and their
# quotes by kind.

# %%
display.show_table(queries.speakers_table(tables, view.quotes))

# %% [markdown]
# ## Who and what is mentioned
#
# The people, places and organisations named most often, with the ways each was written.

# %%
display.show(charts.top_entities(view.mentions), name="top-entities")
display.show_table(aggregates.entity_counts(view.mentions), max_rows=200)

# %% [markdown]
# ## Timeline
#
# When the statements were made and the events the article dates, on one axis: each statement
# at the date the text gives for it (a square when the article does not say, and the
# publication date is assumed), each dated event in the row "events".

# %%
points = aggregates.timeline_points(view.timeline, view.quotes)
display.show(charts.timeline_chart(points), name="timeline")
display.show_table(points[["value", "series", "kind", "expression", "text"]], max_rows=200)
