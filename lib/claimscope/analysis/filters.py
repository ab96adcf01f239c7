"""Which statements count in the rankings of speakers, and how many are set aside.

A ranking of "who gets quoted" is only as good as its speakers. The extractor keeps every
statement it finds, also those whose speaker it could not name (a pronoun it could not
resolve, "a source", a name the speaker model withheld) and those whose speaker it is unsure
of. Shown as they are, such statements top the charts: "I", "you", "we" and
"(unattributed)" are among the most quoted "speakers" of any corpus with interviews.

:func:`ranked_statements` is the one filter the report notebooks apply before they rank,
chart or tabulate speakers:

Unresolved statements (left out unless ``include_unresolved``)
    The quote has no canonical ``speaker``; or its canonical speaker is a bare pronoun; or the
    speaker model classes its speaker as one the text does not name
    (:data:`UNNAMED_SPEAKER_RULES`: "unnamed sources" from *reportedly*, "officials" from an
    unnamed organisation or person, "the study" from a description).
Low-confidence statements (left out below ``min_confidence``)
    A resolved speaker whose ``confidence`` is below the bar. Unresolved statements kept by
    ``include_unresolved`` are kept whatever their confidence: their low confidence is the
    reason they are unresolved.

The default bar, :data:`MIN_CONFIDENCE` (0.5), is where the confidence, the speaker model's
probability that the speaker is right (``rules/speaker_model.tsv``), stops being reliable.
Measured with ``benchmarks/eval_quotes.py`` on the news gold sets (the sample article and
the two Wikinews sets), the named speakers of statements below 0.5 were wrong (1 of 1),
those from 0.5 to 0.6 right 4 times in 5, from 0.6 to 0.7 22 times in 26 and from 0.7 to 0.8
36 times in 37. The model's own threshold (0.62), under which it withholds an inferred name,
would also set aside names the text states with a type the model trusts least: "Moscow" and
"Washington" on the sample (0.51 and 0.57, both right). On the 295-article Wikinews
extraction (3,544 statements, 611 of them unresolved) a bar of 0.5 sets aside 3 of the 2,933
resolved statements, 0.6 sets aside 49 (most of them a country speaking: "the US",
"Turkey"), 0.7 sets aside 163 and 0.8 sets aside 1,446 (most names found in the text score
from 0.7 to 0.8).

The page says openly what was set aside (:meth:`RankedStatements.note`), so a reader knows
the rankings are of named speakers only.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from claimscope.analysis.labels import clean_labels

#: Default ``min_confidence`` of the report notebooks (see the module docstring).
MIN_CONFIDENCE = 0.5

#: Values of ``quotes.speaker_rule`` for a speaker the text does not name: what the speaker
#: model pools as "unnamed" and "reportedly" (see :mod:`claimscope.rules.speakers`).
UNNAMED_SPEAKER_RULES: frozenset[str] = frozenset(
    {"reportedly", "unnamed-person", "unnamed-organisation", "description-text"}
)

#: Canonical speakers that are no one in particular: English personal pronouns.
PRONOUNS: frozenset[str] = frozenset(
    {"i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her"}
    | {"it", "its", "they", "them", "their", "one", "who"}
)


class FilterError(ValueError):
    """A filter parameter has a value that is no confidence or no switch."""


@dataclass(frozen=True)
class RankedStatements:
    """The statements kept for the rankings, and how many were set aside and why."""

    quotes: pd.DataFrame  # the rows kept, in table order
    total: int  # statements before the filter
    unresolved: int  # statements without a resolved speaker (kept when include_unresolved)
    low_confidence: int  # resolved statements below min_confidence (always left out)
    min_confidence: float
    include_unresolved: bool

    @property
    def left_out(self) -> int:
        """Statements not in :attr:`quotes`."""
        return self.total - len(self.quotes)

    def note(self, where: str = "in the speaker rankings, charts and tables") -> str:
        """One sentence saying what was set aside, e.g. "312 statements without a resolved
        speaker and 40 below confidence 0.6 are not in the speaker rankings ...".
        """
        bar = f"{self.min_confidence:g}"
        low = f"{self.low_confidence:,} {_statements(self.low_confidence)} below confidence {bar}"
        unresolved = (
            f"{self.unresolved:,} {_statements(self.unresolved)} without a resolved speaker"
        )
        if self.include_unresolved:
            head = f"{self.total:,} statements; {unresolved} are included (as written)"
            if self.low_confidence:
                return f"{head}; {low} {_are(self.low_confidence)} not {where}."
            return f"{head}."
        if not self.left_out:
            return (
                f"All {self.total:,} statements have a resolved speaker "
                f"at confidence {bar} or more."
            )
        parts = [p for n, p in ((self.unresolved, unresolved), (self.low_confidence, low)) if n]
        return (
            f"{len(self.quotes):,} of {self.total:,} statements; "
            f"{' and '.join(parts)} {_are(self.left_out)} not {where}."
        )


def _statements(n: int) -> str:
    return "statement" if n == 1 else "statements"


def _are(n: int) -> str:
    return "is" if n == 1 else "are"


def confidence_bar(value: object) -> float:
    """``min_confidence`` as a float from 0 to 1, from what papermill passes (a float, an
    integer, or a string with ``-r``).

    Raises:
        FilterError: the value is no number from 0 to 1.
    """
    if isinstance(value, bool):
        raise FilterError(f"min_confidence must be a number from 0 to 1, not {value!r}")
    try:
        bar = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise FilterError(f"min_confidence must be a number from 0 to 1, not {value!r}") from None
    if not 0.0 <= bar <= 1.0:
        raise FilterError(f"min_confidence must be from 0 to 1, not {bar:g}")
    return bar


def switch(value: object, name: str = "include_unresolved") -> bool:
    """A yes/no parameter from what papermill passes: a bool, or ``true``/``false``, ``1``/``0``,
    ``yes``/``no`` as text.

    Raises:
        FilterError: anything else.
    """
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if text in {"true", "1", "yes"}:
        return True
    if text in {"false", "0", "no", ""}:
        return False
    raise FilterError(f"{name} must be True or False, not {value!r}")


def unresolved_speakers(quotes: pd.DataFrame) -> pd.Series:
    """Which quotes have no resolved speaker (see the module docstring), as a boolean Series
    aligned with ``quotes``."""
    names = clean_labels(quotes["speaker"].astype("string")).astype("string")
    missing = names.isna() | (names == "")
    pronoun = names.str.casefold().isin(PRONOUNS).fillna(False)
    if "speaker_rule" in quotes.columns:
        unnamed = quotes["speaker_rule"].astype("string").isin(UNNAMED_SPEAKER_RULES)
        unnamed = unnamed.fillna(False)
    else:
        unnamed = pd.Series(False, index=quotes.index)
    return (missing | pronoun | unnamed).astype(bool)


def ranked_statements(
    quotes: pd.DataFrame,
    *,
    min_confidence: object = MIN_CONFIDENCE,
    include_unresolved: object = False,
) -> RankedStatements:
    """The statements the rankings of speakers count (see the module docstring).

    Args:
        quotes: The ``quotes`` table (or any rows of it).
        min_confidence: Resolved statements below this ``confidence`` are left out (0 keeps
            them all); a float, an integer or a numeric string, from 0 to 1.
        include_unresolved: Keep the statements without a resolved speaker (they are then
            labelled by the speaker as written, else "(unattributed)").

    Returns:
        The kept rows and the counts of what was set aside.

    Raises:
        FilterError: a parameter has no usable value.
    """
    bar = confidence_bar(min_confidence)
    keep_unresolved = switch(include_unresolved)
    unresolved = unresolved_speakers(quotes).to_numpy(dtype=bool)
    confidence = pd.to_numeric(quotes["confidence"], errors="coerce").astype("float64")
    low = ~unresolved & ~(confidence >= bar).to_numpy(dtype=bool)  # a missing one is low
    keep = ~low & (~unresolved | keep_unresolved)
    return RankedStatements(
        quotes=quotes[keep],
        total=len(quotes),
        unresolved=int(unresolved.sum()),
        low_confidence=int(low.sum()),
        min_confidence=bar,
        include_unresolved=keep_unresolved,
    )


def timeline_of(
    timeline: pd.DataFrame, quotes: pd.DataFrame, *, events: bool = True
) -> pd.DataFrame:
    """The rows of the ``timeline`` table that date ``quotes`` (the statements kept by
    :func:`ranked_statements`, say), and the events (rows dating no statement) when
    ``events``; the statements left out do not reach the timeline as "(unattributed)"."""
    said = timeline["quote_id"].isin(set(quotes["quote_id"])).fillna(False)
    if events:
        said |= timeline["quote_id"].isna()
    return timeline[said.to_numpy(dtype=bool)].reset_index(drop=True)
