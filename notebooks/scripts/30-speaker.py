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
# # Speaker report
#
# Everything one speaker is quoted as saying, whom they talk about, how their words are
# reported and who is quoted alongside them.

# %% tags=["parameters"]
data_dir: str = "../build/sample"  # folder with the extracted tables
speaker: str = ""  # canonical speaker name; empty for the most quoted speaker
min_confidence: float = 0.5  # statements whose speaker is less sure than this are left out
include_unresolved: bool = False  # count unresolved statements among the speakers quoted alongside
top: int = 15  # how many entities and fellow speakers the charts show
charts_dir: str = ""  # where chart data CSVs go; empty for none
reports_dir: str = ""  # folder of the article reports to link to; empty for no links
groups_page: str = ""  # the page of repeated quotes to link to; empty for no links

# %% [markdown]
# Who the speaker is, as the articles describe them, and how many of their statements are
# left out for a speaker less sure than `min_confidence`.

# %%
from claimscope.analysis import aggregates, filters, queries
from claimscope.present import charts, display, slugs

tables = queries.load_tables(data_dir)
options = {"min_confidence": min_confidence, "include_unresolved": include_unresolved}
speaking = filters.ranked_statements(tables["quotes"], **options).quotes
# a speaker asked for by name is found among all the statements; the default one is the
# most quoted of those the rankings count
name = queries.select_speaker(tables if speaker else {**tables, "quotes": speaking}, speaker)
theirs = filters.ranked_statements(queries.speaker_quotes(tables, name), **options)
statements = theirs.quotes
display.configure(charts_dir=charts_dir or None)
display.show_html(display.facts_html(queries.speaker_profile(tables, name), title=name))
print(
    f"{name}: {len(statements)} statements in {statements['article_id'].nunique()} articles"
)  # NBVAL_CHECK_OUTPUT
print(theirs.note("on this page"))

# %% [markdown]
# ## Statements over time
#
# Statements per week (or month ...) by the date of the article, coloured by the stance of
# the cue.

# %%
display.show(
    charts.statements_timeline(statements, tables["articles"]), name="statements-over-time"
)

# %% [markdown]
# When each statement was made, by the date the text gives for it (a square when the
# publication date is assumed).

# %%
said = filters.timeline_of(tables["timeline"], statements, events=False)
display.show(
    charts.timeline_chart(aggregates.timeline_points(said, statements), title=f"When {name} spoke"),
    name="timeline",
)

# %% [markdown]
# Every statement, oldest first; the article title links to the article's report, where the
# statement is highlighted in context.

# %%
pages = slugs.article_links(tables["articles"], reports_dir)
display.show_table(
    statements[["date", "title", "kind", "cue", "stance", "text"]],
    links={"title": [pages.get(a) for a in statements["article_id"]]},
    max_rows=5000,
)

# %% [markdown]
# ## Repeated quotes
#
# The quotations among the speaker's statements whose words appear in other articles
# too, most outlets first; the words link to the group on the page of repeated quotes.

# %%
from claimscope.analysis import repeats
from claimscope.present import repeats as repeated

listed = repeats.ranked_groups(tables["quote_groups"])["group_id"]
found = repeats.groups_of(statements, tables["quote_groups"])
repeated.show_groups(found, listed, page=groups_page or None)

# %% [markdown]
# ## Whom they talk about
#
# Entities mentioned inside the speaker's statements.

# %%
inside = queries.entities_in_quotes(statements, tables["mentions"])
display.show(charts.top_entities(inside, top=top), name="entities-mentioned")

# %% [markdown]
# ## Cues and stance
#
# How the speaker's words are reported: the stance of the cues, then the cues themselves.

# %%
display.show(charts.stance_mix(statements, title="Stance of the cues"), name="stance-mix")
display.show_table(queries.cue_counts(statements))

# %% [markdown]
# ## Quoted alongside
#
# Other speakers quoted in the same articles.

# %%
display.show(charts.co_quoted_speakers(speaking, name, top=top), name="co-quoted")
