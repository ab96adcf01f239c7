"""Quote extraction on small texts parsed by the real pipeline, and on the sample article."""

from __future__ import annotations

import json

import pytest

from claimscope.extract import quotes
from conftest import SAMPLE, SEED_GOLD

pytestmark = pytest.mark.model


def found(nlp, text):
    doc = nlp(text)
    return [(q.kind, q.speaker, q.content.text) for q in quotes(doc)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "“We will not give up,” Maria Lopez said on Monday.",
            [("direct", "Maria Lopez", "“We will not give up,”")],
        ),
        (
            'John Smith said: "The plan is ready and we start tomorrow."',
            [("direct", "John Smith", '"The plan is ready and we start tomorrow."')],
        ),
        (
            "Anna Berg said that the bridge would reopen in May.",
            [("indirect", "Anna Berg", "the bridge would reopen in May")],
        ),
        (
            "The bridge will reopen in May, Anna Berg said.",
            [("indirect", "Anna Berg", "The bridge will reopen in May")],
        ),
        (
            "According to the ministry, prices rose by ten percent.",
            [("indirect", "the ministry", "prices rose by ten percent")],
        ),
        (
            "Mayor Tom Hill said the budget was “a disgrace to the city”.",
            [("mixed", "Tom Hill", "the budget was “a disgrace to the city”")],
        ),
        (
            "Peter Novak met the press. He said that taxes would fall.",
            [("indirect", "Peter Novak", "taxes would fall")],
        ),
        (
            "Washington believes that the talks have failed.",
            [("indirect", "United States", "the talks have failed")],
        ),
        (
            "The Kremlin denied that troops had crossed the border.",
            [("indirect", "Russia", "troops had crossed the border")],
        ),
        ("The river rose after three days of rain.", []),
    ],
)
def test_quotes_in_short_texts(nlp, text, expected):
    assert found(nlp, text) == expected


def test_titles_resolve_to_the_person_who_holds_them(nlp):
    text = (
        "Andrey Kartapolov, chairman of the State Duma’s Defence Committee, said the troops "
        "had finished. The committee chairman spoke in favour of a parade."
    )
    speakers = [q.speaker for q in quotes(nlp(text))]
    assert speakers == ["Andrey Kartapolov", "Andrey Kartapolov"]


def test_unbalanced_mark_does_not_swallow_the_article(nlp):
    text = (
        "“This opening mark is never closed, Ann Lee said.\n"
        "A second paragraph follows. Bob Ray said that it was fine.\n"
        "A third paragraph ends the story."
    )
    result = quotes(nlp(text))
    for quote in result:
        assert "\n" not in quote.content.text


@pytest.fixture(scope="module")
def sample(nlp):
    text = SAMPLE.read_text(encoding="utf-8").split("---\n", 2)[2]
    return text, list(quotes(nlp(text)))


def test_every_span_indexes_the_sample_text(sample):
    text, result = sample
    assert result
    for q in result:
        for span in (q.content, q.cue, q.speaker_mention):
            if span is not None:
                assert text[span.start : span.end] == span.text


@pytest.mark.parametrize(
    ("mention", "speaker"),
    [
        ("Washington", "United States"),
        ("The committee chairman", "Andrey Kartapolov"),
        ("he", "Vladimir Putin"),
        ("The head of state", "Donald Trump"),
        ("the Russian leader", "Vladimir Putin"),
        ("Moscow", "Russia"),
        ("He", "Andrey Kartapolov"),
    ],
)
def test_sample_speakers(sample, mention, speaker):
    _, result = sample
    resolved = {q.speaker_mention.text: q.speaker for q in result if q.speaker_mention}
    assert resolved[mention] == speaker


def test_sample_matches_gold_spans_and_kinds(sample, shared):
    _text, result = sample
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))["quotes"]
    predicted = {(q.content.start, q.content.end): q for q in result}
    exact = [g for g in gold if (g["start"], g["end"]) in predicted]
    assert len(exact) >= 14, [
        g["text"][:40] for g in gold if (g["start"], g["end"]) not in predicted
    ]
    for g in exact:
        assert predicted[(g["start"], g["end"])].kind == g["kind"], g["text"][:50]


