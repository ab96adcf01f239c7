"""claimscope: an analyst workbook for the news.

Who said what, about whom, when, in whose words, and who contradicts whom.
"""

__version__ = "0.1.0"
