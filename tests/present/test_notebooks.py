"""The notebooks: structure, pairing, and runs with papermill checked by nbval.

Every notebook runs on the sample article and on 20 Wikinews articles (extracted here from
``../shared/corpus/wikinews/wikinews_2019.csv``; skipped when the shared corpus is absent),
then the executed copies are validated with ``pytest --nbval-lax``: no cell may raise, and the
cells marked ``# NBVAL_CHECK_OUTPUT`` (one summary line each) must print the same again.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from claimscope.present import export
from claimscope.run import store
from conftest import first_articles

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
STEMS = ["00-explore", "10-article", "20-corpus", "30-speaker", "40-topic", "50-groups"]


@pytest.mark.parametrize("stem", STEMS)
def test_notebook_is_paired_parameterised_and_without_outputs(stem):
    import jupytext

    source = jupytext.read(NOTEBOOKS / "scripts" / f"{stem}.py")
    paired = nbformat.read(NOTEBOOKS / f"{stem}.ipynb", as_version=4)
    assert [c.source for c in paired.cells] == [c.source for c in source.cells]
    assert paired.metadata["jupytext"]["formats"] == "ipynb,scripts//py:percent"
    assert all(
        not c.get("outputs") and not c.get("execution_count")
        for c in paired.cells
        if c.cell_type == "code"
    )
    first, params = paired.cells[0], paired.cells[1]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    assert params.metadata.get("tags") == ["parameters"]
    tagged = [c for c in paired.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    lines = [line for line in params.source.splitlines() if line.strip()]
    for line in lines:
        # annotated, with a comment papermill can parse (no second "=")
        assert re.fullmatch(r"\w+: (str|int|float|bool) = [^#]+  # [^=]+", line), line
    assert lines[0] == 'data_dir: str = "../build/sample"  # folder with the extracted tables'
    for before, cell in zip(paired.cells, paired.cells[1:], strict=False):
        if cell.cell_type == "code" and cell is not params:
            assert before.cell_type == "markdown", f"no sentence before {cell.source[:40]!r}"


def test_scripts_are_paired_in_a_subfolder_so_jupyterlab_lists_each_notebook_once():
    from jupytext.config import load_jupytext_config
    from jupytext.paired_paths import paired_paths

    assert sorted(p.name for p in NOTEBOOKS.glob("*.py")) == []
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == STEMS
    assert sorted(p.stem for p in (NOTEBOOKS / "scripts").glob("*.py")) == STEMS
    ipynb = NOTEBOOKS / "20-corpus.ipynb"
    # a notebook created in the folder is paired the same way, by the folder's jupytext.toml
    formats = load_jupytext_config(str(ipynb)).default_formats(str(ipynb))
    assert formats == "ipynb,scripts//py:percent"
    paths = {Path(p) for p, _ in paired_paths(str(ipynb), "ipynb", formats)}
    assert paths == {ipynb, NOTEBOOKS / "scripts" / "20-corpus.py"}


def test_papermill_documents_the_parameters():
    import papermill

    params = papermill.inspect_notebook(str(NOTEBOOKS / "20-corpus.ipynb"))
    assert set(params) >= {"data_dir", "date_from", "date_to", "outlet", "charts_dir"}
    assert params["outlet"]["inferred_type_name"] == "str"
    assert params["outlet"]["help"] == "keep only this outlet; empty for all"
    assert params["top"]["inferred_type_name"] == "int"


def _execute(data: Path, out: Path, parameters: dict[str, dict]) -> list[Path]:
    import papermill

    kernel = export.kernel_name()
    out.mkdir(parents=True, exist_ok=True)
    executed = []
    for stem in STEMS:
        target = out / f"{stem}.ipynb"
        papermill.execute_notebook(
            export.read_notebook(NOTEBOOKS, stem),
            str(target),
            parameters={"data_dir": str(data), **parameters.get(stem, {})},
            kernel_name=kernel,
            progress_bar=False,
            cwd=str(NOTEBOOKS),
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
        )
        executed.append(target)
    return executed


@pytest.fixture(scope="module")
def sample_data(tmp_path_factory) -> Path:
    from claimscope.run.pipeline import extract_corpus

    out = tmp_path_factory.mktemp("sample") / "data"
    extract_corpus([REPO / "data"], out, progress=False)
    return out


@pytest.fixture(scope="module")
def wikinews_data(tmp_path_factory) -> Path:
    from claimscope.run.pipeline import extract_corpus

    base = tmp_path_factory.mktemp("wikinews")
    subset = first_articles(20, base / "wikinews_20.csv")
    extract_corpus([subset], base / "data", progress=False)
    return base / "data"


def _nbval(executed: list[Path]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "-q", "-p", "no:cacheprovider"]
        + [str(p) for p in executed],
        cwd=executed[0].parent,
        capture_output=True,
        text=True,
        timeout=900,
    )


def _outputs(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return "\n".join(
        o.get("text", "") for c in nb.cells for o in c.get("outputs", []) if o.get("name")
    )


@pytest.mark.slow
@pytest.mark.model
def test_notebooks_run_on_the_sample_and_pass_nbval(sample_data, tmp_path):
    executed = _execute(
        sample_data,
        tmp_path,
        {"40-topic": {"topic": "North Korea"}, "30-speaker": {"speaker": "Vladimir Putin"}},
    )
    assert "1 articles" in _outputs(tmp_path / "20-corpus.ipynb")
    speaker = _outputs(tmp_path / "30-speaker.ipynb")
    assert re.search(r"Vladimir Putin: [1-9]\d* statements in 1 articles", speaker)
    topic = nbformat.read(tmp_path / "40-topic.ipynb", as_version=4)
    pairs = [
        o["data"]["text/html"]
        for c in topic.cells
        for o in c.get("outputs", [])
        if "cs-pair" in o.get("data", {}).get("text/html", "")
    ]
    first = pairs[0].split('<div class="cs-pair">')[1]
    assert "in full compliance with international law" in first
    assert "violates numerous UN Security Council resolutions" in first
    result = _nbval(executed)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert re.search(r"\b\d+ passed", result.stdout)


@pytest.mark.slow
@pytest.mark.model
def test_notebooks_run_on_wikinews_and_pass_nbval(wikinews_data, tmp_path):
    executed = _execute(wikinews_data, tmp_path, {"20-corpus": {"date_from": "2019"}})
    assert "20 articles" in _outputs(tmp_path / "20-corpus.ipynb")
    result = _nbval(executed)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.parametrize(
    ("stem", "bar", "expected"),
    [
        (
            "20-corpus",
            "0.85",
            "{kept} of {total} statements; {below} statements below confidence 0.85 are",
        ),
        ("30-speaker", "0.9", "1 of 3 statements; 2 statements below confidence 0.9 are not"),
        ("40-topic", "0.85", "below confidence 0.85 are not on this page."),
    ],
)
def test_the_filters_are_set_from_papermills_command_line(
    sample_data, tmp_path, stem, bar, expected
):
    out = tmp_path / f"{stem}.ipynb"
    command = [sys.executable, "-m", "papermill", str(NOTEBOOKS / f"{stem}.ipynb"), str(out)]
    command += ["-p", "data_dir", str(sample_data), "-p", "min_confidence", bar]
    if stem == "30-speaker":
        command += ["-p", "speaker", "Vladimir Putin"]
    command += ["-k", export.kernel_name(), "--no-progress-bar"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    if stem == "20-corpus":  # the counts the sample's confidences give
        confidence = store.read_table(sample_data, "quotes")["confidence"]
        below = int((confidence < float(bar)).sum())
        assert 0 < below < len(confidence)  # the bar splits the sample
        expected = expected.format(kept=len(confidence) - below, total=len(confidence),
                                   below=below)  # fmt: skip
    assert expected in _outputs(out), _outputs(out)
    nb = nbformat.read(out, as_version=4)
    assert nb.metadata["papermill"]["parameters"]["min_confidence"] == float(bar)
    if stem == "20-corpus":  # the switch, as the command line gives it
        switched = tmp_path / "switched.ipynb"
        command[4] = str(switched)
        command += ["-p", "include_unresolved", "True"]
        run = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=tmp_path)
        assert run.returncode == 0, run.stderr[-3000:]
        parameters = nbformat.read(switched, as_version=4).metadata["papermill"]["parameters"]
        assert parameters["include_unresolved"] is True
        assert "0 statements without a resolved speaker are included" in _outputs(switched)
