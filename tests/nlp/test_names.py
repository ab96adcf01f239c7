"""Name helpers: accent folding, initials, acronyms, and the full name a surname stands for."""

from __future__ import annotations

import pytest

from claimscope.nlp.names import Surnames, expand_acronym, fold, initials


def test_fold_drops_accents_only():
    assert fold("Erdoğan") == "Erdogan"
    assert fold("Émile Zola") == "Emile Zola"
    assert fold("Putin") == "Putin"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("African Union", "AU"),
        ("Bank of England", "BE"),
        ("Federal Security Service", "FSS"),
        ("Jammu-Kashmir Liberation Front", "JKLF"),
    ],
)
def test_initials_skip_minor_words(name, expected):
    assert initials(name) == expected


def test_expand_acronym_only_for_acronyms():
    expansions = {"AU": "ORG:African Union", "UN": "ORG:United Nations"}
    assert expand_acronym("AU", expansions) == "ORG:African Union"
    assert expand_acronym("U.N.", expansions) == "ORG:United Nations"
    assert expand_acronym("Au", expansions) is None
    assert expand_acronym("EU", expansions) is None


PEOPLE = {
    "Donald Trump": 10,
    "Ivanka Trump": 4,
    "Recep Tayyip Erdoğan": 3,
    "Jo Lee": 2,
    "Al Lee": 2,
}


def surnames():
    return Surnames(PEOPLE, surname=lambda name: name.split()[-1])


def test_surnames_are_found_without_accents():
    index = surnames()
    assert "Erdogan" in index
    assert "Erdoğan" in index
    assert "Putin" not in index
    assert index.dominant("Erdogan") == "Recep Tayyip Erdoğan"
    assert index.dominant("Putin") is None


def test_dominant_is_the_most_mentioned_with_any_margin_by_default():
    assert surnames().dominant("Trump") == "Donald Trump"


def test_dominant_with_a_ratio_needs_that_margin():
    assert surnames().dominant("Trump", ratio=2) == "Donald Trump"
    assert surnames().dominant("Trump", ratio=3) is None
    assert surnames().dominant("Lee", ratio=2) is None


def test_ties_go_to_the_first_unless_broken():
    assert surnames().dominant("Lee") == "Jo Lee"
    assert surnames().dominant("Lee", tie_break=lambda name: name) == "Al Lee"
