"""The size limit of one-article files is one option of claimscope extract."""

import pytest

from claimscope.cli import main
from claimscope.run.store import read_tables

pytestmark = pytest.mark.model


def test_max_bytes_rejects_a_larger_article_file_and_reads_the_rest(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "short.txt").write_text("The mayor said the bridge would reopen.\n")
    (inputs / "long.txt").write_text("The council said the budget was tight. " * 10)
    (inputs / "many.jsonl").write_text('{"id": "j1", "text": "' + "Ann Lee said so. " * 20 + '"}\n')
    out = tmp_path / "out"
    assert main(["extract", str(inputs), "--out", str(out), "--max-bytes", "200", "-q"]) == 0
    tables = read_tables(out)
    assert sorted(tables["articles"]["article_id"]) == ["j1", "short"]  # JSONL has no limit
    (rejected,) = tables["rejected"].itertuples()
    assert (rejected.code, rejected.source.endswith("long.txt")) == ("too_large", True)
    assert main(["extract", str(inputs), "--out", str(out), "--max-bytes", "0", "-q"]) == 0
    assert len(read_tables(out)["articles"]) == 3
