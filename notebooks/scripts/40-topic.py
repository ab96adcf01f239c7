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
# # Topic report
#
# Who says what about one entity or keyword, and which statements about it contradict each
# other.

# %% tags=["parameters"]
data_dir: str = "../build/sample"  # folder with the extracted tables
topic: str = ""  # entity name (North Korea) or keyword; empty for the most widely mentioned entity
min_confidence: float = 0.5  # statements whose speaker is less sure than this are left out
include_unresolved: bool = False  # also count statements without a resolved speaker (as written)
top: int = 15  # how many speakers the charts show and contrasting pairs are listed
charts_dir: str = ""  # where chart data CSVs go; empty for none
reports_dir: str = ""  # folder of the article reports to link to; empty for no links
groups_page: str = ""  # the page of repeated quotes to link to; empty for no links

# %% [markdown]
# The topic and the statements about it: quotes that mention it, or contain the keyword;
# statements without a resolved speaker, or whose speaker is less sure than
# `min_confidence`, are counted and left out.

# %%
from claimscope.analysis import contrast, filters, queries
from claimscope.present import charts, display, slugs

tables = queries.load_tables(data_dir)
options = {"min_confidence": min_confidence, "include_unresolved": include_unresolved}
speaking = filters.ranked_statements(tables["quotes"], **options).quotes
resolved = contrast.resolve_topic(tables["mentions"], topic)
ranked = filters.ranked_statements(
    contrast.quotes_about(tables["quotes"], tables["mentions"], topic=topic), **options
)
about = ranked.quotes
display.configure(charts_dir=charts_dir or None)
how = "keyword" if resolved.keyword else "entity " + ", ".join(resolved.entity_ids)
n_speakers = about["speaker_label"].nunique()
print(
    f"{resolved.name} ({how}): {len(about)} statements by {n_speakers} speakers"
)  # NBVAL_CHECK_OUTPUT
print(ranked.note("on this page"))

# %% [markdown]
# ## Who says what
#
# Statements about the topic per speaker, coloured by the stance of the cue.

# %%
display.show(charts.statements_by_speaker(about, top=top), name="statements-by-speaker")

# %% [markdown]
# ## Claims by speaker
#
# Every statement about the topic, grouped by speaker (most quoted first), with the other
# entities it mentions; the article links to its report.

# %%
pages = slugs.article_links(tables["articles"], reports_dir)
claims = queries.claims_by_speaker(about, tables["articles"])
display.show_table(
    claims[["speaker", "date", "title", "cue", "stance", "text", "entities"]],
    links={"title": [pages.get(a) for a in claims["article_id"]]},
    max_rows=5000,
)

# %% [markdown]
# ## Repeated quotes
#
# The quotations among the statements about the topic whose words appear in other articles
# too, most outlets first; the words link to the group on the page of repeated quotes.

# %%
from claimscope.analysis import repeats
from claimscope.present import repeats as repeated

listed = repeats.ranked_groups(tables["quote_groups"])["group_id"]
found = repeats.groups_of(about, tables["quote_groups"])
repeated.show_groups(found, listed, page=groups_page or None)

# %% [markdown]
# ## Contrasting statements
#
# Pairs of statements about the topic by different speakers, one approving and one condemning,
# most contrasting first. The polarity comes from a small lexicon of evaluative words (shown
# with each statement): read the pairs as leads to check, not as findings.

# %%
pairs = contrast.contrasting_statements(
    speaking, tables["mentions"], topic=topic, speakers=tables.get("speakers"), top=top
)
quote_pages = queries.quote_links(tables["quotes"], pages)
display.show_html(display.contrast_html(pairs, links=quote_pages))
