"""The Translator interface and the errors model loading raises."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from audit.errors import TqaError


@runtime_checkable
class Translator(Protocol):
    """Translates a batch of texts, preserving order. `model_id`, `revision` and `decoding`
    identify the outputs it would give, so a cache can key on them."""

    model_id: str
    revision: str
    decoding: str  # engine and decoding options, e.g. "transformers|beams:1"

    def translate(self, texts: list[str]) -> list[str]: ...


class ModelError(TqaError):
    """A model was named but cannot be used: no such directory, a corrupt checkpoint, an
    unknown hub id. Always exit 2: the user asked for this model."""


class ModelUnavailable(TqaError):
    """The model is not on this machine and cannot be downloaded (offline, hub unreachable).
    The back-translation stage turns this into a notice unless a model is required."""


class EngineBase:
    """What every engine keeps: the model it serves, its decoding options, and the key a cache
    uses (`model_id`, `revision`, `decoding`). Engines add their own options and state."""

    engine = "?"

    def __init__(self, source, beams: int, batch_size: int, device: str | None, max_new_tokens: int, options: str = ""):
        if beams < 1:
            raise ModelError("--beams must be 1 or more")
        self.source = source
        self.model_id = source.id
        self.revision = source.revision
        self.beams = beams
        self.batch_size = batch_size
        self.device = device
        self.max_new_tokens = max_new_tokens
        self.decoding = f"{self.engine}{options}|beams:{beams}|max:{max_new_tokens}"