def test_british_single_quotes(nlp):
    text = "‘We will not give up,’ Maria Lopez said. The soldiers’ families don’t know."
    assert found(nlp, text) == [("direct", "Maria Lopez", "‘We will not give up,’")]


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        ("Martha Aguilar ― “Tonight’s debate showed who he really is.”", "Martha Aguilar", "―"),
        ('Donald Trump: "We will build the wall and win."', "Donald Trump", ":"),
        ("“We will stay in the race until the end.” — Bernie Sanders", "Bernie Sanders", "—"),
        # a dash touching the mark, an initial in the name
        (
            "“He cares nothing about the people he insults.”― Edwin G. Monroy",
            "Edwin G. Monroy",
            "―",
        ),
        # a closing mark typed where the opening one belongs
        ("”I am truly afraid that he will win the vote.” ― Pamela Padilla", "Pamela Padilla", "―"),
    ],
)
def test_colon_and_dash_attributions(nlp, text, speaker, cue):
    (quote,) = quotes(nlp(text))
    assert (quote.kind, quote.speaker, quote.cue.text) == ("direct", speaker, cue)
    assert quote.content.text[-1] in '”"'


def test_labelled_lines_of_transcripts_and_headlines(nlp):
    text = (
        "Bernie Sanders: Clinton needs to change her approach to the race\n\n"
        "The ecologist Natasha Gownaris and Senator Mike Pence spoke to the host.\n\n"
        '"WALLACE: Why would the campaign do that now?\n\n'
        '"PENCE: Well, look, this is an episode of “Shark Tank.” It is serious business.\n\n'
        "NG: This study started in 1982, long before I joined the lab.\n\n"
        "Update: The campaign did not respond.\n"
        "Image: Jo Jorgensen for President\n"
    )
    assert found(nlp, text) == [
        ("indirect", "Bernie Sanders", "Clinton needs to change her approach to the race"),
        ("direct", "Wallace", "Why would the campaign do that now?"),
        (
            "direct",
            "Mike Pence",
            "Well, look, this is an episode of “Shark Tank.” It is serious business",
        ),
        ("direct", "Natasha Gownaris", "This study started in 1982, long before I joined the lab"),
    ]


