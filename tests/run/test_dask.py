"""The Dask engine: a local cluster of two workers on 127.0.0.1 gives the local engine's tables."""

from __future__ import annotations

import pandas as pd
import pytest
from test_scale import write_corpus

from claimscope.run import store
from claimscope.run.pipeline import extract_corpus
from claimscope.tables.schema import TABLES

pytestmark = [pytest.mark.model, pytest.mark.slow]

distributed = pytest.importorskip("distributed")


def key_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in ("article_id", "quote_id", "start", "end", "code") if c in frame.columns]


def test_dask_cluster_gives_the_same_tables_as_the_local_engine(tmp_path):
    corpus = write_corpus(tmp_path / "wikinews.csv", 30)
    local = tmp_path / "local"
    extract_corpus([corpus], local, progress=False, cache=False)
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        on_dask = tmp_path / "dask"
        summary = extract_corpus(
            [corpus],
            on_dask,
            progress=False,
            engine="dask",
            scheduler=cluster.scheduler_address,
            batch_size=4,
            chunk_size=8,
        )
        with distributed.Client(cluster) as client:
            assert len(client.nthreads()) == 2
    assert summary.n_parsed == 30
    for name in TABLES:
        expected, found = store.read_table(local, name), store.read_table(on_dask, name)
        keys = key_columns(expected)
        if keys:
            expected = expected.sort_values(keys, kind="stable").reset_index(drop=True)
            found = found.sort_values(keys, kind="stable").reset_index(drop=True)
        pd.testing.assert_frame_equal(found, expected)
    assert len(store.read_table(on_dask, "articles")) == 30
