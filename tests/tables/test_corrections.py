"""One name and one type per speaker across a corpus, and the analyst's corrections."""

import pandas as pd
import pytest

from claimscope.cli import main
from claimscope.rules.lexicon import LexiconError, PersonRule, load_people
from claimscope.tables.corpus import (
    Corrections,
    SpeakerFix,
    apply_corrections,
    is_named,
    speaker_fixes,
)
from claimscope.tables.rows import frame


def test_names_in_several_cases_and_types_become_one_speaker():
    counts = {
        ("officials", "GROUP"): 9,
        ("Officials", "GROUP"): 11,
        ("La Vega", "ORG"): 12,
        ("La Vega", "PERSON"): 1,
        ("Ana Ruiz", "PERSON"): 4,
    }
    fixes = speaker_fixes(counts)
    # a group takes its lower-case spelling even when the other is more frequent
    assert fixes["Officials"] == SpeakerFix("officials", "GROUP")
    assert "officials" not in fixes  # already the group's name
    assert fixes["La Vega"] == SpeakerFix("La Vega", "ORG")  # the most quoted type
    assert "Ana Ruiz" not in fixes  # nothing to change


def test_the_analysts_corrections_rename_merge_drop_and_retype():
    counts = {("La Vega", "ORG"): 12, ("WN", "PERSON"): 5, ("Hunter Bell", "PERSON"): 3}
    rules = [
        PersonRule("la vega", "Rosa La Vega", "PERSON", "presidential nominee", None),
        PersonRule("WN", ""),  # no canonical speaker
        PersonRule("Hunter Bell", "Joe Bell"),
    ]
    fixes = speaker_fixes(counts, rules)
    assert fixes["La Vega"] == SpeakerFix("Rosa La Vega", "PERSON", "presidential nominee")
    assert fixes["WN"].name is None
    assert fixes["Hunter Bell"] == SpeakerFix("Joe Bell")


def test_corrections_reach_every_quote():
    quotes = frame(
        "quotes",
        [
            {"article_id": "a", "quote_id": f"a:q{i}", "kind": "direct", "text": "x",
             "start": 0, "end": 1, "confidence": 1.0, "speaker": s, "speaker_type": t}
            for i, (s, t) in enumerate(
                [("La Vega", "ORG"), ("WN", "PERSON"), ("Officials", "GROUP")], 1
            )
        ],
    )  # fmt: skip
    corrections = Corrections(
        {},
        {
            "La Vega": SpeakerFix("Rosa La Vega", "PERSON", "nominee"),
            "WN": SpeakerFix(None),
            "Officials": SpeakerFix("officials", "GROUP"),
        },
    )
    fixed = apply_corrections("quotes", quotes, corrections)
    assert fixed["speaker"].tolist()[0] == "Rosa La Vega"
    assert pd.isna(fixed["speaker"].tolist()[1])
    assert fixed["speaker"].tolist()[2] == "officials"
    assert fixed["speaker_type"].tolist() == ["PERSON", "UNKNOWN", "GROUP"]
    assert fixed["speaker_title"].tolist()[0] == "nominee"


@pytest.mark.parametrize(
    ("speaker", "kind", "named"),
    [("Ana Ruiz", "PERSON", True), ("police", "ORG", False), ("officials", "GROUP", False),
     ("Harbour Authority report", "DOCUMENT", True), ("Ana Ruiz and Bo Kim", "GROUP", False)],
)  # fmt: skip
def test_named_speakers_have_a_name_of_their_own(speaker, kind, named):
    assert is_named(speaker, kind) is named


def test_a_correction_must_change_something(tmp_path):
    (tmp_path / "people.tsv").write_text(
        "name\tcanonical\ttype\ttitle\taffiliation\nAna Ruiz\t\t\t\t\n", encoding="utf-8"
    )
    with pytest.raises(LexiconError, match=r"people\.tsv:2: the row for 'Ana Ruiz' changes"):
        load_people(rules_dir=tmp_path)
    (tmp_path / "people.tsv").write_text(
        "name\tcanonical\ttype\nAna Ruiz\t\tDUCK\n", encoding="utf-8"
    )
    with pytest.raises(LexiconError, match="unknown type 'DUCK'"):
        load_people(rules_dir=tmp_path)


@pytest.mark.model
def test_corrections_in_a_rules_folder_hold_on_the_next_run(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(
        "Mayor Ana Ruiz said that the bridge would reopen in May.\n", encoding="utf-8"
    )
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "people.tsv").write_text(
        "name\tcanonical\ttype\ttitle\taffiliation\n"
        "Ana Ruiz\tAna María Ruiz\t\tmayor of Vila Nova\tVila Nova council\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["extract", str(inputs), "--out", str(out), "-q", "--rules", str(rules)]) == 0
    quotes = pd.read_parquet(out / "quotes.parquet")
    assert quotes[["speaker", "speaker_title", "speaker_affiliation"]].values.tolist() == [
        ["Ana María Ruiz", "mayor of Vila Nova", "Vila Nova council"]
    ]
    speakers = pd.read_parquet(out / "speakers.parquet")
    assert speakers[["speaker", "titles", "affiliation", "named"]].values.tolist() == [
        ["Ana María Ruiz", "mayor of Vila Nova", "Vila Nova council", True]
    ]