def test_colon_without_a_named_speaker_is_not_an_attribution(nlp):
    assert found(nlp, 'The rules: "no dogs allowed in the park at all."') == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ms Ardern said New Zealand would tighten its gun laws.",
            [("indirect", "Ardern", "New Zealand would tighten its gun laws")],
        ),
        (
            'Asked whether he would resign, Boris Johnson said: "Absolutely not, I will stay."',
            [("direct", "Boris Johnson", '"Absolutely not, I will stay."')],
        ),
        (
            "The UN warned that famine was imminent in the region.",
            [("indirect", "United Nations", "famine was imminent in the region")],
        ),
        (
            'Tom Hill spoke to the press. She added: "Nobody expected this at all."',
            [("direct", None, '"Nobody expected this at all."')],
        ),
    ],
)
def test_honorifics_questions_complementisers_and_given_names(nlp, text, expected):
    assert found(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # two subjects from the parser: the named one speaks
            'Senegal\'s president Macky Sall said, "Trade will grow across the continent."',
            [("direct", "Macky Sall", '"Trade will grow across the continent."')],
        ),
        (  # figures are not a source; who reported them is
            "Per figures reported by Reuters, exports fell by a third last year.",
            [("indirect", "Reuters", "exports fell by a third last year")],
        ),
        (  # "per" inside a report is the speaker's source, not a second report
            "Dr Ana Silva said the vaccine was safe and that doses must be stored cold, "
            "per the agency's guidelines.",
            [
                (
                    "indirect",
                    "Ana Silva",
                    "the vaccine was safe and that doses must be stored cold, "
                    "per the agency's guidelines",
                )
            ],
        ),
        (  # a named subject between two quotations takes the second
            "Lena Park said the ruling was fair. Jonas Weber criticised the decision on Twitter. "
            '"This is a grave mistake that will cost lives."',
            [
                ("indirect", "Lena Park", "the ruling was fair"),
                ("indirect", "Jonas Weber", "the decision on Twitter"),
                ("direct", "Jonas Weber", '"This is a grave mistake that will cost lives."'),
            ],
        ),
        (  # a plural description takes up people named together
            "Police arrested Mark Olsen and Peter Lund on Friday. "
            "The two men denied any wrongdoing.",
            [("indirect", "Mark Olsen and Peter Lund", "any wrongdoing")],
        ),
        (  # "the newspaper" is the organisation last spoken of
            "The newspaper Le Monde reported that the plant had closed. "
            "The newspaper said the workers were sent home.",
            [
                ("indirect", "Le Monde", "the plant had closed"),
                ("indirect", "Le Monde", "the workers were sent home"),
            ],
        ),
        (  # "they" for an organisation
            "Greenpeace said supplies were running out. Water was scarce, they said.",
            [
                ("indirect", "Greenpeace", "supplies were running out"),
                ("indirect", "Greenpeace", "Water was scarce"),
            ],
        ),
        (  # a surname the recogniser misses because it is also a common word
            "Doris Day starred in many films. Day said she never liked fame.",
            [("indirect", "Doris Day", "she never liked fame")],
        ),
        (  # part of a group, as written with what qualifies it
            "Some of the farmers the ministry consulted said the rains came too late.",
            [("indirect", "Some of the farmers the ministry consulted", "the rains came too late")],
        ),
        (  # a relative named in apposition is who "her husband" is, later
            "Maria Lopez was injured. Her husband, Carlos Lopez, said she was recovering. "
            "Her husband later said the hospital was slow.",
            [
                ("indirect", "Carlos Lopez", "she was recovering"),
                ("indirect", "Carlos Lopez", "the hospital was slow"),
            ],
        ),
        (  # ... and before
            "Alan Kurdi drowned in 2015. His surviving father said the boat was overloaded. "
            '"It is hard," said his father, Abdullah Kurdi, after the ceremony.',
            [
                ("indirect", "Abdullah Kurdi", "the boat was overloaded"),
                ("direct", "Abdullah Kurdi", '"It is hard,"'),
            ],
        ),
        (  # one of a group is one person, whom "he" takes up
            "One of the guards said the gate was open. He added that nobody had checked it.",
            [
                ("indirect", "One of the guards", "the gate was open"),
                ("indirect", "One of the guards", "nobody had checked it"),
            ],
        ),
    ],
)
def test_speakers_through_descriptions_sources_and_groups(nlp, text, expected):
    assert found(nlp, text) == expected


