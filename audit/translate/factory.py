"""Name a model and an engine, get a cached Translator: the one entry point callers use."""

from __future__ import annotations

from pathlib import Path

from audit.translate.base import ModelError
from audit.translate.cache import CachedTranslator, TranslationCache
from audit.translate.ct2 import Ct2Translator
from audit.translate.marian import MarianTranslator
from audit.translate.models import resolve

ENGINES = ("transformers", "ct2")


def make_translator(spec: str, engine: str = "transformers", beams: int = 1, quantization: str = "int8",
                    cache: TranslationCache | None | bool = True, device: str | None = None,
                    revision: str | None = None, cache_root: Path | None = None, threads: int | None = None):
    """A Translator for model `spec` (a directory or hub id). Raises ModelError (bad model,
    exit 2) or ModelUnavailable (not here, hub unreachable). Nothing heavy is imported until
    the first text that is not in the cache is translated. `threads` None: the CPUs this
    process may use, shared with the gate's other workers (audit.translate.threads)."""
    if engine not in ENGINES:
        raise ModelError(f"unknown engine {engine!r} (choose from: {', '.join(ENGINES)})")
    source = resolve(spec, revision)
    if engine == "ct2":

        inner = Ct2Translator(source, beams=beams, device=device, quantization=quantization, cache_root=cache_root,
                             threads=threads)
    else:

        inner = MarianTranslator(source, beams=beams, device=device, threads=threads)
    if cache is False or cache is None:
        return inner
    return CachedTranslator(inner, cache if isinstance(cache, TranslationCache) else TranslationCache())
