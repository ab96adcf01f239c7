"""Quote extraction on small texts parsed by the real pipeline, and on the sample article."""

from __future__ import annotations

import dataclasses
import functools
import json

import pytest

from claimscope.extract import quotes
from claimscope.rules.lexicon import load_lexicon
from conftest import SAMPLE, SEED_GOLD

pytestmark = pytest.mark.model


@functools.cache
def rules_only():
    """The packaged rules without the speaker model: the speakers the rules resolve, before the
    model decides whether it is sure enough to name them (tested on its own below)."""
    return dataclasses.replace(load_lexicon(), speaker_model=None)


def found(nlp, text):
    doc = nlp(text)
    return [(q.kind, q.speaker, q.content.text) for q in quotes(doc, lexicon=rules_only())]


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
            [("indirect", "ministry", "prices rose by ten percent")],
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
        "Irina Volkova, chairwoman of the city council’s transport committee, said the tram "
        "line was ready. The committee chairwoman added that fares would stay low."
    )
    speakers = [q.speaker for q in quotes(nlp(text))]
    assert speakers == ["Irina Volkova", "Irina Volkova"]


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
        "The geologist Priya Nandakumar and Senator Mark Deller spoke to the host.\n\n"
        '"BAKER: Why would the council wait until the spring?\n\n'
        '"DELLER: Well, look, this is no quiz on “Family Feud.” It is serious work.\n\n'
        "PN: This survey began in 1994, years before I came to the institute.\n\n"
        "Update: The campaign did not respond.\n"
        "Image: Jo Jorgensen for President\n"
    )
    assert found(nlp, text) == [
        ("indirect", "Bernie Sanders", "Clinton needs to change her approach to the race"),
        ("direct", "Baker", "Why would the council wait until the spring?"),
        (
            "direct",
            "Mark Deller",
            "Well, look, this is no quiz on “Family Feud.” It is serious work",
        ),
        (
            "direct",
            "Priya Nandakumar",
            "This survey began in 1994, years before I came to the institute",
        ),
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
            "According to a new report by The Economist, the network runs a registry of donors.",
            [("indirect", "Economist report", "the network runs a registry of donors")],
        ),
        (  # a clause that opens with a quoted fragment is mixed
            'The agency said "two workers" were injured in the blast.',
            [("mixed", "agency", '"two workers" were injured in the blast')],
        ),
        (  # an unnamed person described by office is who "she" takes up
            "Hannah Quist met the auditors on Tuesday. The chief of the fraud unit told the "
            'committee "Nobody looked at the accounts for years." She also said the files were '
            "kept poorly.",
            [
                ("direct", "chief of the fraud unit", '"Nobody looked at the accounts for years."'),
                ("indirect", "chief of the fraud unit", "the files were kept poorly"),
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
            "Acme, which makes soap, stressed it was trying to keep shelves stocked, "
            "according to the Gazette report.",
            [("indirect", "Acme", "it was trying to keep shelves stocked")],
        ),
        (  # the source phrase runs on after its source; the content is the main clause
            "The bakeries were unwilling to raise prices, according to a report from the "
            "Gazette on May 9 in which they said they would absorb the costs.",
            [
                ("indirect", "Gazette report", "The bakeries were unwilling to raise prices"),
                ("indirect", "bakeries", "they would absorb the costs"),
            ],
        ),
        (  # a relative clause on the source is not the content
            "Prices rose, according to the ministry, which blamed the war in the east.",
            [("indirect", "ministry", "Prices rose")],
        ),
        (  # between a verb and its complement, the phrase leaves the complement as content
            "The panel of three judges decided, according to the court's summary, "
            '"that the ban was void".',
            [("direct", "court's summary", '"that the ban was void"')],
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
        (  # a first name used alone is the one person of the article with that first name
            "Ines Kowalczyk studied the flow of water. Later, Ines said that the pressure falls.",
            [("indirect", "Ines Kowalczyk", "the pressure falls")],
        ),
        (  # the object of "prompted" is the one who declares, not the win
            "The narrow win prompted the chairman to declare that the race was over.",
            [("indirect", "chairman", "the race was over")],
        ),
        (  # a retort is a statement; troops firing back say nothing
            "Ines Kowalczyk fired back that the plan was unfair. The troops fired back at dawn.",
            [("indirect", "Ines Kowalczyk", "the plan was unfair")],
        ),
        (  # a group is named without what a comma sets off after it
            "Results of the Lake studies, published in a paper by Ann Roe in 1989, showed "
            "that yields fell.",
            [("indirect", "results of the Lake studies", "yields fell")],
        ),
        (  # titles are not part of the name
            "Chief Superintendent Graciano Mijares said the death toll had risen.",
            [("indirect", "Graciano Mijares", "the death toll had risen")],
        ),
        (  # an agreement cannot want; a person can
            "The accord seeks to end quotas on steel imports. "
            "Ms Lee wants to lower tariffs further.",
            [("indirect", "Lee", "to lower tariffs further")],
        ),
        (  # what is called something belongs to the statement
            'Tom Watson called the deal "lousy".',
            [("mixed", "Tom Watson", 'the deal "lousy"')],
        ),
        (  # a document named through its owner's pronoun
            "The Transport Safety Board said the crash was under review. "
            "Its website notes that its rescue hotline remains staffed.",
            [
                ("indirect", "Transport Safety Board", "the crash was under review"),
                (
                    "indirect",
                    "Transport Safety Board website",
                    "its rescue hotline remains staffed",
                ),
            ],
        ),
        (  # a country named by what it is; a report that is the study spoken of before
            "Pedro Ramos became the governor of Puerto Rico in May. According to the "
            "commonwealth's charter, the treasurer takes over when a governor leaves. A study by "
            "the University of Leeds appeared on Monday. The report reads: "
            '"The floods have displaced more families than were counted."',
            [
                (
                    "indirect",
                    "Puerto Rico charter",
                    "the treasurer takes over when a governor leaves",
                ),
                (
                    "direct",
                    "University of Leeds study",
                    '"The floods have displaced more families than were counted."',
                ),
            ],
        ),
        (  # "reads the report" after the quotation; a person reading says nothing
            'A study by the University of Leeds appeared. "The floods have displaced more '
            'families than were counted", reads the report. He reads the paper every day.',
            [
                (
                    "direct",
                    "University of Leeds study",
                    '"The floods have displaced more families than were counted"',
                )
            ],
        ),
    ],
)
def test_names_intentions_naming_and_websites(nlp, text, expected):
    assert found(nlp, text) == expected


