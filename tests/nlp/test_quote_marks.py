import pytest

from claimscope.nlp.marks import quoted_passages


def passages(text):
    return [(text[s:e], status) for s, e, status in quoted_passages(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "we will win" today.', [('"we will win"', "closed")]),
        ("He said “we will win” today.", [("“we will win”", "closed")]),
        ("Il a dit « nous gagnerons » hier.", [("« nous gagnerons »", "closed")]),
        ('"One," she said, "two."', [('"One,"', "closed"), ('"two."', "closed")]),
        ("“First sentence. Second one,” he said.", [("“First sentence. Second one,”", "closed")]),
        ("No quotes at all.", []),
        ("It’s the 1990s' music.", []),
        ("She said ‘we won’t give up’ today.", [("‘we won’t give up’", "closed")]),
        ("‘It’s Russia’s choice,’ he said.", [("‘It’s Russia’s choice,’", "closed")]),
        ("The soldiers’ families don’t know.", []),
        (
            "He said “the word ‘never’ is banned” here.",
            [("“the word ‘never’ is banned”", "closed")],
        ),
        ("‘A “nested” quote,’ she said.", [("‘A “nested” quote,’", "closed")]),
        (  # two apostrophes for a double mark, as some archives print quotations
            "''It's more tinkering,'' he said. ''It's a tax increase.''",
            [("''It's more tinkering,''", "closed"), ("''It's a tax increase.''", "closed")],
        ),
        ("Rock 'n' roll is ''dead,'' he said.", [("''dead,''", "closed")]),
        ("”Fear. I am afraid.” ― Ann Lee", [("”Fear. I am afraid.”", "closed")]),
        ("He said “yes” and ” no more.", [("“yes”", "closed")]),
        ('“Deals are no requirement," Jo Park said.', [('“Deals are no requirement,"', "closed")]),
        # straight single marks close after the punctuation of quoted speech
        (
            "'We are not going anywhere,' said Rahul Gandhi.",
            [("'We are not going anywhere,'", "closed")],
        ),
        (
            "She said: 'This is unacceptable.' Then she left.",
            [("'This is unacceptable.'", "closed")],
        ),
        ("Rock 'n' roll fans waved at Jones' car.", []),
        ("It's the 90s' music, 'fake news' he said.", []),
        ("'He told me \"no\" twice,' she said.", [("'He told me \"no\" twice,'", "closed")]),
    ],
)
def test_balanced_marks(text, expected):
    assert passages(text) == expected


def test_unclosed_mark_stops_at_the_paragraph():
    text = "He said “this never closes.\nThe next paragraph is not a quote."
    assert passages(text) == [("“this never closes.", "unclosed")]


def test_quote_running_over_paragraphs():
    text = "“First paragraph of a long quote.\n“Second paragraph, which ends,” he said."
    assert passages(text) == [
        ("“First paragraph of a long quote.", "continued"),
        ("“Second paragraph, which ends,”", "closed"),
    ]


def test_stray_closing_mark_is_ignored():
    assert passages("An odd ” mark, then “a real quote”.") == [("“a real quote”", "closed")]