def test_a_noun_in_apposition_states_gender(nlp):
    from claimscope.extract.speakers import ReferenceResolver
    from claimscope.rules.lexicon import load_lexicon

    doc = nlp("Kim Lee lived with her husband, the painter Robin Marsh, in Ohio.")
    people = ReferenceResolver(doc, load_lexicon()).people
    assert people["Robin Marsh"].gender == "m"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a report inside a report is a statement of its own, and "its" is resolved
            "Le Monde reported its source said the tenant had moved in a day earlier.",
            [
                ("indirect", "Le Monde", "its source said the tenant had moved in a day earlier"),
                ("indirect", "Le Monde's source", "the tenant had moved in a day earlier"),
            ],
        ),
        (  # a document speaks for its author, named through a possessive
            "A statement released by Macron's office said the talks would resume.",
            [("indirect", "Macron's office statement", "the talks would resume")],
        ),
        (  # an author the recogniser does not know is still the author
            "According to a recent report by The Atlantic, the group keeps a database.",
            [("indirect", "Atlantic report", "the group keeps a database")],
        ),
        (  # a clause that opens with a quoted fragment is mixed
            'The agency said "two workers" were injured in the blast.',
            [("mixed", "The agency", '"two workers" were injured in the blast')],
        ),
        (  # an unnamed person described by office is who "she" takes up
            "Emily Stone met the inspectors on Monday. The head of the internal investigators "
            'told the court "Basic checks were not done at all." She also said the case was '
            "handled badly.",
            [
                (
                    "direct",
                    "The head of the internal investigators",
                    '"Basic checks were not done at all."',
                ),
                (
                    "indirect",
                    "The head of the internal investigators",
                    "the case was handled badly",
                ),
            ],
        ),
        (  # "the statement" is the statement spoken of before
            "A statement released by Macron's office said the talks would resume. "
            "The French statement also called for calm.",
            [
                ("indirect", "Macron's office statement", "the talks would resume"),
                ("indirect", "Macron's office statement", "calm"),
            ],
        ),
        (  # "according to" a report of a report: the statement is the inner speaker's
            "Acme, which makes soap, emphasized it was working to maintain the supply, "
            "according to the Herald report.",
            [("indirect", "Acme", "it was working to maintain the supply")],
        ),
        (  # the source phrase runs on after its source; the content is the main clause
            "The stores were reluctant to impose limits, according to a report from the "
            "Herald on March 3 in which they said they had no plans to ration sales.",
            [
                ("indirect", "Herald report", "The stores were reluctant to impose limits"),
                ("indirect", "The stores", "they had no plans to ration sales"),
            ],
        ),
        (  # a relative clause on the source is not the content
            "Prices rose, according to the ministry, which blamed the war in the east.",
            [("indirect", "the ministry", "Prices rose")],
        ),
        (  # between a verb and its complement, the phrase leaves the complement as content
            "The judge of the highest court in the land decided, according to the summary, "
            '"that it was unlawful".',
            [("direct", "the summary", '"that it was unlawful"')],
        ),
    ],
)
def test_nested_reports_documents_and_fragments(nlp, text, expected):
    assert found(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a first surname used alone is the person named in full
            "Governor Ricardo Rosselló Nevares spoke on Sunday. Rosselló said he would resign.",
            [("indirect", "Ricardo Rosselló Nevares", "he would resign")],
        ),
        (  # titles are not part of the name
            "Chief Superintendent Graciano Mijares said the death toll had risen.",
            [("indirect", "Graciano Mijares", "the death toll had risen")],
        ),
        (  # an agreement cannot want; a person can
            "The agreement seeks to remove tariffs on most goods. "
            "Ms Lee wants to lower tariffs further.",
            [("indirect", "Lee", "to lower tariffs further")],
        ),
        (  # what is called something belongs to the statement
            'Tom Watson called the deal "lousy".',
            [("mixed", "Tom Watson", 'the deal "lousy"')],
        ),
        (  # a document named through its owner's pronoun
            "The Transport Safety Board said the crash was under review. "
            "Its website notes that its operations center is still open.",
            [
                ("indirect", "Transport Safety Board", "the crash was under review"),
                (
                    "indirect",
                    "Transport Safety Board website",
                    "its operations center is still open",
                ),
            ],
        ),
        (  # a country named by what it is; a report that is the study spoken of before
            "Ricardo Rosselló is the governor of Puerto Rico. According to the commonwealth's "
            "constitution, the Secretary of State would succeed the governor. A study by "
            "Imperial College London was published on Friday. The report reads: "
            '"It is likely that the outbreak has caused more cases."',
            [
                (
                    "indirect",
                    "Puerto Rico constitution",
                    "the Secretary of State would succeed the governor",
                ),
                (
                    "direct",
                    "Imperial College London study",
                    '"It is likely that the outbreak has caused more cases."',
                ),
            ],
        ),
        (  # "reads the report" after the quotation; a person reading says nothing
            'A study by Imperial College London was published. "It is likely that the outbreak '
            'has caused more cases", reads the report. He reads the paper every day.',
            [
                (
                    "direct",
                    "Imperial College London study",
                    '"It is likely that the outbreak has caused more cases"',
                )
            ],
        ),
    ],
)
def test_names_intentions_naming_and_websites(nlp, text, expected):
    assert found(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # an object described as something: the description belongs to the statement
            '"We will use the full force of the law," said Delfin Lorenzana; he described the '
            'attacks as a "dastardly act".',
            [
                ("direct", "Delfin Lorenzana", '"We will use the full force of the law,"'),
                ("mixed", "Delfin Lorenzana", 'the attacks as a "dastardly act"'),
            ],
        ),
        (  # a gerund after any cue
            "Tipton recalled going to anime conventions with her friends.",
            [("indirect", "Tipton", "going to anime conventions with her friends")],
        ),
        (  # a document reads; footage is not a source
            'The report reads: "The outbreak has caused more cases than reported." '
            "Video footage shows the first bomb went off during Mass.",
            [("direct", "The report", '"The outbreak has caused more cases than reported."')],
        ),
        (  # a negated denial is a hedge, still a statement
            "The study did not exclude the possibility of human-to-human transmission.",
            [("indirect", "The study", "the possibility of human-to-human transmission")],
        ),
        (  # "they": a group of a named person and others, not a country named by an adjective
            "Egyptian foreign minister Sameh Shoukry and his French counterparts met in Cairo on "
            "Wednesday. The Italian foreign minister joined the talks as an observer. They "
            "concluded that the agreement was void.",
            [
                (
                    "indirect",
                    "Egyptian foreign minister Sameh Shoukry and his French counterparts",
                    "the agreement was void",
                )
            ],
        ),
        (  # a title phrase closed by the name, with no comma: the named person speaks
            "Senator Ann Hill and incoming chair of the House Budget Committee Representative "
            "Paul Reyes questioned the plan's cost.",
            [("indirect", "Ann Hill and Paul Reyes", "the plan's cost")],
        ),
        (  # an organisation described by its owner is the one named after its owner
            "Nora Blake died on Monday. Blake's animal foundation said she had been in good "
            "health. In 1978 she founded the Nora Blake Animal Foundation.",
            [("indirect", "Nora Blake Animal Foundation", "she had been in good health")],
        ),
        (  # a second complement right after the first continues the statement
            "Director Lena Park said the label had to be easy to read and, to prevent "
            "confusion, it must not cite any specific brand, per the rules.",
            [
                (
                    "indirect",
                    "Lena Park",
                    "the label had to be easy to read and, to prevent confusion, it must not "
                    "cite any specific brand, per the rules",
                )
            ],
        ),
        (  # what a naming cue says of its object is a statement; a name given is not
            "The campaign called the charges unsubstantiated. They called the storm Ida.",
            [("indirect", "The campaign", "the charges unsubstantiated")],
        ),
        (  # a subject the parser lost to a reduced relative
            "On Tuesday, Greek prime minister Kyriakos Mitsotakis speaking to the Atlantic "
            'Council think tank called the border agreement "null and void".',
            [("mixed", "Kyriakos Mitsotakis", 'the border agreement "null and void"')],
        ),
        (  # telling someone to do something is an order
            "Mr. Obama, who knew a push would be fruitless, told his advisers to figure out how "
            "to cut emissions without Congress.",
            [
                (
                    "indirect",
                    "Obama",
                    "to figure out how to cut emissions without Congress",
                )
            ],
        ),
        (  # a complement the parser hung as an adverbial clause
            "Trump said after the convention he would not accept Cruz's endorsement.",
            [("indirect", "Trump", "he would not accept Cruz's endorsement")],
        ),
        (  # ... or as a relative clause on the one told
            "In Honolulu, Obama told a meeting of Pacific Island leaders that few people "
            "understood the stakes of climate change better than they did.",
            [
                (
                    "indirect",
                    "Obama",
                    "few people understood the stakes of climate change better than they did",
                )
            ],
        ),
        (  # the part before a parenthetical cue is no statement without a verb
            "During his years in office, Mr. Obama said, most Americans have come to accept "
            "the science. Day, the family said, desired no memorials.",
            [
                ("indirect", "Obama", "most Americans have come to accept the science"),
                ("indirect", "the family", "desired no memorials"),
            ],
        ),
        (  # a programme's title after the cue is not what was said
            "Johnson tells MSNBC’s “Morning Joe” on Friday that the attack remains under "
            "investigation.",
            [("indirect", "Johnson", "the attack remains under investigation")],
        ),
        (  # a gerund after a phrase cue's preposition
            "President Obama called for reducing the corporate tax rate to 28 percent.",
            [("indirect", "Obama", "reducing the corporate tax rate to 28 percent")],
        ),
        (  # "X continued:" at the end of a paragraph, the quotation in the next one
            'Caddell continued:\n\n"The health issue is a partisan issue, but that does not '
            'account for all of it."\n\nThen he left.',
            [
                (
                    "direct",
                    "Caddell",
                    '"The health issue is a partisan issue, but that does not account for all '
                    'of it."',
                )
            ],
        ),
        (  # a report named by a noun with its owner; without an owner, nobody's
            "Mr. Trump spoke on Monday. Contrary to his claim that people would learn nothing, "
            "the returns would tell a lot. The plan to build a wall failed. Donald Trump's "
            "assertion that the election was rigged drew criticism.",
            [
                ("indirect", "Donald Trump", "people would learn nothing"),
                ("indirect", "Donald Trump", "the election was rigged"),
            ],
        ),
        (  # "its" takes up the organisation spoken of
            "The company announced a deal. Its intention to grow its chain in Poland is clear.",
            [
                ("indirect", "The company", "a deal"),
                ("indirect", "The company", "to grow its chain in Poland"),
            ],
        ),
        (  # a source the parser read as a verb and its object
            "Trump demeaned women with sexist language, according to show insiders.",
            [("indirect", "show insiders", "Trump demeaned women with sexist language")],
        ),
        (  # a coalition can want
            "The Central and East European Coalition, which represents millions of Americans, "
            "wants to preserve its non-endorsement policy.",
            [
                (
                    "indirect",
                    "The Central and East European Coalition",
                    "to preserve its non-endorsement policy",
                )
            ],
        ),
        (  # a sentence that opens on a document reports it, unless a cue names the speaker
            "In the previous national poll, conducted in early September, Clinton led Trump by "
            "5 points. In a statement, Anna Berg said prices rose. In so ruling, the court "
            "broke new ground.",
            [
                ("indirect", "the previous national poll", "Clinton led Trump by 5 points"),
                ("indirect", "Anna Berg", "prices rose"),
            ],
        ),
        (  # charts and slides show findings; footage is no source
            "Another slide shows that most avocados are grown in Mexico. Video footage shows "
            "the bomb went off during Mass.",
            [("indirect", "Another slide", "most avocados are grown in Mexico")],
        ),
        (  # the name between the quotation and its cue, which the parser hung elsewhere
            "“He's absolutely right. There's a severe disconnect between this White House and "
            "our military,” Flynn, a top Trump surrogate, said Thursday morning on Fox News.",
            [
                (
                    "direct",
                    "Flynn",
                    "“He's absolutely right. There's a severe disconnect between this White "
                    "House and our military,”",
                ),
            ],
        ),
        (  # a person in apposition to another person right before the cue is the speaker
            "To understand the real Dred Scott, Chief Justice Roberts said, one should visit "
            "this museum.",
            [("indirect", "Roberts", "one should visit this museum")],
        ),
        (  # "the PM" is the prime minister named before
            "Prime Minister Narendra Modi on Sunday said the government would not back down. "
            "The PM added that farmers would benefit.",
            [
                ("indirect", "Narendra Modi", "the government would not back down"),
                ("indirect", "Narendra Modi", "farmers would benefit"),
            ],
        ),
        (  # "the 45-year-old" is the person the article gave that age
            "Police arrested a 45-year-old man, John Smith, on Friday. Maria Lopez, 32, saw "
            "it. The 45-year-old said he was innocent. The 32-year-old said she was shocked.",
            [
                ("indirect", "John Smith", "he was innocent"),
                ("indirect", "Maria Lopez", "she was shocked"),
            ],
        ),
        (  # verbs of criticism that are also verbs of force report only for speakers
            "Critics slammed the plan as reckless. The explosion blasted the windows. Trump "
            "hailed the agreements as the dawn of a new era. Mining companies blasted sacred "
            "sites.",
            [
                ("indirect", "Critics", "the plan as reckless"),
                ("indirect", "Trump", "the agreements as the dawn of a new era"),
            ],
        ),
        (  # "the spokesperson" takes up the unnamed one introduced before
            "Interpol received the request. An Interpol spokesperson said the agency had no "
            "comment. The spokesperson added that it would not consider such requests.",
            [
                ("indirect", "An Interpol spokesperson", "the agency had no comment"),
                ("indirect", "An Interpol spokesperson", "it would not consider such requests"),
            ],
        ),
        (  # more verbs of speech: quipped, countered, opined
            "Brendan Fraser quipped that he still had dust in his shoes. Hunter Biden countered "
            "that people were learning to die with it.",
            [
                ("indirect", "Brendan Fraser", "he still had dust in his shoes"),
                ("indirect", "Hunter Biden", "people were learning to die with it"),
            ],
        ),
        (  # the one quoted, through a passive of quoting; a purpose clause is nobody's report
            "Mary Smith was quoted as saying the plan would fail. Tom Reed is reported to have "
            "said that the plan would work. Red notices are declared to ask the police to "
            "find a person.",
            [
                ("indirect", "Mary Smith", "the plan would fail"),
                ("indirect", "Tom Reed", "the plan would work"),
            ],
        ),
        (  # "as X put it", "as X noted": the clause the cue comments on
            "As Mary Smith put it, the plan would fail. As Tom Reed noted, the plan failed.",
            [
                ("indirect", "Mary Smith", "the plan would fail"),
                ("indirect", "Tom Reed", "the plan failed"),
            ],
        ),
        (  # phrase cues whose noun takes the "that"-clause
            "Mary Smith made the case that the plan would fail. Tom Reed made clear that it "
            "would not. Ann Lee raised the possibility that it would be delayed.",
            [
                ("indirect", "Mary Smith", "the plan would fail"),
                ("indirect", "Tom Reed", "it would not"),
                ("indirect", "Ann Lee", "it would be delayed"),
            ],
        ),
        (  # a "that"-clause the parser hung on the statement a speaker made it in; a group
            # with what qualifies it
            "The Met Police said in a statement that two men had been arrested. Sources close "
            "to the minister said he would resign.",
            [
                ("indirect", "Metropolitan Police", "two men had been arrested"),
                ("indirect", "Sources close to the minister", "he would resign"),
            ],
        ),
        (  # a clause of time is not what was said; a question after "asked if" is
            "Eric Garner, gasping on a sidewalk, said before he died. Anna Berg asked if he "
            "would go.",
            [("indirect", "Anna Berg", "if he would go")],
        ),
        (  # an evaluation of a thing named by a noun phrase is a stance on it
            "The senator criticized the decision. According to MSNBC, basically.",
            [("indirect", "The senator", "the decision")],
        ),
    ],
)
def test_descriptions_gerunds_and_sources_that_can_speak(nlp, text, expected):
    assert found(nlp, text) == expected


def test_a_dateline_is_not_the_subject_of_the_first_sentence(nlp):
    doc = nlp(
        "WASHINGTON -- President Obama, dedicating the museum on Saturday, said it would tell "
        "an American story.\n\nLOS ANGELES, Sept. 28 (UPI) — Mary Blige said the song was "
        "about hope."
    )
    assert [(q.speaker_mention.text, q.speaker) for q in quotes(doc)] == [
        ("President Obama", "Obama"),
        ("Mary Blige", "Mary Blige"),
    ]
