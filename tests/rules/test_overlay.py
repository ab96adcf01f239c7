"""An analyst's rules folder overlaid on the packaged rules: the loader, the lexicon, the CLI."""

import subprocess
import sys

import pandas as pd
import pytest
import spacy

from claimscope.cli import main
from claimscope.rules import load_lexicon
from claimscope.rules.tsv import LexiconError, packaged, read_table, rule_rows
from claimscope.run.cache import pipeline_fingerprint

CUES = ("cue", "stance", "object", "guards")


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_overlay_rows_replace_packaged_rows_by_key_and_add_the_others(tmp_path):
    _write(
        tmp_path / "cues.tsv",
        "cue\tstance\tobject\nSay\tassert\tclause\ngrumble\tconcern\tclause\n",
    )
    packaged_rows = rule_rows("cues.tsv", CUES)
    overlaid = rule_rows("cues.tsv", CUES, rules_dir=tmp_path)
    assert len(overlaid) == len(packaged_rows) + 1  # "Say" replaced "say", "grumble" added
    keys = [row["cue"].lower() for _, row in overlaid]
    assert keys.index("say") == [r["cue"] for _, r in packaged_rows].index("say")  # in place
    assert keys[-1] == "grumble"
    where, say = overlaid[keys.index("say")]
    assert say["stance"] == "assert" and where == f"{tmp_path / 'cues.tsv'}:2"


def test_a_header_may_leave_out_trailing_columns_but_not_invent_any(tmp_path):
    path = _write(tmp_path / "cues.tsv", "# my cues\ncue\tstance\ngrumble\tconcern\n")
    assert list(read_table(path, CUES)) == [
        (3, {"cue": "grumble", "stance": "concern", "object": "", "guards": ""})
    ]
    _write(path, "cue\tstanse\tobject\ngrumble\tconcern\tclause\n")
    with pytest.raises(LexiconError, match=r"cues\.tsv:1: expected columns"):
        list(read_table(path, CUES))
    _write(path, "cue\tstance\tobject\ngrumble\tconcern\tclause\textra\n")
    with pytest.raises(LexiconError, match=r"cues\.tsv:2: expected 3 tab-separated fields"):
        list(read_table(path, CUES))


def test_a_bad_overlay_row_is_reported_with_file_and_line(tmp_path):
    _write(tmp_path / "cues.tsv", "cue\tstance\tobject\ngrumble\tgrumpy\tclause\n")
    with pytest.raises(LexiconError, match=r"cues\.tsv:2: unknown stance 'grumpy'"):
        load_lexicon(tmp_path)


def test_the_lexicon_of_a_folder_has_its_rows_and_the_packaged_ones(tmp_path):
    _write(tmp_path / "cues.tsv", "cue\tstance\tobject\ngrumble\tconcern\tclause\n")
    _write(
        tmp_path / "organisations.tsv",
        "name\ttype\taliases\tcountry\nZentrix Holdings\tORG\tZentrix\t\n",
    )
    lexicon = load_lexicon(tmp_path)
    assert lexicon.cue_by_lemma["grumble"].stance == "concern"
    assert lexicon.cue_by_lemma["say"].stance == "neutral"
    assert lexicon.organisation_of_alias["Zentrix"].name == "Zentrix Holdings"
    assert "grumble" not in load_lexicon().cue_by_lemma
    assert lexicon.rules_dir == str(tmp_path.resolve())


def test_overlay_files_are_part_of_the_fingerprint(tmp_path):
    plain = pipeline_fingerprint("m", "1")
    assert pipeline_fingerprint("m", "1", rules_dir=tmp_path) == plain  # an empty folder
    rules = _write(tmp_path / "cues.tsv", "cue\tstance\tobject\ngrumble\tconcern\tclause\n")
    first = pipeline_fingerprint("m", "1", rules_dir=tmp_path)
    _write(rules, "cue\tstance\tobject\ngrumble\twarn\tclause\n")
    assert len({plain, first, pipeline_fingerprint("m", "1", rules_dir=tmp_path)}) == 3


ARTICLE = (
    "Zentrix said that the plant in the valley would close next spring.\n\n"
    "Maria Lopez grumbled that the new bridge was unsafe for children.\n"
)


@pytest.fixture
def analyst_rules(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    _write(rules / "cues.tsv", "cue\tstance\tobject\ngrumble\tconcern\tclause\n")
    _write(
        rules / "organisations.tsv",
        "name\ttype\taliases\tcountry\nZentrix Holdings\tORG\tZentrix\t\n",
    )
    return rules


@pytest.mark.model
def test_extract_with_rules_uses_an_added_cue_and_an_added_alias(tmp_path, analyst_rules):
    inputs = tmp_path / "in"
    inputs.mkdir()
    _write(inputs / "a.txt", ARTICLE)
    plain, ruled = tmp_path / "plain", tmp_path / "ruled"
    assert main(["extract", str(inputs), "--out", str(plain), "-q"]) == 0
    assert (
        main(["extract", str(inputs), "--out", str(ruled), "-q", "--rules", str(analyst_rules)])
        == 0
    )
    before = pd.read_parquet(plain / "quotes.parquet")
    after = pd.read_parquet(ruled / "quotes.parquet")
    assert "grumble" not in set(before["cue_lemma"])
    grumbled = after[after["cue_lemma"] == "grumble"]
    assert grumbled[["speaker", "stance", "text"]].values.tolist() == [
        ["Maria Lopez", "concern", "the new bridge was unsafe for children"]
    ]
    mentions = pd.read_parquet(ruled / "mentions.parquet")
    assert "ORG:Zentrix Holdings" in set(mentions[mentions["text"] == "Zentrix"]["entity_id"])
    assert "Zentrix Holdings" in set(after["speaker"])
    # the same run again with the same rules reuses the cache; other rules do not
    assert (
        main(["extract", str(inputs), "--out", str(ruled), "-q", "--rules", str(analyst_rules)])
        == 0
    )
    manifest = pd.read_json(ruled / "manifest.json", typ="series")
    assert manifest["parsed"] == 0 and manifest["rules"] == str(analyst_rules.resolve())


def test_extract_refuses_a_rules_path_that_is_not_a_folder(tmp_path, capsys):
    code = main(["extract", str(tmp_path), "--out", str(tmp_path / "o"), "--rules", "nowhere"])
    assert code == 2
    assert "--rules nowhere is not a folder" in capsys.readouterr().err


@pytest.mark.model
def test_a_saved_pipeline_carries_the_analysts_rules(tmp_path, analyst_rules):
    from claimscope.nlp.model import load_model

    nlp = load_model(rules_dir=analyst_rules)
    nlp.to_disk(tmp_path / "pipeline")
    for path in analyst_rules.iterdir():
        path.unlink()  # the analyst's folder is gone; the saved pipeline still has its rules
    loaded = spacy.load(tmp_path / "pipeline")
    doc = loaded("Zentrix said the plant would close.")
    assert [m.kb_id_ for m in doc.spans["mentions"] if m.text == "Zentrix"] == [
        "ORG:Zentrix Holdings"
    ]
    assert packaged("cues.tsv").is_file()
    # another Python finds the components by their entry points, without importing claimscope
    script = (
        "import spacy, sys; doc = spacy.load(sys.argv[1])('Zentrix said the plant would close.');"
        "print([m.kb_id_ for m in doc.spans['mentions']])"
    )
    found = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "pipeline")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "ORG:Zentrix Holdings" in found.stdout
