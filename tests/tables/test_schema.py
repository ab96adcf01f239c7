import pandas as pd
import pytest

from claimscope.tables.schema import QUOTES, TABLES, SchemaError, conform, data_dictionary, empty
from conftest import ROOT


def test_data_dictionary_is_up_to_date():
    committed = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert committed == data_dictionary(), "run `make schema` to regenerate the data dictionary"


@pytest.mark.parametrize("table", list(TABLES.values()), ids=list(TABLES))
def test_empty_frame_has_declared_columns(table):
    frame = empty(table)
    assert list(frame.columns) == table.column_names
    assert len(frame) == 0


def test_conform_rejects_missing_and_extra_columns():
    frame = empty(QUOTES).drop(columns=["text"]).assign(extra=[])
    with pytest.raises(SchemaError, match=r"missing columns \['text'\].*undeclared.*extra"):
        conform(frame, QUOTES)


def test_conform_adds_missing_nullable_columns_as_nulls():
    row = {c.name: None for c in QUOTES.columns if c.nullable is False}
    row.update(
        article_id="a", quote_id="a:q1", kind="direct", text="x", start=0, end=1, confidence=1.0
    )
    out = conform(pd.DataFrame([row]), QUOTES)
    assert list(out.columns) == QUOTES.column_names
    assert out["speaker"].isna().all()


def test_conform_rejects_nulls_in_required_columns():
    row = {c: None for c in QUOTES.column_names}
    row.update(
        article_id="a", quote_id="a:q1", kind="direct", text="x", start=0, end=1, confidence=1.0
    )
    conform(pd.DataFrame([row]), QUOTES)  # fits
    row["text"] = None
    with pytest.raises(SchemaError, match="'text' must not be null"):
        conform(pd.DataFrame([row]), QUOTES)
