"""Who a mention refers to: names, pronouns, titles and places resolved to canonical speakers.

:class:`ReferenceResolver` reads one ``Doc`` (annotated by ``claimscope_entities``) in order and
keeps the people it has met with their titles, affiliation and gender, so that later mentions
("he", "the committee chairman", "the Russian leader", "Washington") resolve to a canonical
name. It works offline from the parse and the rules in ``rules/``; it downloads nothing.

What the article says about each person is read in :mod:`.people`, the walk and the resolution
rules are in :mod:`.resolver`, and the phrases they read from the parse in :mod:`.phrases`.
"""

from claimscope.extract.speakers.people import Person, Referent
from claimscope.extract.speakers.resolver import ReferenceResolver

__all__ = [
    "Person",
    "ReferenceResolver",
    "Referent",
]
