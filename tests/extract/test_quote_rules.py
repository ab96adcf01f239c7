"""The registry of the ways statements are found: every quote names its rule, rules switch off."""

import pytest

from claimscope.extract.quotes import PASSAGE_RULES, REPORTS, RULES, quotes

TEXT = (
    "The minister said that the bridge would reopen in May.\n\n"
    "According to the port authority, the ferries will run again.\n\n"
    "“We are ready,” a spokesman said. “The crews are trained and the boats are fuelled.”\n"
)


def test_the_rules_run_in_their_registered_order():
    assert (*REPORTS, *PASSAGE_RULES) == RULES
    assert RULES[0] == "verb" and "according-to" in REPORTS and "continuation" in PASSAGE_RULES


def test_every_quote_names_the_rule_that_found_it(nlp):
    found = [(q.content.text, q.rule) for q in quotes(nlp(TEXT))]
    assert found == [
        ("the bridge would reopen in May", "verb-complement"),
        # the statement ends with its paragraph: the quotation of the next is not part of it
        ("the ferries will run again", "according-to"),
        ("“We are ready,”", "verb-complement"),
        ("“The crews are trained and the boats are fuelled.”", "continuation"),
    ]


def test_a_rule_switched_off_finds_nothing(nlp):
    doc = nlp(TEXT)
    without = [q.rule for q in quotes(doc, rules=set(RULES) - {"according-to"})]
    assert "according-to" not in without and "verb-complement" in without
    only_verbs = [q.rule for q in quotes(doc, rules={"verb"})]
    assert only_verbs == ["verb-complement", "verb-complement"]  # no continuation without its rule


def test_an_unknown_rule_is_an_error(nlp):
    with pytest.raises(ValueError, match="unknown quote rules \\['verbs'\\]"):
        list(quotes(nlp("He said so."), rules={"verbs"}))
