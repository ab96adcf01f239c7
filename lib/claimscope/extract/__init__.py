"""Extractors: pure functions from a processed ``Doc`` to records."""

from claimscope.extract.claims import claims
from claimscope.extract.mentions import mentions
from claimscope.extract.quotes import find_cues, quotes

__all__ = ["claims", "find_cues", "mentions", "quotes"]
