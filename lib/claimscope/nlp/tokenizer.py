"""Tokenizer rules claimscope adds to the pipeline: dashes that sign a quotation are tokens of
their own."""

from __future__ import annotations

import spacy
from spacy.language import Language

#: Dashes that sign a quotation ("“...”― Name") are split from the marks they touch.
_SIGNING_DASHES = "―—–"


def split_signing_dashes(nlp: Language) -> Language:
    """Teach ``nlp``'s tokenizer to split a dash from a quotation mark it touches ("”―",
    "”—Name"), and the horizontal bar (―) from words, so that quotations and their signatures
    are tokens of their own."""
    dashes = _SIGNING_DASHES
    tokenizer = nlp.tokenizer
    prefixes = [*nlp.Defaults.prefixes, "―"]
    suffixes = [*nlp.Defaults.suffixes, "―"]
    infixes = [*nlp.Defaults.infixes, rf"(?<=[”\"’])[{dashes}]", rf"[{dashes}](?=[“\"‘])"]
    tokenizer.prefix_search = spacy.util.compile_prefix_regex(prefixes).search
    tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    return nlp