def test_a_relative_pronoun_is_the_mention_of_the_speaker_it_stands_for(nlp):
    text = "The plan was backed by Mara Lind, who said it would cut costs."
    (quote,) = quotes(nlp(text), lexicon=rules_only())
    assert quote.speaker == "Mara Lind"
    mention = quote.speaker_mention
    assert (mention.text, text[mention.start : mention.end]) == ("who", "who")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # an object described as something: the description belongs to the statement
            '"We will find every one of those responsible," said Ramon Castillo; he described '
            'the bombing as a "cowardly crime".',
            [
                ("direct", "Ramon Castillo", '"We will find every one of those responsible,"'),
                ("mixed", "Ramon Castillo", 'the bombing as a "cowardly crime"'),
            ],
        ),
        (  # a gerund after any cue
            "Okafor recalled going to chess tournaments with her cousins.",
            [("indirect", "Okafor", "going to chess tournaments with her cousins")],
        ),
        (  # a document reads; footage is not a source
            'The report reads: "The drought has hurt more farms than estimated." '
            "Video footage shows the second blast hit the market.",
            [("direct", "report", '"The drought has hurt more farms than estimated."')],
        ),
        (  # a negated denial is a hedge, still a statement
            "The study did not exclude the possibility of fraud in the count.",
            [("indirect", "study", "the possibility of fraud in the count")],
        ),
        (  # "they": a group of a named person and others, not a country named by an adjective
            "Kenyan trade minister Ruth Wanjiru and her Ugandan counterparts met in Nairobi on "
            "Thursday. The Ethiopian trade minister joined the meeting as a guest. They "
            "concluded that the tariff was unfair.",
            [
                (
                    "indirect",
                    "Kenyan trade minister Ruth Wanjiru and her Ugandan counterparts",
                    "the tariff was unfair",
                )
            ],
        ),
        (  # a title phrase closed by the name, with no comma: the named person speaks
            "Mayor Ann Hill and incoming head of the city Planning Board Councillor Paul Reyes "
            "questioned the plan's cost.",
            [("indirect", "Ann Hill and Paul Reyes", "the plan's cost")],
        ),
        (  # an organisation described by its owner is the one named after its owner
            "Nora Blake died on Monday. Blake's animal foundation said she was cheerful until "
            "the end. In 1978 she founded the Nora Blake Animal Foundation.",
            [("indirect", "Nora Blake Animal Foundation", "she was cheerful until the end")],
        ),
        (  # a second complement right after the first continues the statement
            "Director Lena Park said the leaflet had to be short and, to avoid any doubt, it "
            "must not name a single supplier, per the guidance.",
            [
                (
                    "indirect",
                    "Lena Park",
                    "the leaflet had to be short and, to avoid any doubt, it must not name a "
                    "single supplier, per the guidance",
                )
            ],
        ),
        (  # what a naming cue says of its object is a statement; a name given is not
            "The campaign called the charges unsubstantiated. They called the storm Ida.",
            [("indirect", "campaign", "the charges unsubstantiated")],
        ),
        (  # a subject the parser lost to a reduced relative
            "On Monday, Dutch finance minister Pieter Jansen speaking to a banking forum in "
            'Brussels called the new rule "a gift to speculators".',
            [("mixed", "Pieter Jansen", 'the new rule "a gift to speculators"')],
        ),
        (  # telling someone to do something is an order
            "Ms. Warren, who had little time left, told her staff to find a way to fund the "
            "clinics without the council.",
            [("indirect", "Warren", "to find a way to fund the clinics without the council")],
        ),
        (  # a complement the parser hung as an adverbial clause
            "Rubio said after the debate he would not seek Bush's support.",
            [("indirect", "Rubio", "he would not seek Bush's support")],
        ),
        (  # ... or as a relative clause on the one told
            "In Lagos, Adeyemi told a gathering of regional mayors that few cities knew the "
            "cost of flooding better than theirs did.",
            [
                (
                    "indirect",
                    "Adeyemi",
                    "few cities knew the cost of flooding better than theirs did",
                )
            ],
        ),
        (  # the part before a parenthetical cue is no statement without a verb
            "Over her two terms, Ms. Keller said, most voters have come to trust the council. "
            "Nash, the family said, wanted no flowers.",
            [
                ("indirect", "Keller", "most voters have come to trust the council"),
                ("indirect", "family", "wanted no flowers"),
            ],
        ),
        (  # a programme's title after the cue is not what was said
            "Carter tells CNN’s “State of the Union” on Sunday that the budget talks have stalled.",
            [("indirect", "Carter", "the budget talks have stalled")],
        ),
        (  # a gerund after a phrase cue's preposition
            "Governor Marsh called for lowering the state sales tax to 5 percent.",
            [("indirect", "Marsh", "lowering the state sales tax to 5 percent")],
        ),
        (  # "X continued:" at the end of a paragraph, the quotation in the next one
            'Morrow continued:\n\n"The roads are a local question, but that does not explain '
            'the whole budget."\n\nThen he left.',
            [
                (
                    "direct",
                    "Morrow",
                    '"The roads are a local question, but that does not explain the whole budget."',
                )
            ],
        ),
        (  # a report named by a noun with its owner; without an owner, nobody's
            "Mr. Trump spoke on Monday. Contrary to his claim that voters would see no change, "
            "the bill raised taxes. The plan to build a wall failed. Donald Trump's "
            "assertion that the election was rigged drew criticism.",
            [
                ("indirect", "Donald Trump", "voters would see no change"),
                ("indirect", "Donald Trump", "the election was rigged"),
            ],
        ),
        (  # "its" takes up the organisation spoken of
            "The company announced a deal. Its intention to grow its chain in Poland is clear.",
            [
                ("indirect", "company", "a deal"),
                ("indirect", "company", "to grow its chain in Poland"),
            ],
        ),
        (  # a source the parser read as a verb and its object
            "The coach insulted players with crude language, according to team insiders.",
            [("indirect", "team insiders", "The coach insulted players with crude language")],
        ),
        (  # a coalition can want
            "The Baltic American Alliance, which speaks for thousands of families, wants to "
            "keep its neutral stance.",
            [("indirect", "Baltic American Alliance", "to keep its neutral stance")],
        ),
        (  # a sentence that opens on a document reports it, unless a cue names the speaker
            "In the latest state poll, taken in late June, Garcia led Moore by 7 points. In a "
            "statement, Anna Berg said prices rose. In so ruling, the court broke new ground.",
            [
                ("indirect", "latest state poll", "Garcia led Moore by 7 points"),
                ("indirect", "Anna Berg", "prices rose"),
            ],
        ),
        (  # charts and slides show findings; footage is no source
            "Another slide shows that most avocados are grown in Mexico. Video footage shows "
            "the second blast hit the market.",
            [("indirect", "another slide", "most avocados are grown in Mexico")],
        ),
        (  # the name between the quotation and its cue, which the parser hung elsewhere
            "“She is completely wrong. There is a deep split between this council and our "
            "police,” Harlow, a senior Reyes adviser, said Tuesday evening on local radio.",
            [
                (
                    "direct",
                    "Harlow",
                    "“She is completely wrong. There is a deep split between this council and "
                    "our police,”",
                ),
            ],
        ),
        (  # a person in apposition to another person right before the cue is the speaker
            "To see the real harbour, Chief Inspector Hale said, one should come at dawn.",
            [("indirect", "Hale", "one should come at dawn")],
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
            "Critics slammed the plan as reckless. The explosion blasted the windows. Pratt "
            "hailed the treaty as the start of a new chapter. Mining companies blasted the "
            "hillside.",
            [
                ("indirect", "critics", "the plan as reckless"),
                ("indirect", "Pratt", "the treaty as the start of a new chapter"),
            ],
        ),
        (  # "the spokesperson" takes up the unnamed one introduced before
            "Interpol received the request. An Interpol spokesperson said the agency had no "
            "comment. The spokesperson added that it would not consider such requests.",
            [
                ("indirect", "Interpol spokesperson", "the agency had no comment"),
                ("indirect", "Interpol spokesperson", "it would not consider such requests"),
            ],
        ),
        (  # more verbs of speech: quipped, countered, opined
            "Lena Ortiz quipped that she still had sand in her boots. Paul Dunne countered "
            "that people were learning to live with it.",
            [
                ("indirect", "Lena Ortiz", "she still had sand in her boots"),
                ("indirect", "Paul Dunne", "people were learning to live with it"),
            ],
        ),
        (  # the one quoted, through a passive of quoting; a purpose clause is nobody's report
            "Mary Smith was quoted as saying the plan would fail. Tom Reed is reported to have "
            "said that the plan would work. Such notices are declared to warn the "
            "public of a risk.",
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
        (  # a quotation the cue interrupts is both its parts
            "“The plan is dead,” Mary Smith said, “and we will not revive it.”",
            [
                ("direct", "Mary Smith", "“The plan is dead,”"),
                ("direct", "Mary Smith", "“and we will not revive it.”"),
            ],
        ),
        (  # the programme a speaker spoke on is no second part of the quotation
            "“He would be the best,” Tom Reed said on Channel Nine's “Morning Hour,” adding "
            "that he was tired.",
            [
                ("direct", "Tom Reed", "“He would be the best,”"),
                ("indirect", "Tom Reed", "he was tired"),
            ],
        ),
        (  # an "as" clause with content of its own says when, it comments on nothing
            "As Mary Smith lamented the fees, Tom Reed took a moment to wave. As long as Ann "
            "Lee insisted, the plan stood.",
            [],
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
                ("indirect", "sources close to the minister", "he would resign"),
            ],
        ),
        (  # a participle after a comma is the clause's: its subject speaks
            "Before the vote, Ortiz took a softer line, suggesting the council delay the plan.",
            [("indirect", "Ortiz", "the council delay the plan")],
        ),
        (  # a participle in a prepositional phrase: the one the phrase is about
            "After saying she was tired, Ms. Hale asked whether the meeting could end. Mr. Roy, "
            "after first denying it, admitted that he had left early.",
            [
                ("indirect", "Hale", "she was tired"),
                ("indirect", "Hale", "the meeting could end"),
                ("indirect", "Roy", "it"),
                ("indirect", "Roy", "he had left early"),
            ],
        ),
        (  # a clause of time is not what was said; a question after "asked if" is
            "Eric Garner, gasping on a sidewalk, said before he died. Anna Berg asked if he "
            "would go.",
            [("indirect", "Anna Berg", "if he would go")],
        ),
        (  # an evaluation of a thing named by a noun phrase is a stance on it
            "The senator criticized the decision. According to MSNBC, basically.",
            [("indirect", "senator", "the decision")],
        ),
    ],
)
def test_descriptions_gerunds_and_sources_that_can_speak(nlp, text, expected):
    assert found(nlp, text) == expected


def test_a_dateline_is_not_the_subject_of_the_first_sentence(nlp):
    doc = nlp(
        "WASHINGTON -- President Obama, opening the library on Friday, said it would serve "
        "every reader.\n\nLOS ANGELES, Sept. 28 (UPI) — Mary Blige said the song was "
        "about hope."
    )
    assert [(q.speaker_mention.text, q.speaker) for q in quotes(doc)] == [
        ("President Obama", "Obama"),
        ("Mary Blige", "Mary Blige"),
    ]


def test_the_speaker_model_withholds_an_unsure_inference_and_keeps_its_mention(nlp):
    # with the shipped weights, a bare description with nothing before it that names it is
    # below the threshold; a person named in the sentence is never withheld
    (unsure,) = quotes(nlp("According to the ministry, prices rose by ten percent."))
    assert unsure.speaker is None
    assert unsure.speaker_rule.startswith("withheld:")
    assert unsure.speaker_mention.text == "the ministry"
    (named,) = quotes(nlp("Anna Berg said that the bridge would reopen in May."))
    assert named.speaker == "Anna Berg"
    assert not named.speaker_rule.startswith("withheld")
