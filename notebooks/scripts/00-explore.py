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
# # Explore the tables
#
# A scratch notebook: load the extracted tables and ask them questions with pandas.

# %% tags=["parameters"]
data_dir: str = "../build/sample"  # folder with the extracted tables

# %% [markdown]
# Every table claimscope writes, by name, with its number of rows.

# %%
import pandas as pd

from claimscope.analysis.queries import load_tables

tables = load_tables(data_dir)  # from this folder or the repository root
articles, quotes, mentions = tables["articles"], tables["quotes"], tables["mentions"]
print({name: len(frame) for name, frame in tables.items()})  # NBVAL_CHECK_OUTPUT

# %% [markdown]
# Who is quoted most, and how often directly (in quotation marks)?

# %%
(
    quotes.assign(direct=quotes["kind"].eq("direct"))
    .groupby("speaker", dropna=False)
    .agg(quotes=("quote_id", "size"), direct=("direct", "sum"))
    .sort_values("quotes", ascending=False)
    .head(10)
)

# %% [markdown]
# Which cues hedge or deny, and who uses them?

# %%
quotes.loc[quotes["stance"].isin(["hedge", "deny"]), ["speaker", "cue", "stance", "text"]]

# %% [markdown]
# The entities mentioned inside quotes: mentions whose offsets fall within a quote.

# %%
inside = quotes[["article_id", "quote_id", "speaker", "start", "end"]].merge(
    mentions[["article_id", "entity", "start"]].rename(columns={"start": "at"}), on="article_id"
)
inside = inside[(inside["at"] >= inside["start"]) & (inside["at"] < inside["end"])]
inside.groupby(["speaker", "entity"]).size().sort_values(ascending=False).head(10)

# %% [markdown]
# Quotes per month of publication, by kind.

# %%
dated = quotes.merge(articles[["article_id", "date"]], on="article_id")
month = pd.to_datetime(dated["date"], errors="coerce").dt.strftime("%Y-%m")
pd.crosstab(month, dated["kind"])
