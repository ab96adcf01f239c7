"""The spaCy pipeline and what claimscope adds to it.

:mod:`~claimscope.nlp.model` loads the pipeline and adds claimscope's components:
``claimscope_paragraphs`` (:mod:`~claimscope.nlp.paragraphs`, sentence starts at paragraph breaks
and datelines, before the parser), ``claimscope_entities`` (:mod:`~claimscope.nlp.entities`,
entity labels corrected and mentions linked) and ``claimscope_quote_marks``
(:mod:`~claimscope.nlp.marks`, quoted passages), with the tokenizer rules of
:mod:`~claimscope.nlp.tokenizer`. :mod:`~claimscope.nlp.docs` names what the components leave on
a ``Doc``; :mod:`~claimscope.nlp.names` compares names.
"""
