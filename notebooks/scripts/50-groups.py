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
# # Repeated quotes
#
# The same words quoted in several articles: who said them first, who repeated them, and how
# they changed on the way. Quotes are grouped when they are the same words, nearly the same
# (case, punctuation, quotation marks, an ellipsis, a word or two changed) or a part of a
# longer quotation; see docs/quote-groups.md for how, and what the grouping misses.

# %% tags=["parameters"]
data_dir: str = "../build/sample"  # folder with the extracted tables
max_groups: int = 100  # groups shown in full, spread over the most outlets first
min_outlets: int = 1  # show only the groups seen in this many outlets or more
disagreeing_only: bool = False  # show only the words credited to different speakers
top: int = 15  # groups on the chart of appearances
charts_dir: str = ""  # where chart data CSVs go; empty for none
reports_dir: str = ""  # folder of the article reports to link to; empty for no links

# %% [markdown]
# How many quotations are repeated, and how many of them across outlets or credited to
# different speakers.

# %%
from claimscope.analysis import queries, repeats
from claimscope.present import charts, display, slugs
from claimscope.present import repeats as repeated

tables = queries.load_tables(data_dir)
groups = repeats.ranked_groups(tables["quote_groups"], limit=None)
groups = groups[groups["n_outlets"] >= min_outlets]
if disagreeing_only:
    groups = groups[groups["speakers_disagree"].fillna(False).astype(bool)]
shown = groups.head(max_groups)
seen = repeats.appearances(tables, shown["group_id"])
display.configure(charts_dir=charts_dir or None)
print(repeats.summary(tables["quote_groups"], tables["quotes"]))  # NBVAL_CHECK_OUTPUT
print(f"This page shows {len(shown):,} of them in full.")

# %% [markdown]
# ## Where and when the words appeared
#
# One row per group, one point per article, coloured by outlet: the first point is the
# first article that quoted the words.

# %%
if shown.empty:
    display.show_html('<p class="cs-note">No repeated quotations to draw.</p>')
else:
    display.show(charts.repeats_timeline(repeats.spread(seen, shown, top=top)), name="spread")

# %% [markdown]
# ## Every group
#
# The groups, most outlets first; the words link to the group's details below.

# %%
repeated.show_groups(groups, shown["group_id"], page="")

# %% [markdown]
# ## The groups, one by one
#
# Each group's longest wording, then every variant as written, with the words that differ
# from the longest one marked: underlined when added or changed, struck through when left
# out. The articles link to their reports, where the quote is highlighted in context.

# %%
pages = slugs.article_links(tables["articles"], reports_dir)
display.show_html(repeated.groups_html(shown, seen, pages))
